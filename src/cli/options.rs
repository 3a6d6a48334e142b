//! The option table as data: every option the parser knows, with its long
//! name, short letter, whether it takes a value, and a one-line help. The
//! tokenizer looks options up here; the man-page test and shell completions
//! read the same table. Legality (which command allows what) lives in
//! `matrix.rs`, not here.

/// Every option and command the parser knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Opt {
    // Commands (only valid as the first option).
    AddService,
    EditService,
    DelService,
    Clear,
    List,
    Zero,
    AddServer,
    EditServer,
    DelServer,
    Set,
    Help,
    Version,
    Restore,
    Save,
    StartDaemon,
    StopDaemon,
    // Options.
    TcpService,
    UdpService,
    SctpService,
    FwmarkService,
    Scheduler,
    Persistent,
    Netmask,
    RealServer,
    Masquerading,
    Ipip,
    Gatewaying,
    Weight,
    UThreshold,
    LThreshold,
    Numeric,
    Connection,
    McastInterface,
    Syncid,
    Timeout,
    Daemon,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
    NoSort,
    Sort,
    Exact,
    Ipv6,
    Ops,
    Pe,
    SchedFlags,
    McastGroup,
    McastPort,
    McastTtl,
    SyncMaxlen,
    TunInfo,
    TunType,
    TunPort,
    TunNocsum,
    TunCsum,
    TunRemcsum,
    // Our additions (not in ipvsadm 1.31).
    Netns,
    Json,
    Table,
    FilterVip,
    FilterRip,
    FilterState,
    Metrics,
    MetricsConns,
    MetricsLabels,
}

/// Whether an option takes a value (popt's ARG_NONE, ARG_STRING and
/// ARG_STRING|ARGFLAG_OPTIONAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    None,
    Required,
    /// Taken only when attached (`-p300`, `--persistent=300`) or when the
    /// next word does not start with `-`.
    Optional,
}

/// One row of the option table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptSpec {
    pub opt: Opt,
    pub long: Option<&'static str>,
    pub short: Option<char>,
    pub arg: ArgKind,
    /// Placeholder for the value in help and completions.
    pub value_name: &'static str,
    pub help: &'static str,
    /// A command (must come first) rather than an option.
    pub is_command: bool,
    /// Our addition, not in the reference.
    pub extension: bool,
}

const fn spec(
    opt: Opt,
    long: Option<&'static str>,
    short: Option<char>,
    arg: ArgKind,
    value_name: &'static str,
    help: &'static str,
) -> OptSpec {
    OptSpec {
        opt,
        long,
        short,
        arg,
        value_name,
        help,
        is_command: false,
        extension: false,
    }
}

const fn cmd(
    opt: Opt,
    long: Option<&'static str>,
    short: Option<char>,
    help: &'static str,
) -> OptSpec {
    OptSpec {
        is_command: true,
        ..spec(opt, long, short, ArgKind::None, "", help)
    }
}

const fn ext(
    opt: Opt,
    long: &'static str,
    arg: ArgKind,
    value_name: &'static str,
    help: &'static str,
) -> OptSpec {
    OptSpec {
        extension: true,
        ..spec(opt, Some(long), None, arg, value_name, help)
    }
}

use ArgKind::{None as N, Optional as O, Required as R};

/// The table, in the order popt searches it (the first match wins, which
/// matters only for `--list`, shared by `-L` and `-l`).
#[rustfmt::skip]
pub const OPTIONS: &[OptSpec] = &[
    cmd(Opt::AddService, Some("add-service"), Some('A'), "add a virtual service"),
    cmd(Opt::EditService, Some("edit-service"), Some('E'), "edit a virtual service"),
    cmd(Opt::DelService, Some("delete-service"), Some('D'), "delete a virtual service"),
    cmd(Opt::Clear, Some("clear"), Some('C'), "remove every virtual service"),
    cmd(Opt::List, Some("list"), Some('L'), "list the table"),
    cmd(Opt::List, None, Some('l'), "list the table (same as -L)"),
    cmd(Opt::Zero, Some("zero"), Some('Z'), "reset the counters"),
    cmd(Opt::AddServer, Some("add-server"), Some('a'), "add a real server to a service"),
    cmd(Opt::EditServer, Some("edit-server"), Some('e'), "edit a real server"),
    cmd(Opt::DelServer, Some("delete-server"), Some('d'), "delete a real server"),
    cmd(Opt::Set, Some("set"), None, "set the tcp, tcpfin and udp timeouts"),
    cmd(Opt::Help, Some("help"), Some('h'), "print this help"),
    cmd(Opt::Version, Some("version"), Some('v'), "print the version"),
    cmd(Opt::Restore, Some("restore"), Some('R'), "read commands from standard input"),
    cmd(Opt::Save, Some("save"), Some('S'), "write the table as commands"),
    OptSpec { is_command: true, ..spec(Opt::StartDaemon, Some("start-daemon"), None, R, "state", "start a sync daemon (master|backup)") },
    OptSpec { is_command: true, ..spec(Opt::StopDaemon, Some("stop-daemon"), None, R, "state", "stop a sync daemon (master|backup)") },
    spec(Opt::TcpService, Some("tcp-service"), Some('t'), R, "service-address", "TCP service host[:port]"),
    spec(Opt::UdpService, Some("udp-service"), Some('u'), R, "service-address", "UDP service host[:port]"),
    spec(Opt::SctpService, Some("sctp-service"), None, R, "service-address", "SCTP service host[:port]"),
    spec(Opt::FwmarkService, Some("fwmark-service"), Some('f'), R, "fwmark", "service selected by a firewall mark"),
    spec(Opt::Scheduler, Some("scheduler"), Some('s'), R, "scheduler", "scheduling method (default wlc)"),
    spec(Opt::Persistent, Some("persistent"), Some('p'), O, "timeout", "persistence, optional timeout (default 360)"),
    spec(Opt::Netmask, Some("netmask"), Some('M'), R, "netmask", "persistence granularity mask or prefix"),
    spec(Opt::RealServer, Some("real-server"), Some('r'), R, "server-address", "real server host[:port]"),
    spec(Opt::Masquerading, Some("masquerading"), Some('m'), N, "", "forward by NAT"),
    spec(Opt::Ipip, Some("ipip"), Some('i'), N, "", "forward by tunnelling"),
    spec(Opt::Gatewaying, Some("gatewaying"), Some('g'), N, "", "forward by direct routing (default)"),
    spec(Opt::Weight, Some("weight"), Some('w'), R, "weight", "real server weight (default 1)"),
    spec(Opt::UThreshold, Some("u-threshold"), Some('x'), R, "uthreshold", "upper connection threshold"),
    spec(Opt::LThreshold, Some("l-threshold"), Some('y'), R, "lthreshold", "lower connection threshold"),
    spec(Opt::Numeric, Some("numeric"), Some('n'), N, "", "print addresses and ports as numbers"),
    spec(Opt::Connection, Some("connection"), Some('c'), N, "", "list connections"),
    spec(Opt::McastInterface, Some("mcast-interface"), None, R, "interface", "sync daemon interface (default eth0)"),
    spec(Opt::Syncid, Some("syncid"), None, R, "sid", "sync daemon id (default 0)"),
    spec(Opt::Timeout, Some("timeout"), None, N, "", "list the tcp, tcpfin and udp timeouts"),
    spec(Opt::Daemon, Some("daemon"), None, N, "", "list the sync daemons"),
    spec(Opt::Stats, Some("stats"), None, N, "", "list with counters"),
    spec(Opt::Rate, Some("rate"), None, N, "", "list with rates"),
    spec(Opt::Thresholds, Some("thresholds"), None, N, "", "list with thresholds"),
    spec(Opt::PersistentConn, Some("persistent-conn"), None, N, "", "list with persistent connections"),
    spec(Opt::NoSort, Some("nosort"), None, N, "", "list in kernel order"),
    spec(Opt::Sort, Some("sort"), None, N, "", "ignored (sorting is the default)"),
    spec(Opt::Exact, Some("exact"), Some('X'), N, "", "print exact numbers"),
    spec(Opt::Ipv6, Some("ipv6"), Some('6'), N, "", "the fwmark service is IPv6 (after -f)"),
    spec(Opt::Ops, Some("ops"), Some('o'), N, "", "one-packet scheduling (UDP)"),
    spec(Opt::Pe, Some("pe"), None, R, "engine", "persistence engine (sip)"),
    spec(Opt::SchedFlags, Some("sched-flags"), Some('b'), R, "flags", "scheduler flags, comma-separated"),
    spec(Opt::McastGroup, Some("mcast-group"), None, R, "address", "sync multicast group"),
    spec(Opt::McastPort, Some("mcast-port"), None, R, "port", "sync multicast port"),
    spec(Opt::McastTtl, Some("mcast-ttl"), None, R, "ttl", "sync multicast TTL"),
    spec(Opt::SyncMaxlen, Some("sync-maxlen"), None, R, "length", "largest sync message"),
    spec(Opt::TunInfo, Some("tun-info"), None, N, "", "list with tunnel details"),
    spec(Opt::TunType, Some("tun-type"), None, R, "type", "tunnel type ipip|gue|gre (default ipip)"),
    spec(Opt::TunPort, Some("tun-port"), None, R, "port", "tunnel destination port"),
    spec(Opt::TunNocsum, Some("tun-nocsum"), None, N, "", "tunnel without checksum"),
    spec(Opt::TunCsum, Some("tun-csum"), None, N, "", "tunnel with checksum"),
    spec(Opt::TunRemcsum, Some("tun-remcsum"), None, N, "", "tunnel with remote checksum offload"),
    ext(Opt::Netns, "netns", R, "name|path", "run in this network namespace"),
    ext(Opt::Json, "json", N, "", "list as JSON"),
    ext(Opt::Table, "table", N, "", "list as a table"),
    ext(Opt::FilterVip, "filter-vip", R, "address", "with -c: only this virtual address"),
    ext(Opt::FilterRip, "filter-rip", R, "address", "with -c: only this real server"),
    ext(Opt::FilterState, "filter-state", R, "state", "with -c: only this connection state"),
    ext(Opt::Metrics, "metrics", O, "format", "list as metrics: openmetrics (default) or prometheus text"),
    ext(Opt::MetricsConns, "metrics-conns", N, "", "with --metrics: count connection entries"),
    ext(Opt::MetricsLabels, "metrics-labels", R, "labels", "with --metrics: destination labels kept (service|dest_address,dest_port)"),
];

/// The option with this long name (exact match: popt takes no prefixes).
pub fn by_long(name: &str) -> Option<&'static OptSpec> {
    OPTIONS.iter().find(|s| s.long == Some(name))
}

/// The option with this short letter.
pub fn by_short(c: char) -> Option<&'static OptSpec> {
    OPTIONS.iter().find(|s| s.short == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, a) in OPTIONS.iter().enumerate() {
            for b in &OPTIONS[i + 1..] {
                assert!(a.short.is_none() || a.short != b.short, "{a:?}");
                assert!(a.long.is_none() || a.long != b.long, "{a:?}");
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(by_long("list").unwrap().opt, Opt::List);
        assert_eq!(by_short('l').unwrap().opt, Opt::List);
        assert!(by_long("lis").is_none());
        assert_eq!(by_short('p').unwrap().arg, ArgKind::Optional);
    }
}
