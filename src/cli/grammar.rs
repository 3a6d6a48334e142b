//! argv to `Invocation`, in the reference's order of events: the first
//! option must be a command; each later option is acted on as popt returns
//! it (so option order matters: `-r` before `-t`, `-M` before an IPv6
//! `-t`); then `--set`'s positionals, leftovers, `-b` flags, the legality
//! matrix, and the post-matrix checks of ipvsadm 1.31's `process_options`.
//! Pure: names go through the `Resolver`.

use std::net::{IpAddr, Ipv4Addr};

use super::addr::{self, HostPort};
use super::matrix::{Bit, Options};
use super::options::Opt;
use super::tokens::{Tok, Tokens};
use super::{Command, Format, Invocation, ListOptions};
use crate::error::Error;
use crate::model::{proto, svc_flags, tun, DaemonState, Dest, Family, Forward, Timeouts};
use crate::names::Resolver;

/// The reference's MAX_TIMEOUT (31 days), for `-p` and `--set`.
pub const MAX_TIMEOUT: i64 = 86400 * 31;
/// `-p` without a value (the man page says 300; the code uses 360).
pub const DEFAULT_PERSISTENT_TIMEOUT: u32 = 360;
pub const DEFAULT_SCHEDULER: &str = "wlc";
pub const DEFAULT_MCAST_IFN: &str = "eth0";
/// Weights and thresholds: INT_MAX in the Debian binary (the source says
/// 65535 for the weight; the binary wins, see §0 of the behaviour notes).
const MAX_WEIGHT: i64 = i32::MAX as i64;

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
    pub(super) flags: u32,
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
}

/// The command an option starts, if it is one.
fn command_of(opt: Opt) -> Option<Command> {
    Some(match opt {
        Opt::AddService => Command::AddService,
        Opt::EditService => Command::EditService,
        Opt::DelService => Command::DelService,
        Opt::Clear => Command::Flush,
        Opt::List => Command::List,
        Opt::Zero => Command::Zero,
        Opt::AddServer => Command::AddServer,
        Opt::EditServer => Command::EditServer,
        Opt::DelServer => Command::DelServer,
        Opt::Set => Command::SetTimeout,
        Opt::Help => Command::Help,
        Opt::Version => Command::Version,
        Opt::Restore => Command::Restore,
        Opt::Save => Command::Save,
        Opt::StartDaemon => Command::StartDaemon,
        Opt::StopDaemon => Command::StopDaemon,
        _ => return None,
    })
}

/// Parse one command line; `args[0]` is the program name as invoked.
///
/// Matches ipvsadm 1.31: no arguments at all lists the table; the first
/// option must be a command (else the try-help line, exit 255); `-h` and
/// `-v` return at once. Our `--netns` may also come before the command.
pub fn parse(args: &[String], resolver: &dyn Resolver) -> Result<Invocation, Error> {
    let prog = args.first().map(String::as_str).unwrap_or("ipvsadm");
    if args.len() <= 1 {
        return Ok(Invocation::new(Command::List, prog));
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
    p.cmd = command_of(first.spec.opt).ok_or_else(try_help)?;
    let daemon_state = match p.cmd {
        Command::Help | Command::Version => {
            let mut inv = Invocation::new(p.cmd, prog);
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
        timeouts = Timeouts {
            tcp: timeout(tcp, 0)?,
            tcp_fin: timeout(fin, 0)?,
            udp: timeout(udp, 0)?,
        };
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
    match first.value.as_deref() {
        Some("master") => Ok(DaemonState::Master),
        Some("backup") => Ok(DaemonState::Backup),
        _ => Err(fail(err)),
    }
}

/// The reference's `parse_timeout`: `-p` (1..) and `--set` (0..).
fn timeout(s: &str, min: i64) -> Result<u32, Error> {
    addr::number_in(s, min, MAX_TIMEOUT)
        .map(|n| n as u32)
        .ok_or_else(|| fail(format!("invalid timeout value `{s}' specified")))
}

/// `-b`, parsed after every option so `-b sh-port -s sh` works. An absent
/// scheduler counts as wlc. Unlike 1.31, a list with no flag in it (`-b ,`)
/// is a clean error instead of a segfault.
fn sched_flags(sched: &str, arg: &str) -> Result<u32, Error> {
    use svc_flags::{SCHED1, SCHED2, SCHED3};
    let sched = if sched.is_empty() {
        DEFAULT_SCHEDULER
    } else {
        sched
    };
    let mut flags = 0;
    let mut seen = false;
    for flag in arg.split(',').filter(|f| !f.is_empty()) {
        seen = true;
        let (bit, needs) = match flag {
            "flag-1" => (SCHED1, None),
            "flag-2" => (SCHED2, None),
            "flag-3" => (SCHED3, None),
            "sh-fallback" => (SCHED1, Some("sh")),
            "sh-port" => (SCHED2, Some("sh")),
            "mh-fallback" => (SCHED1, Some("mh")),
            "mh-port" => (SCHED2, Some("mh")),
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
type Field = fn(&mut ListOptions) -> &mut bool;
const LIST_FLAGS: &[(Opt, Bit, Field)] = &[
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

fn number(value: &str, min: i64, max: i64, err: &str) -> Result<i64, Error> {
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
                flags: 0,
                timeout: 0,
                netmask: 0xffff_ffff,
            },
            dest: Dest::default(),
            dest_af: None,
            daemon: DaemonOpts::default(),
            list: ListOptions::default(),
            sched_flags: None,
            netns: None,
        }
    }

    /// Count an option: the reference's `set_option`.
    fn count(&mut self, bit: Bit) -> Result<(), Error> {
        if self.set & bit.mask() != 0 {
            return Err(fail(format!("multiple '{}' options specified", bit.name())));
        }
        self.set |= bit.mask();
        Ok(())
    }

    /// Act on one option after the command, as the reference's main
    /// option loop does.
    fn option(&mut self, t: &Tok) -> Result<(), Error> {
        let v = t.value.as_deref().unwrap_or("");
        match t.spec.opt {
            o if command_of(o).is_some() => {
                return Err(fail(format!("invalid option `{}'", t.word)))
            }
            o @ (Opt::TcpService | Opt::UdpService | Opt::SctpService) => {
                self.count(Bit::Service)?;
                self.svc.protocol = match o {
                    Opt::TcpService => proto::TCP,
                    Opt::UdpService => proto::UDP,
                    _ => proto::SCTP,
                };
                let hp = addr::parse_service(v, self.svc.protocol, self.resolver)
                    .ok_or_else(|| fail("illegal virtual server address[:port] specified"))?;
                self.set_service_addr(hp);
            }
            Opt::FwmarkService => {
                self.count(Bit::Service)?;
                self.svc.af = Some(Family::Inet);
                self.svc.protocol = proto::TCP;
                self.svc.fwmark = addr::parse_fwmark(v)
                    .ok_or_else(|| fail(format!("invalid fwmark value `{v}' specified")))?;
            }
            Opt::Scheduler => {
                self.count(Bit::Scheduler)?;
                self.svc.sched = addr::truncate_bytes(v, 15);
            }
            Opt::Persistent => {
                self.count(Bit::Persistent)?;
                self.svc.flags |= svc_flags::PERSISTENT;
                self.svc.timeout = match &t.value {
                    None => DEFAULT_PERSISTENT_TIMEOUT,
                    Some(s) => timeout(s, 1)?,
                };
            }
            Opt::Netmask => {
                self.count(Bit::Netmask)?;
                self.svc.netmask = if self.svc.af == Some(Family::Inet6) {
                    let n = addr::atoi(v) as u32;
                    if !(1..=128).contains(&n) {
                        return Err(fail("illegal ipv6 netmask specified"));
                    }
                    n
                } else {
                    addr::parse_netmask_v4(v, self.resolver)
                        .ok_or_else(|| fail("illegal virtual server persistent mask specified"))?
                };
            }
            Opt::RealServer => {
                self.count(Bit::Server)?;
                let hp = addr::parse_service(v, self.svc.protocol, self.resolver)
                    .ok_or_else(|| fail("illegal real server address[:port] specified"))?;
                self.dest_af = Some(Family::of(&hp.addr));
                self.dest.addr = hp.addr;
                // No port: the service port as known now (0 if -t comes later).
                self.dest.port = hp.port.unwrap_or(self.svc.port);
            }
            o @ (Opt::Masquerading | Opt::Ipip | Opt::Gatewaying) => {
                self.count(Bit::Forward)?;
                self.dest.fwd = match o {
                    Opt::Masquerading => Forward::Masq,
                    Opt::Ipip => Forward::Tunnel,
                    _ => Forward::Route,
                };
            }
            Opt::Weight => {
                self.count(Bit::Weight)?;
                self.dest.weight = number(v, 0, MAX_WEIGHT, "illegal weight specified")? as u32;
            }
            Opt::UThreshold => {
                self.count(Bit::UThreshold)?;
                self.dest.u_threshold =
                    number(v, 0, MAX_WEIGHT, "illegal u_threshold specified")? as u32;
            }
            Opt::LThreshold => {
                self.count(Bit::LThreshold)?;
                self.dest.l_threshold =
                    number(v, 0, MAX_WEIGHT, "illegal l_threshold specified")? as u32;
            }
            Opt::McastInterface => {
                self.count(Bit::McastIfn)?;
                self.daemon.mcast_ifn = addr::truncate_bytes(v, 15);
            }
            Opt::Syncid => {
                self.count(Bit::Syncid)?;
                self.daemon.syncid = number(v, 0, 255, "illegal syncid specified")? as u32;
            }
            Opt::Sort => {}
            Opt::Ipv6 => {
                if self.svc.fwmark == 0 {
                    return Err(fail("-6 used before -f\n"));
                }
                self.svc.af = Some(Family::Inet6);
                self.svc.netmask = 128;
            }
            Opt::Ops => {
                self.count(Bit::Ops)?;
                self.svc.flags |= svc_flags::ONEPACKET;
            }
            Opt::Pe => {
                self.count(Bit::Pe)?;
                self.svc.pe = addr::truncate_bytes(v, 16);
            }
            Opt::SchedFlags => {
                self.count(Bit::SchedFlags)?;
                // The reference copies the list into a 128-byte buffer.
                self.sched_flags = Some(addr::truncate_bytes(v, 127));
            }
            _ => self.option2(t, v)?,
        }
        Ok(())
    }

    /// The rest of the option loop: daemon, tunnel, list flags and ours.
    fn option2(&mut self, t: &Tok, v: &str) -> Result<(), Error> {
        match t.spec.opt {
            Opt::McastGroup => {
                self.count(Bit::McastGroup)?;
                self.daemon.mcast_group = Some(addr::parse_mcast_group(v).map_err(fail)?);
            }
            Opt::McastPort => {
                self.count(Bit::McastPort)?;
                self.daemon.mcast_port =
                    Some(number(v, 1, 65535, "illegal mcast-port specified")? as u16);
            }
            Opt::McastTtl => {
                self.count(Bit::McastTtl)?;
                self.daemon.mcast_ttl =
                    Some(number(v, 1, 255, "illegal mcast-ttl specified")? as u8);
            }
            Opt::SyncMaxlen => {
                self.count(Bit::SyncMaxlen)?;
                // 65535 - 20 (IPv4 header) - 8 (UDP header).
                self.daemon.sync_maxlen =
                    Some(number(v, 1, 65507, "illegal sync-maxlen specified")? as u16);
            }
            Opt::TunType => {
                self.count(Bit::TunType)?;
                self.dest.tun_type = match v {
                    "ipip" => tun::IPIP,
                    "gue" => tun::GUE,
                    "gre" => tun::GRE,
                    _ => return Err(fail("illegal tunnel type specified")),
                };
            }
            Opt::TunPort => {
                self.count(Bit::TunPort)?;
                self.dest.tun_port = number(v, 1, 65535, "illegal tunnel port specified")? as u16;
            }
            Opt::TunNocsum => {
                self.count(Bit::TunNocsum)?;
                self.dest.tun_flags |= tun::NOCSUM;
            }
            Opt::TunCsum => {
                self.count(Bit::TunCsum)?;
                self.dest.tun_flags |= tun::CSUM;
            }
            Opt::TunRemcsum => {
                self.count(Bit::TunRemcsum)?;
                self.dest.tun_flags |= tun::REMCSUM;
            }
            Opt::Netns => {
                self.count(Bit::Netns)?;
                self.netns = Some(v.to_string());
            }
            Opt::FilterVip => {
                self.count(Bit::FilterVip)?;
                self.list.conn_filter.vaddr = Some(v.to_string());
            }
            Opt::FilterRip => {
                self.count(Bit::FilterRip)?;
                self.list.conn_filter.raddr = Some(v.to_string());
            }
            Opt::FilterState => {
                self.count(Bit::FilterState)?;
                self.list.conn_filter.state = Some(v.to_string());
            }
            Opt::Json | Opt::Table => {
                let (bit, format) = match t.spec.opt {
                    Opt::Json => (Bit::Json, Format::Json),
                    _ => (Bit::Table, Format::Table),
                };
                self.count(bit)?;
                self.list.format = format;
            }
            opt => {
                if let Some(&(_, bit, field)) = LIST_FLAGS.iter().find(|(o, _, _)| *o == opt) {
                    self.count(bit)?;
                    *field(&mut self.list) = true;
                }
            }
        }
        Ok(())
    }

    fn set_service_addr(&mut self, hp: HostPort) {
        self.svc.af = Some(Family::of(&hp.addr));
        self.svc.addr = hp.addr;
        if hp.addr.is_ipv6() {
            self.svc.netmask = 128;
        }
        if let Some(port) = hp.port {
            self.svc.port = port;
        }
    }
}
