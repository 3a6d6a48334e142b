//! The option loop of the grammar: each option after the command acted on
//! as popt returns it, in the reference's order (ipvsadm 1.31's
//! `parse_options` loop), counted for the legality matrix. Grouped by what
//! the option sets: the virtual service, the real server, the sync daemon,
//! or the view (list flags and our additions).

use super::addr::{self, HostPort};
use super::grammar::{number, timeout, Parser, DEFAULT_PERSISTENT_TIMEOUT, LIST_FLAGS};
use super::matrix::Bit;
use super::options::Opt;
use super::tokens::Tok;
use super::{Command, DestLabels, Format, MetricsFormat};
use crate::error::Error;
use crate::model::{proto, Family, Forward, ServiceFlags, TunnelFlags, TunnelType};

/// Weights and thresholds: INT_MAX in the Debian binary (the source says
/// 65535 for the weight; the binary wins, see §0 of the behaviour notes).
const MAX_WEIGHT: i64 = i32::MAX as i64;

fn fail(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

impl Parser<'_> {
    /// Act on one option after the command. A command word here is an
    /// invalid option.
    pub(super) fn option(&mut self, t: &Tok) -> Result<(), Error> {
        let v = t.value.unwrap_or("");
        if Command::of(t.spec.opt).is_some() {
            return Err(fail(format!("invalid option `{}'", t.word)));
        }
        match t.spec.opt {
            Opt::TcpService
            | Opt::UdpService
            | Opt::SctpService
            | Opt::FwmarkService
            | Opt::Scheduler
            | Opt::Persistent
            | Opt::Netmask
            | Opt::Ipv6
            | Opt::Ops
            | Opt::Pe
            | Opt::SchedFlags => self.service_option(t, v),
            Opt::RealServer
            | Opt::Masquerading
            | Opt::Ipip
            | Opt::Gatewaying
            | Opt::Weight
            | Opt::UThreshold
            | Opt::LThreshold
            | Opt::TunType
            | Opt::TunPort
            | Opt::TunNocsum
            | Opt::TunCsum
            | Opt::TunRemcsum => self.server_option(t, v),
            Opt::McastInterface
            | Opt::Syncid
            | Opt::McastGroup
            | Opt::McastPort
            | Opt::McastTtl
            | Opt::SyncMaxlen => self.daemon_option(t, v),
            _ => self.view_option(t, v),
        }
    }

    /// `-t -u --sctp-service -f -s -p -M -6 -o --pe -b`.
    fn service_option(&mut self, t: &Tok, v: &str) -> Result<(), Error> {
        match t.spec.opt {
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
                self.svc.flags |= ServiceFlags::PERSISTENT;
                self.svc.timeout = match t.value {
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
            Opt::Ipv6 => {
                if self.svc.fwmark == 0 {
                    // Follows trixie's ipvsadm (1:1.31-5, Debian's patch for
                    // #610596); bookworm's 1:1.31-1 says "-6 used before -f".
                    return Err(fail("-6 must follow -f\n"));
                }
                self.svc.af = Some(Family::Inet6);
                self.svc.netmask = 128;
            }
            Opt::Ops => {
                self.count(Bit::Ops)?;
                self.svc.flags |= ServiceFlags::ONEPACKET;
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
            _ => unreachable!("option() routes only service options here"),
        }
        Ok(())
    }

    /// `-r -m -i -g -w -x -y` and the tunnel options.
    fn server_option(&mut self, t: &Tok, v: &str) -> Result<(), Error> {
        match t.spec.opt {
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
            Opt::TunType => {
                self.count(Bit::TunType)?;
                self.dest.tun_type = match v {
                    "ipip" => TunnelType::Ipip,
                    "gue" => TunnelType::Gue,
                    "gre" => TunnelType::Gre,
                    _ => return Err(fail("illegal tunnel type specified")),
                };
            }
            Opt::TunPort => {
                self.count(Bit::TunPort)?;
                self.dest.tun_port = number(v, 1, 65535, "illegal tunnel port specified")? as u16;
            }
            Opt::TunNocsum => {
                self.count(Bit::TunNocsum)?;
                self.dest.tun_flags |= TunnelFlags::NOCSUM;
            }
            Opt::TunCsum => {
                self.count(Bit::TunCsum)?;
                self.dest.tun_flags |= TunnelFlags::CSUM;
            }
            Opt::TunRemcsum => {
                self.count(Bit::TunRemcsum)?;
                self.dest.tun_flags |= TunnelFlags::REMCSUM;
            }
            _ => unreachable!("option() routes only server options here"),
        }
        Ok(())
    }

    /// `--mcast-interface --syncid --mcast-group --mcast-port --mcast-ttl
    /// --sync-maxlen`.
    fn daemon_option(&mut self, t: &Tok, v: &str) -> Result<(), Error> {
        match t.spec.opt {
            Opt::McastInterface => {
                self.count(Bit::McastIfn)?;
                self.daemon.mcast_ifn = addr::truncate_bytes(v, 15);
            }
            Opt::Syncid => {
                self.count(Bit::Syncid)?;
                self.daemon.syncid = number(v, 0, 255, "illegal syncid specified")? as u32;
            }
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
            _ => unreachable!("option() routes only daemon options here"),
        }
        Ok(())
    }

    /// The list flags, `--sort` (accepted, the default), and ours:
    /// `--netns`, the connection filters, `--json`, `--table`, `--metrics`
    /// and its options.
    fn view_option(&mut self, t: &Tok, v: &str) -> Result<(), Error> {
        match t.spec.opt {
            Opt::Sort => {}
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
            Opt::Metrics => {
                self.count(Bit::Metrics)?;
                self.metrics_format = match t.value {
                    None | Some("openmetrics") => MetricsFormat::OpenMetrics,
                    Some("prometheus") => MetricsFormat::Prometheus,
                    Some(_) => {
                        return Err(fail(format!(
                            "invalid metrics format `{v}': use openmetrics or prometheus"
                        )))
                    }
                };
            }
            Opt::MetricsConns => self.count(Bit::MetricsConns)?,
            Opt::MetricsLabels => {
                self.count(Bit::MetricsLabels)?;
                self.metrics_labels = DestLabels::parse(v).ok_or_else(|| {
                    fail(format!(
                        "invalid metrics-labels value `{v}': use service, dest_address or dest_port, comma-separated"
                    ))
                })?;
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
