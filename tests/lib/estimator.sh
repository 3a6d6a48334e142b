# Sourced by tests/scenarios/lib.sh and by one-sided checks that count
# traffic (tests/checks/30-metrics.sh): waits for the kernel's stats
# estimator instead of sleeping a fixed time.
#
# The kernel folds its per-CPU counters into the ones it reports from its
# estimator, every 2 seconds (net/netfilter/ipvs/ip_vs_est.c), so counters
# read right after traffic can be stale. /proc/net/ip_vs_stats changes at
# every estimator tick while the rates of recent traffic decay; once it has
# changed twice, a whole estimator period has passed since the traffic
# ended. 20 s at most.
wait_estimator() {
    local before now changes=0 end
    end=$((${EPOCHREALTIME/./} + 20000000))
    IFS= read -r -d '' before </proc/net/ip_vs_stats
    while ((changes < 2)); do
        if ((${EPOCHREALTIME/./} > end)); then
            echo "# gave up after 20s waiting for two stats estimator ticks (saw $changes)"
            exit 3
        fi
        sleep 0.2
        IFS= read -r -d '' now </proc/net/ip_vs_stats
        if [ "$now" != "$before" ]; then
            changes=$((changes + 1))
            before=$now
        fi
    done
}
