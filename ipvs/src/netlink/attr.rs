//! Reading and writing attribute values: the kernel's encodings, each in one
//! place. Errors name the attribute (`invalid IPVS_DEST_ATTR_WEIGHT`).

use crate::model::Family;
use netlink_packet_core::{DecodeError, NlaBuffer, NlasIterator};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn exact<const N: usize>(v: &[u8], name: &str) -> Result<[u8; N], DecodeError> {
    v.try_into()
        .map_err(|_| DecodeError::from(format!("invalid {name}: {} bytes, expected {N}", v.len())))
}

pub fn u8_(v: &[u8], name: &str) -> Result<u8, DecodeError> {
    Ok(exact::<1>(v, name)?[0])
}

/// Host byte order, as `nla_get_u16`.
pub fn u16_(v: &[u8], name: &str) -> Result<u16, DecodeError> {
    Ok(u16::from_ne_bytes(exact(v, name)?))
}

/// Network byte order (`__be16`): ports.
pub fn be16(v: &[u8], name: &str) -> Result<u16, DecodeError> {
    Ok(u16::from_be_bytes(exact(v, name)?))
}

pub fn u32_(v: &[u8], name: &str) -> Result<u32, DecodeError> {
    Ok(u32::from_ne_bytes(exact(v, name)?))
}

pub fn u64_(v: &[u8], name: &str) -> Result<u64, DecodeError> {
    Ok(u64::from_ne_bytes(exact(v, name)?))
}

/// A counter the kernel sends as u32 (`*_ATTR_STATS`) or u64 (`STATS64`).
pub fn counter(v: &[u8], name: &str) -> Result<u64, DecodeError> {
    match v.len() {
        4 => Ok(u32_(v, name)? as u64),
        _ => u64_(v, name),
    }
}

/// A NUL-terminated string (`NLA_NUL_STRING`); bytes after the first NUL
/// are ignored, a missing NUL is tolerated.
pub fn string(v: &[u8], name: &str) -> Result<String, DecodeError> {
    let end = v.iter().position(|&b| b == 0).unwrap_or(v.len());
    String::from_utf8(v[..end].to_vec())
        .map_err(|_| DecodeError::from(format!("invalid {name}: not UTF-8")))
}

/// Addresses travel as a 16-byte `union nf_inet_addr` whatever the family
/// (IPv4 in the first four bytes); shorter blobs are accepted for IPv4.
/// The family is the caller's, already checked: an unknown one is an
/// error there, never a guess here.
pub fn addr(v: &[u8], af: Family, name: &str) -> Result<IpAddr, DecodeError> {
    match (af, v.len()) {
        (Family::Inet6, 16) => Ok(IpAddr::V6(Ipv6Addr::from(exact::<16>(v, name)?))),
        (Family::Inet6, _) => Err(format!("invalid {name}: short IPv6 address").into()),
        (Family::Inet, n) if n >= 4 => Ok(IpAddr::V4(Ipv4Addr::new(v[0], v[1], v[2], v[3]))),
        (Family::Inet, _) => Err(format!("invalid {name}: {} bytes", v.len()).into()),
    }
}

/// The 16-byte blob for an address.
pub fn addr_blob(a: &IpAddr) -> [u8; 16] {
    let mut b = [0u8; 16];
    match a {
        IpAddr::V4(v4) => b[..4].copy_from_slice(&v4.octets()),
        IpAddr::V6(v6) => b.copy_from_slice(&v6.octets()),
    }
    b
}

/// Bytes of a NUL-terminated string attribute.
pub fn cstring(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

/// Iterates the attributes of a nested attribute or payload.
pub fn nlas(buf: &[u8]) -> impl Iterator<Item = Result<NlaBuffer<&[u8]>, DecodeError>> {
    NlasIterator::new(buf)
}
