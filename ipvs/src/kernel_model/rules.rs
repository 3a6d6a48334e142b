//! The kernel's checks on one request's values, each a pure function that
//! returns the errno `net/netfilter/ipvs/ip_vs_ctl.c` (Linux 6.1) answers
//! with, named after the kernel function that makes the check. What needs
//! the table or the machine is asked by the caller (`super`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Route;
use crate::model::limits::{IP_VS_IFNAME_MAXLEN, IP_VS_PENAME_MAXLEN, IP_VS_SCHEDNAME_MAXLEN};
use crate::model::{Daemon, Dest, Family, Forward, Service, Timeouts, TunnelType};

pub type Errno = i32;

/// An `NLA_NUL_STRING` attribute with a maximum length, as
/// lib/nlattr.c `validate_nla` checks it when `ip_vs_genl_parse_*` parses
/// the nest (we send the text and a NUL): EINVAL when no NUL comes within
/// `max + 1` bytes, ERANGE when it is longer than `max` all the same. The
/// kernel then reads it up to the first NUL.
fn nul_string(s: &str, max: usize) -> Result<&str, Errno> {
    match s.find('\0') {
        None if s.len() > max => Err(libc::EINVAL),
        Some(_) if s.len() > max => Err(libc::ERANGE),
        Some(i) => Ok(&s[..i]),
        None => Ok(s),
    }
}

/// The scheduler and persistence engine names as `ip_vs_svc_policy` lets
/// them through (IPVS_SVC_ATTR_SCHED_NAME: IP_VS_SCHEDNAME_MAXLEN - 1,
/// IPVS_SVC_ATTR_PE_NAME: IP_VS_PENAME_MAXLEN) and the kernel reads them.
/// No engine, or an empty name, is `""`.
pub fn service_names(s: &Service) -> Result<(&str, &str), Errno> {
    let sched = nul_string(s.scheduler.as_str(), IP_VS_SCHEDNAME_MAXLEN - 1)?;
    let pe = nul_string(s.pe_name.as_deref().unwrap_or(""), IP_VS_PENAME_MAXLEN)?;
    Ok((sched, pe))
}

/// The interface name as `ip_vs_daemon_policy` lets it through
/// (IPVS_DAEMON_ATTR_MCAST_IFN: IP_VS_IFNAME_MAXLEN) and
/// ip_vs_genl_new_daemon's `strlcpy` into a 16-byte buffer keeps it.
pub fn ifname(s: &str) -> Result<String, Errno> {
    let name = nul_string(s, IP_VS_IFNAME_MAXLEN)?;
    let mut end = name.len().min(IP_VS_IFNAME_MAXLEN - 1);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    Ok(name[..end].to_string())
}

/// ip_vs_add_service / ip_vs_edit_service: an IPv6 persistence netmask is
/// a prefix length 1..=128, else EINVAL. An IPv4 mask is not checked.
pub fn netmask(s: &Service) -> Result<(), Errno> {
    match s.family() {
        Family::Inet6 if !(1..=128).contains(&s.netmask) => Err(libc::EINVAL),
        _ => Ok(()),
    }
}

/// ip_vs_genl_set_cmd: a destination of another family than its service's
/// (added or edited) is refused with EINVAL while a sync daemon runs (the
/// sync protocol cannot carry it), and unless it is tunnelled.
pub fn mixed_family(svc_af: Family, d: &Dest, sync_running: bool) -> Result<(), Errno> {
    if d.family() == svc_af {
        return Ok(());
    }
    let tunnelled = d.fwd.to_raw() & Forward::MASK == Forward::Tunnel.to_raw();
    if sync_running || !tunnelled {
        Err(libc::EINVAL)
    } else {
        Ok(())
    }
}

/// ip_vs_add_dest / ip_vs_edit_dest, in their order: a weight that is
/// negative as the kernel's `int` is ERANGE; `l_threshold > u_threshold`
/// is ERANGE (so is a lower threshold without an upper one, 0 meaning
/// none); a GUE tunnel needs a port, else EINVAL.
pub fn dest_values(d: &Dest) -> Result<(), Errno> {
    if d.weight > i32::MAX as u32 || d.l_threshold > d.u_threshold {
        return Err(libc::ERANGE);
    }
    if d.tun_type == TunnelType::Gue && d.tun_port == 0 {
        return Err(libc::EINVAL);
    }
    Ok(())
}

/// ip_vs_new_dest: a new destination's address must be unicast, else
/// EINVAL. IPv4 asks `inet_addr_type`, which must say RTN_LOCAL or
/// RTN_UNICAST: 0.0.0.0/8 and 255.255.255.255 are RTN_BROADCAST and
/// 224.0.0.0/4 RTN_MULTICAST whatever the machine; a subnet's broadcast
/// address is RTN_BROADCAST only where this machine has that subnet
/// (`route`). IPv6 asks `ipv6_addr_type`: `::`, multicast and IPv4-mapped
/// addresses are not unicast, and a link-local one is refused too, unless
/// `__ip_vs_addr_is_local_v6` finds it is this machine's own.
pub fn dest_address(addr: &IpAddr, route: impl FnOnce() -> Option<Route>) -> Result<(), Errno> {
    let ok = match addr {
        IpAddr::V4(a) if !v4_unicast(a) => false,
        IpAddr::V4(_) => route() != Some(Route::Broadcast),
        IpAddr::V6(a) if !v6_unicast(a) => false,
        IpAddr::V6(a) if is_link_local(a) => matches!(route(), None | Some(Route::Local)),
        IpAddr::V6(_) => true,
    };
    if ok {
        Ok(())
    } else {
        Err(libc::EINVAL)
    }
}

/// What `inet_addr_type` says without looking at a routing table.
fn v4_unicast(a: &Ipv4Addr) -> bool {
    !(a.octets()[0] == 0 || a.is_broadcast() || a.is_multicast())
}

/// `ipv6_addr_type(a) & IPV6_ADDR_UNICAST`.
fn v6_unicast(a: &Ipv6Addr) -> bool {
    !(a.is_unspecified() || a.is_multicast() || a.to_ipv4_mapped().is_some())
}

/// fe80::/10 (`IPV6_ADDR_LINKLOCAL`).
fn is_link_local(a: &Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

/// ip_vs_set_timeout: each timeout is an `int` of seconds at most
/// INT_MAX / HZ, else EINVAL. HZ (100 to 1000) is not visible from user
/// space, so only what no HZ allows is refused: a value negative as an
/// `int`. (ipvsadm's own limit, 31 days, is far below either bound.)
pub fn timeouts(t: &Timeouts) -> Result<(), Errno> {
    if [t.tcp, t.tcp_fin, t.udp]
        .iter()
        .any(|&v| v > i32::MAX as u32)
    {
        Err(libc::EINVAL)
    } else {
        Ok(())
    }
}

/// ip_vs_genl_new_daemon: a multicast group must be multicast, else EINVAL.
pub fn mcast_group(d: &Daemon) -> Result<(), Errno> {
    match d.mcast_group {
        Some(g) if !g.is_multicast() => Err(libc::EINVAL),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_strings() {
        assert_eq!(nul_string("rr", 15), Ok("rr"));
        assert_eq!(nul_string("rr\0junk", 15), Ok("rr"));
        assert_eq!(nul_string(&"a".repeat(16), 15), Err(libc::EINVAL));
        assert_eq!(
            nul_string(&format!("a\0{}", "b".repeat(14)), 15),
            Err(libc::ERANGE)
        );
        assert_eq!(ifname("abcdefghijklmnop").as_deref(), Ok("abcdefghijklmno"));
        assert_eq!(ifname("abcdefghijklmnopq"), Err(libc::EINVAL));
    }

    #[test]
    fn addresses_that_depend_on_the_machine() {
        let bcast: IpAddr = "10.1.1.255".parse().unwrap();
        assert_eq!(
            dest_address(&bcast, || Some(Route::Broadcast)),
            Err(libc::EINVAL)
        );
        assert_eq!(dest_address(&bcast, || Some(Route::Other)), Ok(()));
        assert_eq!(dest_address(&bcast, || None), Ok(()));
        let ll: IpAddr = "fe80::1".parse().unwrap();
        assert_eq!(dest_address(&ll, || Some(Route::Local)), Ok(()));
        assert_eq!(dest_address(&ll, || Some(Route::Other)), Err(libc::EINVAL));
        assert_eq!(dest_address(&ll, || None), Ok(()));
    }
}
