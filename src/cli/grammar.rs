//! argv to `Invocation`, in the reference's order of events: the first
//! option must be a command; each later option is acted on as popt returns
//! it (`act.rs`; so option order matters: `-r` before `-t`, `-M` before an
//! IPv6 `-t`); then `--set`'s positionals, leftovers, `-b` flags, the
//! legality matrix, and the post-matrix checks of ipvsadm 1.31's
//! `process_options` (`checks.rs`). Pure: names go through the `Resolver`.

use std::net::{IpAddr, Ipv4Addr};

use super::addr;
use super::matrix::{Bit, Options};
use super::options::Opt;
use super::tokens::{Tok, Tokens};
use super::{Action, Command, Invocation, ListOptions};
use crate::error::Error;
use crate::model::{DaemonState, Dest, Family, ServiceFlags, Timeouts};
use crate::names::Resolver;

/// The reference's MAX_TIMEOUT (31 days), for `-p` and `--set`.
pub const MAX_TIMEOUT: i64 = 86400 * 31;
/// `-p` without a value (the man page says 300; the code uses 360).
pub const DEFAULT_PERSISTENT_TIMEOUT: u32 = 360;
pub const DEFAULT_SCHEDULER: &str = "wlc";
pub const DEFAULT_MCAST_IFN: &str = "eth0";

fn fail(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

/// The service as the reference's `ipvs_service_t` holds it while parsing:
/// the address family is unset until a service option sets it.
pub(super) struct Svc {
    pub(super) af: Option<Family>,
    pub(super) protocol: u16,
    pub(super) addr: IpAddr,
    pub(super) port: u16,
    pub(super) fwmark: u32,
    pub(super) sched: String,
    pub(super) pe: String,
    pub(super) flags: ServiceFlags,
    pub(super) timeout: u32,
    pub(super) netmask: u32,
}

/// The daemon fields of `--start-daemon` / `--stop-daemon`.
#[derive(Default)]
pub(super) struct DaemonOpts {
    pub(super) mcast_ifn: String,
    pub(super) syncid: u32,
    pub(super) sync_maxlen: Option<u16>,
    pub(super) mcast_group: Option<IpAddr>,
    pub(super) mcast_port: Option<u16>,
    pub(super) mcast_ttl: Option<u8>,
}

pub(super) struct Parser<'r> {
    pub(super) resolver: &'r dyn Resolver,
    pub(super) cmd: Command,
    pub(super) set: Options,
    pub(super) svc: Svc,
    pub(super) dest: Dest,
    pub(super) dest_af: Option<Family>,
    pub(super) daemon: DaemonOpts,
    pub(super) list: ListOptions,
    pub(super) sched_flags: Option<String>,
    pub(super) netns: Option<String>,
    pub(super) metrics_labels: super::DestLabels,
    pub(super) metrics_format: super::MetricsFormat,
}

/// Parse one command line; `args[0]` is the program name as invoked.
///
/// Matches ipvsadm 1.31: no arguments at all lists the table; the first
/// option must be a command (else the try-help line, exit 255); `-h` and
/// `-v` return at once. Our `--netns` may also come before the command.
pub fn parse<S: AsRef<str>>(args: &[S], resolver: &dyn Resolver) -> Result<Invocation, Error> {
    let words: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    parse_words(&words, resolver)
}

/// `parse` over words already borrowed (a restore's split line), without
/// collecting them again.
pub fn parse_words(args: &[&str], resolver: &dyn Resolver) -> Result<Invocation, Error> {
    let prog = args.first().copied().unwrap_or("ipvsadm");
    if args.len() <= 1 {
        return Ok(Invocation::new(Action::List(Default::default()), prog));
    }
    let try_help = || Error::TryHelp {
        prog: prog.to_string(),
    };
    let mut p = Parser::new(resolver);
    let mut toks = Tokens::new(&args[1..]);
    let first = loop {
        match toks.next_opt() {
            Some(Ok(t)) if t.spec.opt == Opt::Netns => p.option(&t)?,
            Some(Ok(t)) => break t,
            _ => return Err(try_help()),
        }
    };
    p.cmd = Command::of(first.spec.opt).ok_or_else(try_help)?;
    let daemon_state = match p.cmd {
        Command::Help | Command::Version => {
            let action = match p.cmd {
                Command::Help => Action::Help,
                _ => Action::Version,
            };
            let mut inv = Invocation::new(action, prog);
            inv.netns = p.netns;
            return Ok(inv);
        }
        Command::StartDaemon => Some(daemon_state(
            &first,
            "illegal start-daemon parameter specified",
        )?),
        Command::StopDaemon => Some(daemon_state(&first, "illegal start_daemon specified")?),
        _ => None,
    };
    while let Some(t) = toks.next_opt() {
        let t = t.map_err(|e| Error::Popt {
            opt: e.word,
            msg: e.kind.message().to_string(),
        })?;
        p.option(&t)?;
    }
    let mut positional = toks.leftovers().iter();
    let mut timeouts = Timeouts::default();
    if p.cmd == Command::SetTimeout {
        let (Some(tcp), Some(fin), Some(udp)) =
            (positional.next(), positional.next(), positional.next())
        else {
            return Err(fail("--set option requires 3 timeout values"));
        };
        timeouts = Timeouts::new(timeout(tcp, 0)?, timeout(fin, 0)?, timeout(udp, 0)?);
    }
    if let Some(word) = positional.next() {
        return Err(fail(format!("unexpected argument {word}")));
    }
    if let Some(arg) = p.sched_flags.take().filter(|a| !a.is_empty()) {
        p.svc.flags |= sched_flags(&p.svc.sched, &arg)?;
    }
    p.check()?;
    Ok(p.finish(prog, daemon_state, timeouts))
}

fn daemon_state(first: &Tok, err: &str) -> Result<DaemonState, Error> {
    match first.value {
        Some("master") => Ok(DaemonState::Master),
        Some("backup") => Ok(DaemonState::Backup),
        _ => Err(fail(err)),
    }
}

/// The reference's `parse_timeout`: `-p` (1..) and `--set` (0..).
pub(super) fn timeout(s: &str, min: i64) -> Result<u32, Error> {
    addr::number_in(s, min, MAX_TIMEOUT)
        .map(|n| n as u32)
        .ok_or_else(|| fail(format!("invalid timeout value `{s}' specified")))
}

/// `-b`, parsed after every option so `-b sh-port -s sh` works. An absent
/// scheduler counts as wlc. Unlike 1.31, a list with no flag in it (`-b ,`)
/// is a clean error instead of a segfault.
fn sched_flags(sched: &str, arg: &str) -> Result<ServiceFlags, Error> {
    use ServiceFlags as F;
    let sched = if sched.is_empty() {
        DEFAULT_SCHEDULER
    } else {
        sched
    };
    let mut flags = ServiceFlags::empty();
    let mut seen = false;
    for flag in arg.split(',').filter(|f| !f.is_empty()) {
        seen = true;
        let (bit, needs) = match flag {
            "flag-1" => (F::SCHED1, None),
            "flag-2" => (F::SCHED2, None),
            "flag-3" => (F::SCHED3, None),
            "sh-fallback" => (F::SCHED_SH_FALLBACK, Some("sh")),
            "sh-port" => (F::SCHED_SH_PORT, Some("sh")),
            "mh-fallback" => (F::SCHED_MH_FALLBACK, Some("mh")),
            "mh-port" => (F::SCHED_MH_PORT, Some("mh")),
            _ => return Err(fail(format!("invalid scheduler flag `{flag}'"))),
        };
        if needs.is_some_and(|s| s != sched) {
            return Err(fail(format!("incompatible scheduler flag `{flag}'")));
        }
        flags |= bit;
    }
    if !seen {
        return Err(fail(format!("invalid scheduler flag `{arg}'")));
    }
    Ok(flags)
}

/// The plain `-L` view flags: option, bit, field.
pub(super) type Field = fn(&mut ListOptions) -> &mut bool;
pub(super) const LIST_FLAGS: &[(Opt, Bit, Field)] = &[
    (Opt::Numeric, Bit::Numeric, |l| &mut l.numeric),
    (Opt::Connection, Bit::Connection, |l| &mut l.connection),
    (Opt::Timeout, Bit::Timeout, |l| &mut l.timeout),
    (Opt::Daemon, Bit::Daemon, |l| &mut l.daemon),
    (Opt::Stats, Bit::Stats, |l| &mut l.stats),
    (Opt::Rate, Bit::Rate, |l| &mut l.rate),
    (Opt::Thresholds, Bit::Thresholds, |l| &mut l.thresholds),
    (Opt::PersistentConn, Bit::PersistentConn, |l| {
        &mut l.persistent_conn
    }),
    (Opt::NoSort, Bit::NoSort, |l| &mut l.nosort),
    (Opt::Exact, Bit::Exact, |l| &mut l.exact),
    (Opt::TunInfo, Bit::TunInfo, |l| &mut l.tun_info),
];

pub(super) fn number(value: &str, min: i64, max: i64, err: &str) -> Result<i64, Error> {
    addr::number_in(value, min, max).ok_or_else(|| fail(err))
}

impl<'r> Parser<'r> {
    fn new(resolver: &'r dyn Resolver) -> Parser<'r> {
        Parser {
            resolver,
            cmd: Command::List,
            set: 0,
            svc: Svc {
                af: None,
                protocol: 0,
                addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                port: 0,
                fwmark: 0,
                sched: String::new(),
                pe: String::new(),
                flags: ServiceFlags::empty(),
                timeout: 0,
                netmask: 0xffff_ffff,
            },
            dest: Dest::default(),
            dest_af: None,
            daemon: DaemonOpts::default(),
            list: ListOptions::default(),
            sched_flags: None,
            netns: None,
            metrics_labels: Default::default(),
            metrics_format: Default::default(),
        }
    }

    /// Count an option: the reference's `set_option`.
    pub(super) fn count(&mut self, bit: Bit) -> Result<(), Error> {
        if self.set & bit.mask() != 0 {
            return Err(fail(format!("multiple '{}' options specified", bit.name())));
        }
        self.set |= bit.mask();
        Ok(())
    }
}
