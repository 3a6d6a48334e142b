//! `-h` and `-v` texts (our own wording; the reference's is GPL and not
//! copied). Parsing does not use clap: popt's grammar (first option is the
//! command, order effects, its error classes) is not clap's; the shell
//! completions build a clap description of the option table in
//! tests/completions.rs.

use super::options::{ArgKind, Opt, OptSpec, OPTIONS};

/// The version line, without its newline. It starts with the reference's `ipvsadm v1.31` so
/// scripts that check the version keep working.
pub fn version_text() -> String {
    format!(
        "ipvsadm v1.31 (compatible; ipvsadm-rs {}, netlink, IPVS v1.2.1)",
        env!("CARGO_PKG_VERSION")
    )
}

fn spec_of(opt: Opt) -> impl Iterator<Item = &'static OptSpec> {
    OPTIONS.iter().filter(move |s| s.opt == opt)
}

/// One aligned help line for an option: `  --long  -s value   help`.
fn line(out: &mut String, s: &OptSpec) {
    let long = s.long.map(|l| format!("--{l}")).unwrap_or_default();
    let short = s.short.map(|c| format!("-{c}")).unwrap_or_default();
    let value = match s.arg {
        ArgKind::None => String::new(),
        ArgKind::Required => s.value_name.to_string(),
        ArgKind::Optional => format!("[{}]", s.value_name),
    };
    let left = format!("  {long:<18} {short:<3}{value}");
    out.push_str(&format!("{left:<40}{}\n", s.help));
}

fn section(out: &mut String, title: &str, opts: &[Opt]) {
    out.push_str(title);
    out.push('\n');
    for opt in opts {
        for s in spec_of(*opt) {
            line(out, s);
        }
    }
}

/// The `-h` text; `prog` is argv[0] as invoked.
pub fn help_text(prog: &str) -> String {
    let mut o = version_text();
    o.push('\n');
    let usage = [
        "-A|-E SERVICE [-s scheduler] [-p [timeout]] [-M netmask] [--pe engine] [-b flags] [-o]",
        "-D SERVICE",
        "-C",
        "-R",
        "-S [-n]",
        "-a|-e SERVICE -r server[:port] [-g|-i|-m] [-w weight] [-x upper] [-y lower] [TUNNEL]",
        "-d SERVICE -r server[:port]",
        "-L|-l [SERVICE] [-c] [-n] [--stats|--rate|--thresholds|--persistent-conn|--tun-info] [--exact] [--nosort]",
        "-L|-l --timeout|--daemon",
        "-L|-l [SERVICE] --metrics[=openmetrics|prometheus] [--metrics-labels labels] [--metrics-conns]",
        "-Z [SERVICE]",
        "--set tcp tcpfin udp",
        "--start-daemon master|backup [--mcast-interface ifname] [--syncid id] [DAEMON]",
        "--stop-daemon master|backup [--syncid id]",
        "-h|-v",
    ];
    o.push_str("Usage:\n");
    for u in usage {
        o.push_str(&format!("  {prog} {u}\n"));
    }
    o.push_str(
        "\nSERVICE is -t|-u|--sctp-service host[:port], or -f fwmark [-6].\n\
         Addresses may be names; [ipv6]:port needs the brackets and the port.\n\
         TUNNEL is --tun-type ipip|gue|gre [--tun-port port] [--tun-nocsum|--tun-csum|--tun-remcsum].\n\
         DAEMON is [--sync-maxlen len] [--mcast-group addr] [--mcast-port port] [--mcast-ttl ttl].\n\n",
    );
    section(
        &mut o,
        "Commands:",
        &[
            Opt::AddService,
            Opt::EditService,
            Opt::DelService,
            Opt::Clear,
            Opt::Restore,
            Opt::Save,
            Opt::AddServer,
            Opt::EditServer,
            Opt::DelServer,
            Opt::List,
            Opt::Zero,
            Opt::Set,
            Opt::StartDaemon,
            Opt::StopDaemon,
            Opt::Help,
            Opt::Version,
        ],
    );
    o.push('\n');
    section(
        &mut o,
        "Options:",
        &[
            Opt::TcpService,
            Opt::UdpService,
            Opt::SctpService,
            Opt::FwmarkService,
            Opt::Ipv6,
            Opt::Scheduler,
            Opt::Persistent,
            Opt::Netmask,
            Opt::Pe,
            Opt::SchedFlags,
            Opt::Ops,
            Opt::RealServer,
            Opt::Gatewaying,
            Opt::Ipip,
            Opt::Masquerading,
            Opt::TunType,
            Opt::TunPort,
            Opt::TunNocsum,
            Opt::TunCsum,
            Opt::TunRemcsum,
            Opt::Weight,
            Opt::UThreshold,
            Opt::LThreshold,
            Opt::Connection,
            Opt::Timeout,
            Opt::Daemon,
            Opt::Stats,
            Opt::Rate,
            Opt::Thresholds,
            Opt::PersistentConn,
            Opt::TunInfo,
            Opt::Exact,
            Opt::NoSort,
            Opt::Sort,
            Opt::Numeric,
        ],
    );
    section(
        &mut o,
        "Daemon Options:",
        &[
            Opt::Syncid,
            Opt::SyncMaxlen,
            Opt::McastInterface,
            Opt::McastGroup,
            Opt::McastPort,
            Opt::McastTtl,
        ],
    );
    o.push('\n');
    section(
        &mut o,
        "Extensions (not in ipvsadm 1.31):",
        &[
            Opt::Netns,
            Opt::Json,
            Opt::Table,
            Opt::FilterVip,
            Opt::FilterRip,
            Opt::FilterState,
            Opt::Metrics,
            Opt::MetricsLabels,
            Opt::MetricsConns,
        ],
    );
    o.push_str(
        "\nSchedulers: rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh (default wlc).\n\
         Persistence engines: sip.\n\
         Scheduler flags: flag-1,flag-2,flag-3; sh-fallback,sh-port with sh; mh-fallback,mh-port with mh.\n\
         Forwarding defaults to -g (direct routing); the tunnel type defaults to ipip.\n",
    );
    o
}
