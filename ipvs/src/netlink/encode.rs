//! Request frames written in one pass: the netlink header, the genl header
//! and the attributes are appended to one buffer, and each length (a nest's,
//! the message's) is patched in once its contents are written.
//!
//! Why not the crates' `Emitable`: there a nest's `value_len` sums its
//! children's `buffer_len`, and it is asked again at every level (the
//! message's length, the nest's header, the emit itself, `finalize` and
//! `serialize`): about 15 % of a restore's samples (BENCHMARKS.md). Here
//! every length is computed once, and a batch writes all its requests into
//! one buffer. The bytes are the crates' (and the reference's:
//! tests/wire_golden.rs compares with captures of it).

use super::consts::IPVS_GENL_VERSION;
use super::message::{FamilyId, IpvsAttr, IpvsMessage};
use netlink_packet_core::{Nla, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK};

/// Where a frame's `nlmsg_flags` sit (struct nlmsghdr: len u32, type u16,
/// flags u16, seq u32, pid u32).
pub const FLAGS_AT: std::ops::Range<usize> = 6..8;

/// A whole request frame: netlink header, genl header, attributes.
pub fn encode(msg: IpvsMessage, family: FamilyId, seq: u32, flags: u16) -> Vec<u8> {
    let mut buf = Vec::with_capacity(256);
    encode_into(&mut buf, &msg, family, seq, flags);
    buf
}

/// Appends one request frame to `buf`.
pub fn encode_into(buf: &mut Vec<u8>, msg: &IpvsMessage, family: FamilyId, seq: u32, flags: u16) {
    let start = buf.len();
    buf.extend_from_slice(&0u32.to_ne_bytes()); // nlmsg_len, patched below
    buf.extend_from_slice(&family.get().to_ne_bytes());
    buf.extend_from_slice(&flags.to_ne_bytes());
    buf.extend_from_slice(&seq.to_ne_bytes());
    buf.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel's
    buf.extend_from_slice(&[msg.cmd, IPVS_GENL_VERSION, 0, 0]);
    for a in &msg.attrs {
        // First-level nests carry NLA_F_NESTED on requests (see
        // `IpvsMessage::flag_nests`).
        let flag = if msg.flag_nests { NLA_F_NESTED } else { 0 };
        match a {
            IpvsAttr::Service(v) => nest(buf, a.kind() | flag, v),
            IpvsAttr::Dest(v) => nest(buf, a.kind() | flag, v),
            IpvsAttr::Daemon(v) => nest(buf, a.kind() | flag, v),
            _ => leaf(buf, a),
        }
    }
    let len = (buf.len() - start) as u32;
    buf[start..start + 4].copy_from_slice(&len.to_ne_bytes());
}

/// An attribute's header: the length without padding, as `Nla::emit`.
fn header(buf: &mut Vec<u8>, len: usize, kind: u16) {
    buf.extend_from_slice(&(len as u16).to_ne_bytes());
    buf.extend_from_slice(&kind.to_ne_bytes());
}

fn leaf<T: Nla>(buf: &mut Vec<u8>, a: &T) {
    let len = a.value_len();
    let mut kind = a.kind() & NLA_TYPE_MASK;
    if a.is_nested() {
        kind |= NLA_F_NESTED;
    }
    if a.is_network_byteorder() {
        kind |= NLA_F_NET_BYTEORDER;
    }
    header(buf, 4 + len, kind);
    let at = buf.len();
    // Zeroed, so the padding to 4 bytes is zero too.
    buf.resize(at + ((len + 3) & !3), 0);
    a.emit_value(&mut buf[at..at + len]);
}

/// A nest of leaves; its length (children padded) is known once they are
/// written.
fn nest<T: Nla>(buf: &mut Vec<u8>, kind: u16, children: &[T]) {
    let at = buf.len();
    header(buf, 0, kind);
    for c in children {
        leaf(buf, c);
    }
    let len = (buf.len() - at) as u16;
    buf[at..at + 2].copy_from_slice(&len.to_ne_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dest, Scheduler, Service, ServiceKey};
    use crate::netlink::consts::*;
    use crate::netlink::{dest, service};
    use netlink_packet_core::{NetlinkHeader, NetlinkMessage, NetlinkPayload};
    use netlink_packet_generic::GenlMessage;

    /// The crates' two-pass emit, which this replaces.
    fn by_the_crates(msg: IpvsMessage, family: FamilyId, seq: u32, flags: u16) -> Vec<u8> {
        let mut genl = GenlMessage::from_payload(msg);
        genl.set_resolved_family_id(family.get());
        let mut header = NetlinkHeader::default();
        header.flags = flags;
        header.sequence_number = seq;
        let mut nl = NetlinkMessage::new(header, NetlinkPayload::from(genl));
        nl.finalize();
        let mut buf = vec![0u8; nl.buffer_len()];
        nl.serialize(&mut buf);
        buf
    }

    #[test]
    fn same_bytes_as_the_crates_emit() {
        let mut svc = Service::new(ServiceKey::tcp([10, 0, 0, 1], 80), Scheduler::Wlc);
        svc.pe_name = Some("sip".into());
        let mut d = Dest::new("2001:db8::1".parse::<std::net::IpAddr>().unwrap(), 8080);
        d.weight = 3;
        let family = FamilyId::new(0x21).unwrap();
        let full = service::SvcScope::Full;
        let msgs = [
            IpvsMessage::new(
                IPVS_CMD_NEW_DEST,
                vec![
                    IpvsAttr::Service(service::to_attrs(&svc, full)),
                    IpvsAttr::Dest(dest::to_attrs(&d)),
                ],
            ),
            IpvsMessage::new(IPVS_CMD_FLUSH, vec![]),
            IpvsMessage::new(
                IPVS_CMD_SET_CONFIG,
                vec![IpvsAttr::TimeoutTcp(900), IpvsAttr::TimeoutUdp(300)],
            ),
        ];
        for mut m in msgs {
            for flag_nests in [true, false] {
                m.flag_nests = flag_nests;
                assert_eq!(
                    encode(m.clone(), family, 77, 5),
                    by_the_crates(m.clone(), family, 77, 5),
                    "{m:?}"
                );
            }
        }
    }
}
