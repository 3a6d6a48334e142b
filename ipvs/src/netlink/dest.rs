//! `IPVS_CMD_ATTR_DEST`: the destination nest, typed, and its conversion to
//! and from the model's `Dest`.

use super::attr;
use super::consts::*;
use super::stats::StatsNest;
use crate::model::{Dest, Family, Forward, TunnelFlags, TunnelType};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestAttr {
    Addr([u8; 16]),
    /// Host order here, network order on the wire.
    Port(u16),
    FwdMethod(u32),
    Weight(u32),
    UThresh(u32),
    LThresh(u32),
    ActiveConns(u32),
    InactConns(u32),
    PersistConns(u32),
    Stats(StatsNest),
    AddrFamily(u16),
    Stats64(StatsNest),
    TunType(u8),
    /// Host order here, network order on the wire.
    TunPort(u16),
    TunFlags(u16),
    Other(DefaultNla),
}

impl Nla for DestAttr {
    fn value_len(&self) -> usize {
        use DestAttr::*;
        match self {
            Addr(_) => 16,
            Port(_) | AddrFamily(_) | TunPort(_) | TunFlags(_) => 2,
            TunType(_) => 1,
            FwdMethod(_) | Weight(_) | UThresh(_) | LThresh(_) | ActiveConns(_) | InactConns(_)
            | PersistConns(_) => 4,
            Stats(n) | Stats64(n) => n.value_len(),
            Other(n) => n.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        use DestAttr::*;
        match self {
            Addr(_) => IPVS_DEST_ATTR_ADDR,
            Port(_) => IPVS_DEST_ATTR_PORT,
            FwdMethod(_) => IPVS_DEST_ATTR_FWD_METHOD,
            Weight(_) => IPVS_DEST_ATTR_WEIGHT,
            UThresh(_) => IPVS_DEST_ATTR_U_THRESH,
            LThresh(_) => IPVS_DEST_ATTR_L_THRESH,
            ActiveConns(_) => IPVS_DEST_ATTR_ACTIVE_CONNS,
            InactConns(_) => IPVS_DEST_ATTR_INACT_CONNS,
            PersistConns(_) => IPVS_DEST_ATTR_PERSIST_CONNS,
            Stats(_) => IPVS_DEST_ATTR_STATS,
            AddrFamily(_) => IPVS_DEST_ATTR_ADDR_FAMILY,
            Stats64(_) => IPVS_DEST_ATTR_STATS64,
            TunType(_) => IPVS_DEST_ATTR_TUN_TYPE,
            TunPort(_) => IPVS_DEST_ATTR_TUN_PORT,
            TunFlags(_) => IPVS_DEST_ATTR_TUN_FLAGS,
            Other(n) => n.kind(),
        }
    }

    fn emit_value(&self, b: &mut [u8]) {
        use DestAttr::*;
        match self {
            Addr(a) => b[..16].copy_from_slice(a),
            Port(v) | TunPort(v) => b[..2].copy_from_slice(&v.to_be_bytes()),
            AddrFamily(v) | TunFlags(v) => b[..2].copy_from_slice(&v.to_ne_bytes()),
            TunType(v) => b[0] = *v,
            FwdMethod(v) | Weight(v) | UThresh(v) | LThresh(v) | ActiveConns(v) | InactConns(v)
            | PersistConns(v) => b[..4].copy_from_slice(&v.to_ne_bytes()),
            Stats(n) | Stats64(n) => n.emit_value(b),
            Other(n) => n.emit_value(b),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for DestAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        use DestAttr::*;
        let v = buf.value();
        Ok(match buf.kind() {
            IPVS_DEST_ATTR_ADDR => {
                let mut a = [0u8; 16];
                let n = v.len().min(16);
                a[..n].copy_from_slice(&v[..n]);
                Addr(a)
            }
            IPVS_DEST_ATTR_PORT => Port(attr::be16(v, "IPVS_DEST_ATTR_PORT")?),
            IPVS_DEST_ATTR_FWD_METHOD => FwdMethod(attr::u32_(v, "IPVS_DEST_ATTR_FWD_METHOD")?),
            IPVS_DEST_ATTR_WEIGHT => Weight(attr::u32_(v, "IPVS_DEST_ATTR_WEIGHT")?),
            IPVS_DEST_ATTR_U_THRESH => UThresh(attr::u32_(v, "IPVS_DEST_ATTR_U_THRESH")?),
            IPVS_DEST_ATTR_L_THRESH => LThresh(attr::u32_(v, "IPVS_DEST_ATTR_L_THRESH")?),
            IPVS_DEST_ATTR_ACTIVE_CONNS => {
                ActiveConns(attr::u32_(v, "IPVS_DEST_ATTR_ACTIVE_CONNS")?)
            }
            IPVS_DEST_ATTR_INACT_CONNS => InactConns(attr::u32_(v, "IPVS_DEST_ATTR_INACT_CONNS")?),
            IPVS_DEST_ATTR_PERSIST_CONNS => {
                PersistConns(attr::u32_(v, "IPVS_DEST_ATTR_PERSIST_CONNS")?)
            }
            IPVS_DEST_ATTR_STATS => Stats(StatsNest::parse(v, false)?),
            IPVS_DEST_ATTR_ADDR_FAMILY => AddrFamily(attr::u16_(v, "IPVS_DEST_ATTR_ADDR_FAMILY")?),
            IPVS_DEST_ATTR_STATS64 => Stats64(StatsNest::parse(v, true)?),
            IPVS_DEST_ATTR_TUN_TYPE => TunType(attr::u8_(v, "IPVS_DEST_ATTR_TUN_TYPE")?),
            IPVS_DEST_ATTR_TUN_PORT => TunPort(attr::be16(v, "IPVS_DEST_ATTR_TUN_PORT")?),
            IPVS_DEST_ATTR_TUN_FLAGS => TunFlags(attr::u16_(v, "IPVS_DEST_ATTR_TUN_FLAGS")?),
            _ => Other(DefaultNla::parse(buf)?),
        })
    }
}

/// The destination nest for a request, in the reference's order
/// (shared/ipvsadm-behavior.md §5.1): every field, always.
pub fn to_attrs(d: &Dest) -> Vec<DestAttr> {
    vec![
        DestAttr::AddrFamily(d.family().to_raw()),
        DestAttr::Addr(attr::addr_blob(&d.addr)),
        DestAttr::Port(d.port),
        DestAttr::FwdMethod(d.fwd.to_raw() & Forward::MASK),
        DestAttr::Weight(d.weight),
        DestAttr::TunType(d.tun_type.to_raw()),
        DestAttr::TunPort(d.tun_port),
        DestAttr::TunFlags(d.tun_flags.bits()),
        DestAttr::UThresh(d.u_threshold),
        DestAttr::LThresh(d.l_threshold),
    ]
}

/// A destination from a reply's nest. Without ADDR_FAMILY (older kernels)
/// the service's family applies, as in the reference. A family other than
/// AF_INET and AF_INET6 is an error, as it is for a service: the kernel
/// (ip_vs_ctl.c, `ip_vs_genl_fill_dest`) sends the dest's own `af`, so an
/// unknown one means a kernel newer than this code, and reading its
/// address as IPv4 would list, save (`-S | -R`) and converge a server that
/// does not exist. Skipping the dest would hide it the same way.
pub fn from_attrs(attrs: &[DestAttr], svc_af: Family) -> Result<Dest, DecodeError> {
    let mut d = Dest::default();
    let mut af = svc_af.to_raw();
    let mut addr = None;
    let mut have_stats64 = false;
    for a in attrs {
        match a {
            DestAttr::Addr(v) => addr = Some(*v),
            DestAttr::Port(v) => d.port = *v,
            DestAttr::FwdMethod(v) => d.fwd = Forward::from_raw(*v),
            DestAttr::Weight(v) => d.weight = *v,
            DestAttr::UThresh(v) => d.u_threshold = *v,
            DestAttr::LThresh(v) => d.l_threshold = *v,
            DestAttr::ActiveConns(v) => d.active_conns = *v,
            DestAttr::InactConns(v) => d.inact_conns = *v,
            DestAttr::PersistConns(v) => d.persist_conns = *v,
            DestAttr::AddrFamily(v) => af = *v,
            DestAttr::TunType(v) => d.tun_type = TunnelType::from_raw(*v),
            DestAttr::TunPort(v) => d.tun_port = *v,
            DestAttr::TunFlags(v) => d.tun_flags = TunnelFlags::from_bits_retain(*v),
            DestAttr::Stats(n) if !have_stats64 => d.stats = n.stats,
            DestAttr::Stats64(n) => {
                d.stats = n.stats;
                have_stats64 = true;
            }
            DestAttr::Stats(_) | DestAttr::Other(_) => {}
        }
    }
    let addr = addr.ok_or_else(|| DecodeError::from("missing IPVS_DEST_ATTR_ADDR"))?;
    // AF_UNSPEC (0) is read as the attribute's absence: the service's
    // family, as libipvs does without it. Seen once in 176 listings of a
    // table under churn on 7.2.13 (tests/checks/50-churn.sh), where the
    // reference lists on.
    let af = if af == 0 { svc_af.to_raw() } else { af };
    let af = Family::from_raw(af)
        .ok_or_else(|| DecodeError::from(format!("invalid IPVS_DEST_ATTR_ADDR_FAMILY {af}")))?;
    d.addr = attr::addr(&addr, af, "IPVS_DEST_ATTR_ADDR")?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nest(af: u16) -> Vec<DestAttr> {
        let mut blob = [0u8; 16];
        blob[..4].copy_from_slice(&[10, 0, 0, 1]);
        vec![
            DestAttr::AddrFamily(af),
            DestAttr::Addr(blob),
            DestAttr::Port(80),
        ]
    }

    #[test]
    fn known_families_and_the_services_when_absent() {
        let d = from_attrs(&nest(Family::AF_INET), Family::Inet6).unwrap();
        assert_eq!(d.addr, "10.0.0.1".parse::<std::net::IpAddr>().unwrap());
        let d = from_attrs(&nest(Family::AF_INET6), Family::Inet).unwrap();
        assert_eq!(d.addr, "a00:1::".parse::<std::net::IpAddr>().unwrap());
        let d = from_attrs(&nest(Family::AF_INET)[1..], Family::Inet).unwrap();
        assert_eq!(d.port, 80);
    }

    #[test]
    fn af_unspec_is_the_services_family() {
        let d = from_attrs(&nest(0), Family::Inet).unwrap();
        assert_eq!(d.addr, "10.0.0.1".parse::<std::net::IpAddr>().unwrap());
    }

    #[test]
    fn an_unknown_family_is_an_error_not_ipv4() {
        // 7 is AF_BRIDGE, 3 AF_AX25.
        for af in [3, 7] {
            let e = from_attrs(&nest(af), Family::Inet).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("invalid IPVS_DEST_ATTR_ADDR_FAMILY {af}")
            );
        }
    }
}
