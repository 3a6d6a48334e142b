#!/bin/sh
# Writes the IPVS metrics (`ipvsadm -L --metrics=prometheus`) into
# node_exporter's textfile directory, atomically: into a temporary file in
# the same directory (a name node_exporter ignores: not *.prom), then
# renamed over the old one, so a scrape never sees half a file. Run by
# ipvsadm-metrics.service (from ipvsadm-metrics.timer); see ipvsadm(8),
# METRICS. Knobs, from the environment (the unit reads
# /etc/default/ipvsadm-metrics or /etc/sysconfig/ipvsadm-metrics):
#   METRICS_DIR   the textfile directory (/var/lib/prometheus/node-exporter)
#   METRICS_FILE  the file name in it (ipvs.prom)
#   METRICS_ARGS  more ipvsadm options (--metrics-labels=service, --netns NAME)
#   IPVSADM       the program (ipvsadm, from PATH)
# On failure the old file stays (node_textfile_mtime_seconds shows its age)
# and the status is non-zero.
set -eu
dir=${METRICS_DIR:-/var/lib/prometheus/node-exporter}
file=${METRICS_FILE:-ipvs.prom}
case $file in
*/* | .* | "") echo "ipvsadm-metrics: bad METRICS_FILE '$file'" >&2; exit 2 ;;
esac
tmp=$(mktemp "$dir/.$file.XXXXXX")
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2086 # METRICS_ARGS is a list of words
"${IPVSADM:-ipvsadm}" -L --metrics=prometheus ${METRICS_ARGS:-} >"$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$dir/$file"
trap - EXIT
