#!/bin/sh
# ipvsadm-service: what the ipvsadm systemd units run (and what an init
# script can run): load the saved IPVS rules at start, save and clear them
# at stop. Two flavours, chosen by the unit:
#
#   --redhat  rules in /etc/sysconfig/ipvsadm; knobs IPVS_SAVE_ON_STOP,
#             IPVS_SAVE_ON_RESTART, IPVS_MODULES_UNLOAD, IPVS_STATUS_NUMERIC
#             in /etc/sysconfig/ipvsadm-config.
#   --debian  rules in /etc/ipvsadm.rules; AUTO, DAEMON, IFACE, SYNCID in
#             /etc/default/ipvsadm, meaning what Debian's init script made
#             them mean: AUTO=true loads the rules at start and clears the
#             table at stop (never saving it); DAEMON none|master|backup|both
#             starts and stops sync daemons (both: a master and a backup) on
#             IFACE with SYNCID.
#
# Usage: ipvsadm-service --redhat|--debian start|stop|restart|reload|status|save
# IPVSADM_RULES, IPVSADM_CONFIG and IPVSADM_DEFAULTS override the paths.
set -u
PATH=$PATH:/usr/sbin:/sbin:/usr/bin:/bin
me=ipvsadm-service

usage() {
    echo "usage: $me --redhat|--debian start|stop|restart|reload|status|save" >&2
    exit 2
}

[ $# -eq 2 ] || usage
flavour=$1 action=$2

# Knobs, with the defaults used when the config file does not set them.
IPVS_SAVE_ON_STOP=yes       # as RHEL's unit, which saves on every stop
IPVS_SAVE_ON_RESTART=yes
IPVS_MODULES_UNLOAD=no
IPVS_STATUS_NUMERIC=yes
AUTO=false
DAEMON=none
IFACE=eth0
SYNCID=0

case $flavour in
    --redhat)
        RULES=${IPVSADM_RULES:-/etc/sysconfig/ipvsadm}
        CONFIG=${IPVSADM_CONFIG:-/etc/sysconfig/ipvsadm-config}
        # shellcheck disable=SC1090
        [ -f "$CONFIG" ] && . "$CONFIG"
        AUTO=true ;;
    --debian)
        RULES=${IPVSADM_RULES:-/etc/ipvsadm.rules}
        CONFIG=${IPVSADM_DEFAULTS:-/etc/default/ipvsadm}
        # shellcheck disable=SC1090
        [ -f "$CONFIG" ] && . "$CONFIG"
        IPVS_SAVE_ON_STOP=no IPVS_SAVE_ON_RESTART=no IPVS_MODULES_UNLOAD=no ;;
    *) usage ;;
esac

say() { echo "$me: $*" >&2; }
is_on() { case $1 in [Yy][Ee][Ss] | [Tt][Rr][Uu][Ee] | 1) return 0 ;; esac; return 1; }

# The table, numeric, to the rules file; the old file stays if this fails.
save() {
    tmp=$(mktemp "$RULES.XXXXXX") || return 1
    if ipvsadm-save -n >"$tmp"; then
        [ -e "$RULES" ] && chmod "$(stat -c %a "$RULES")" "$tmp"
        mv -f "$tmp" "$RULES"
    else
        rc=$?
        rm -f "$tmp"
        say "saving the table to $RULES failed"
        return $rc
    fi
}

load() {
    if [ ! -f "$RULES" ]; then
        say "no rules in $RULES yet (ipvsadm-service $flavour save writes it)"
        return 0
    fi
    # ipvsadm-restore clears the table first.
    ipvsadm-restore <"$RULES"
}

# The sync daemon states DAEMON asks for, one a line.
daemon_states() {
    case $DAEMON in
        none | "") ;;
        master | backup) echo "$DAEMON" ;;
        both) printf 'master\nbackup\n' ;;
        *) say "DAEMON must be none, master, backup or both, not '$DAEMON'"; return 2 ;;
    esac
}

daemon_running() { ipvsadm -L --daemon | grep -q "^$1 sync daemon"; }

# A daemon already running is left alone: the old package's init script may
# have started it, and starting it twice is an error.
daemon_start() {
    states=$(daemon_states) || return
    drc=0
    for s in $states; do
        daemon_running "$s" && continue
        ipvsadm --start-daemon "$s" --mcast-interface "$IFACE" --syncid "$SYNCID" || drc=$?
    done
    return $drc
}

# Only running daemons: stopping another is an error.
daemon_stop() {
    states=$(daemon_states) || return
    drc=0
    for s in $states; do
        daemon_running "$s" || continue
        ipvsadm --stop-daemon "$s" --syncid "$SYNCID" || drc=$?
    done
    return $drc
}

unload_modules() {
    # Schedulers and engines first, ip_vs last.
    mods=$(awk '$1 ~ /^ip_vs_/ { print $1 }' /proc/modules)
    # shellcheck disable=SC2086
    [ -z "$mods" ] || rmmod $mods
    ! grep -q '^ip_vs ' /proc/modules || rmmod ip_vs
}

start() {
    rc=0
    if is_on "$AUTO"; then load || rc=$?; fi
    daemon_start || rc=$?
    return $rc
}

# $1: the knob that says whether to save first.
stop() {
    rc=0
    daemon_stop || rc=$?
    if is_on "$AUTO"; then
        if is_on "$1"; then save || return $?; fi
        ipvsadm -C || rc=$?
    fi
    if is_on "$IPVS_MODULES_UNLOAD"; then unload_modules || rc=$?; fi
    return $rc
}

case $action in
    start) start ;;
    stop) stop "$IPVS_SAVE_ON_STOP" ;;
    restart) stop "$IPVS_SAVE_ON_RESTART" && start ;;
    reload) load ;;
    save) save ;;
    status)
        if is_on "$IPVS_STATUS_NUMERIC"; then ipvsadm -L -n; else ipvsadm -L; fi
        ipvsadm -L --daemon ;;
    *) usage ;;
esac
