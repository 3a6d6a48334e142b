//! The IPVS generic-netlink payload (command + first-level attributes), and
//! whole netlink frames: requests built only with a resolved family id,
//! replies walked message by message in a datagram.

use super::consts::*;
use super::daemon::DaemonAttr;
use super::dest::DestAttr;
use super::service::SvcAttr;
use netlink_packet_core::{
    DecodeError, DefaultNla, Emitable, ErrorBuffer, ErrorMessage, NetlinkBuffer,
    NetlinkDeserializable, NetlinkHeader, Nla, NlaBuffer, Parseable, ParseableParametrized,
    NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN,
};
use netlink_packet_generic::{GenlFamily, GenlHeader, GenlMessage};
use std::num::NonZeroU16;

/// First-level attributes. Their numbers depend on the command: the
/// GET_INFO reply (`IPVS_CMD_SET_INFO`) reuses 1 and 2 for its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpvsAttr {
    Service(Vec<SvcAttr>),
    Dest(Vec<DestAttr>),
    Daemon(Vec<DaemonAttr>),
    TimeoutTcp(u32),
    TimeoutTcpFin(u32),
    TimeoutUdp(u32),
    InfoVersion(u32),
    InfoConnTabSize(u32),
    Other(DefaultNla),
}

fn nested_len<T: Nla>(v: &[T]) -> usize {
    v.iter().map(|n| n.buffer_len()).sum()
}

fn emit_nested<T: Nla>(v: &[T], b: &mut [u8]) {
    v.emit(b)
}

impl Nla for IpvsAttr {
    fn value_len(&self) -> usize {
        use IpvsAttr::*;
        match self {
            Service(v) => nested_len(v),
            Dest(v) => nested_len(v),
            Daemon(v) => nested_len(v),
            TimeoutTcp(_) | TimeoutTcpFin(_) | TimeoutUdp(_) | InfoVersion(_)
            | InfoConnTabSize(_) => 4,
            Other(n) => n.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        use IpvsAttr::*;
        match self {
            Service(_) => IPVS_CMD_ATTR_SERVICE,
            Dest(_) => IPVS_CMD_ATTR_DEST,
            Daemon(_) => IPVS_CMD_ATTR_DAEMON,
            TimeoutTcp(_) => IPVS_CMD_ATTR_TIMEOUT_TCP,
            TimeoutTcpFin(_) => IPVS_CMD_ATTR_TIMEOUT_TCP_FIN,
            TimeoutUdp(_) => IPVS_CMD_ATTR_TIMEOUT_UDP,
            InfoVersion(_) => IPVS_INFO_ATTR_VERSION,
            InfoConnTabSize(_) => IPVS_INFO_ATTR_CONN_TAB_SIZE,
            Other(n) => n.kind(),
        }
    }

    fn emit_value(&self, b: &mut [u8]) {
        use IpvsAttr::*;
        match self {
            Service(v) => emit_nested(v, b),
            Dest(v) => emit_nested(v, b),
            Daemon(v) => emit_nested(v, b),
            TimeoutTcp(x) | TimeoutTcpFin(x) | TimeoutUdp(x) | InfoVersion(x)
            | InfoConnTabSize(x) => b[..4].copy_from_slice(&x.to_ne_bytes()),
            Other(n) => n.emit_value(b),
        }
    }
}

impl IpvsAttr {
    fn is_nest(&self) -> bool {
        matches!(
            self,
            IpvsAttr::Service(_) | IpvsAttr::Dest(_) | IpvsAttr::Daemon(_)
        )
    }
}

/// A first-level nest emitted with NLA_F_NESTED: libnl's `nla_nest_start`
/// sets it on requests (captured from the reference), while the kernel's
/// replies leave it clear (`nla_nest_start_noflag`). The kernel parses
/// IPVS nests either way.
struct Flagged<'a>(&'a IpvsAttr);

impl Nla for Flagged<'_> {
    fn value_len(&self) -> usize {
        self.0.value_len()
    }
    fn kind(&self) -> u16 {
        self.0.kind()
    }
    fn emit_value(&self, b: &mut [u8]) {
        self.0.emit_value(b)
    }
    fn is_nested(&self) -> bool {
        true
    }
}

fn parse_nest<T>(v: &[u8]) -> Result<Vec<T>, DecodeError>
where
    T: for<'a> Parseable<NlaBuffer<&'a [u8]>>,
{
    super::attr::nlas(v).map(|nla| T::parse(&nla?)).collect()
}

impl IpvsAttr {
    fn parse(buf: &NlaBuffer<&[u8]>, cmd: u8) -> Result<IpvsAttr, DecodeError> {
        use IpvsAttr::*;
        let v = buf.value();
        let u32_ = |name| super::attr::u32_(v, name);
        Ok(match (cmd, buf.kind()) {
            (IPVS_CMD_SET_INFO, IPVS_INFO_ATTR_VERSION) => {
                InfoVersion(u32_("IPVS_INFO_ATTR_VERSION")?)
            }
            (IPVS_CMD_SET_INFO, IPVS_INFO_ATTR_CONN_TAB_SIZE) => {
                InfoConnTabSize(u32_("IPVS_INFO_ATTR_CONN_TAB_SIZE")?)
            }
            (IPVS_CMD_SET_INFO, _) => Other(DefaultNla::parse(buf)?),
            (_, IPVS_CMD_ATTR_SERVICE) => Service(parse_nest(v)?),
            (_, IPVS_CMD_ATTR_DEST) => Dest(parse_nest(v)?),
            (_, IPVS_CMD_ATTR_DAEMON) => Daemon(parse_nest(v)?),
            (_, IPVS_CMD_ATTR_TIMEOUT_TCP) => TimeoutTcp(u32_("IPVS_CMD_ATTR_TIMEOUT_TCP")?),
            (_, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN) => {
                TimeoutTcpFin(u32_("IPVS_CMD_ATTR_TIMEOUT_TCP_FIN")?)
            }
            (_, IPVS_CMD_ATTR_TIMEOUT_UDP) => TimeoutUdp(u32_("IPVS_CMD_ATTR_TIMEOUT_UDP")?),
            _ => Other(DefaultNla::parse(buf)?),
        })
    }
}

/// One IPVS generic-netlink message: a command and its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpvsMessage {
    pub cmd: u8,
    pub attrs: Vec<IpvsAttr>,
    /// Whether first-level nests carry NLA_F_NESTED: set on requests (as
    /// the reference's libnl does), clear on the kernel's replies.
    pub flag_nests: bool,
}

impl IpvsMessage {
    /// A request, encoded as the reference encodes it.
    pub fn new(cmd: u8, attrs: Vec<IpvsAttr>) -> IpvsMessage {
        IpvsMessage {
            cmd,
            attrs,
            flag_nests: true,
        }
    }
}

impl GenlFamily for IpvsMessage {
    fn family_name() -> &'static str {
        IPVS_GENL_NAME
    }
    fn command(&self) -> u8 {
        self.cmd
    }
    fn version(&self) -> u8 {
        IPVS_GENL_VERSION
    }
}

impl Emitable for IpvsMessage {
    fn buffer_len(&self) -> usize {
        self.attrs.as_slice().buffer_len()
    }
    fn emit(&self, buffer: &mut [u8]) {
        let mut off = 0;
        for a in &self.attrs {
            let len = a.buffer_len();
            if self.flag_nests && a.is_nest() {
                Flagged(a).emit(&mut buffer[off..off + len]);
            } else {
                a.emit(&mut buffer[off..off + len]);
            }
            off += len;
        }
    }
}

impl ParseableParametrized<[u8], GenlHeader> for IpvsMessage {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        let mut attrs = Vec::new();
        // Without nests the flag means nothing; it then reads as a request's.
        let (mut nests, mut flagged) = (false, false);
        for nla in super::attr::nlas(buf) {
            let nla = nla?;
            let attr = IpvsAttr::parse(&nla, header.cmd)?;
            nests |= attr.is_nest();
            flagged |= attr.is_nest() && nla.nested_flag();
            attrs.push(attr);
        }
        let flag_nests = flagged || !nests;
        Ok(IpvsMessage {
            cmd: header.cmd,
            attrs,
            flag_nests,
        })
    }
}

/// The IPVS family's id, as the kernel's controller assigned it. It cannot
/// be zero: a message of type 0 is ACKed by the kernel as a success without
/// doing anything (shared/netlink-notes.md), so an unresolved id must not
/// be representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyId(NonZeroU16);

impl FamilyId {
    pub fn new(id: u16) -> Option<FamilyId> {
        NonZeroU16::new(id).map(FamilyId)
    }
    pub fn get(self) -> u16 {
        self.0.get()
    }
}

pub use super::encode::encode;

/// One message of a reply datagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A data message of our family (a dump entry or a GET reply).
    Data {
        seq: u32,
        flags: u16,
        msg: IpvsMessage,
    },
    /// NLMSG_ERROR: `errno` 0 is an ACK. The kernel sends it negated; this
    /// is positive.
    Ack { seq: u32, errno: i32 },
    /// NLMSG_DONE, the end of a dump (flags carry NLM_F_DUMP_INTR). Its
    /// payload is the dump's status (net/netlink/af_netlink.c,
    /// `netlink_dump_done`: `dump_done_errno`, 0 or -errno): a dump that
    /// failed part-way still ends with DONE. `errno` is positive, as in
    /// `Ack`; 0 when the payload is too short to hold one.
    Done { seq: u32, flags: u16, errno: i32 },
    /// A message of another type (NOOP, or not our family): skipped.
    Other { seq: u32, kind: u16 },
    /// NLMSG_OVERRUN: data was lost.
    Overrun { seq: u32 },
}

/// The kernel's -errno as a positive errno; i32::MIN has no positive
/// counterpart (found by the netlink fuzz target: the negation overflowed).
fn negate(code: i32) -> i32 {
    code.checked_neg().unwrap_or(libc::EPROTO)
}

/// Walks the messages of one datagram (each 4-byte aligned). `family` is
/// the IPVS id; other types are reported as `Other` with their raw payload
/// left alone (the controller's reply is read by the resolver itself).
pub fn decode(
    datagram: &[u8],
    family: Option<FamilyId>,
) -> Result<Vec<(Frame, Vec<u8>)>, DecodeError> {
    let mut out = Vec::new();
    let mut off = 0;
    while datagram.len().saturating_sub(off) >= 16 {
        let buf = NetlinkBuffer::new_checked(&datagram[off..])?;
        let len = buf.length() as usize;
        let seq = buf.sequence_number();
        let flags = buf.flags();
        let kind = buf.message_type();
        let payload = buf.payload();
        let frame = match kind {
            NLMSG_ERROR => {
                let e = ErrorBuffer::new_checked(&payload)
                    .and_then(|b| ErrorMessage::parse(&b))
                    .map_err(|e| DecodeError::from(format!("invalid NLMSG_ERROR: {e}")))?;
                Frame::Ack {
                    seq,
                    errno: e.code.map(|c| negate(c.get())).unwrap_or(0),
                }
            }
            NLMSG_DONE => Frame::Done {
                seq,
                flags,
                errno: match payload.get(..4) {
                    Some(b) => negate(i32::from_ne_bytes([b[0], b[1], b[2], b[3]])),
                    None => 0,
                },
            },
            NLMSG_OVERRUN => Frame::Overrun { seq },
            NLMSG_NOOP => Frame::Other { seq, kind },
            k if Some(k) == family.map(FamilyId::get) => {
                let mut header = NetlinkHeader::default();
                header.message_type = k;
                let genl = GenlMessage::<IpvsMessage>::deserialize(&header, payload)?;
                let (_, msg) = genl.into_parts();
                Frame::Data { seq, flags, msg }
            }
            _ => Frame::Other { seq, kind },
        };
        out.push((frame, payload.to_vec()));
        // NLMSG_ALIGN; a zero length would loop forever (new_checked rejects it).
        off += (len + 3) & !3;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NLMSG_ERROR whose error code is `code` (the kernel's -errno).
    fn nlmsg_error(code: i32) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&36u32.to_ne_bytes());
        m.extend_from_slice(&NLMSG_ERROR.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(&code.to_ne_bytes());
        m.extend_from_slice(&[0; 16]);
        m
    }

    #[test]
    fn error_codes_any_value_no_overflow() {
        let errno = |code| match decode(&nlmsg_error(code), None).unwrap()[0].0 {
            Frame::Ack { errno, .. } => errno,
            ref f => panic!("{f:?}"),
        };
        assert_eq!(errno(0), 0);
        assert_eq!(errno(-libc::ESRCH), libc::ESRCH);
        assert_eq!(errno(i32::MIN), libc::EPROTO);
        assert_eq!(errno(7), -7);
    }

    /// NLMSG_DONE as `netlink_dump_done` writes it: the dump's status as
    /// the payload.
    fn nlmsg_done(code: i32) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&20u32.to_ne_bytes());
        m.extend_from_slice(&NLMSG_DONE.to_ne_bytes());
        m.extend_from_slice(&2u16.to_ne_bytes()); // NLM_F_MULTI
        m.extend_from_slice(&[0; 8]);
        m.extend_from_slice(&code.to_ne_bytes());
        m
    }

    #[test]
    fn done_carries_the_dumps_status() {
        let errno = |m: &[u8]| match decode(m, None).unwrap()[0].0 {
            Frame::Done { errno, .. } => errno,
            ref f => panic!("{f:?}"),
        };
        assert_eq!(errno(&nlmsg_done(0)), 0);
        assert_eq!(errno(&nlmsg_done(-libc::EMSGSIZE)), libc::EMSGSIZE);
        // A DONE without a status (a header alone) is a clean end.
        let mut bare = nlmsg_done(0);
        bare.truncate(16);
        bare[..4].copy_from_slice(&16u32.to_ne_bytes());
        assert_eq!(errno(&bare), 0);
    }
}
