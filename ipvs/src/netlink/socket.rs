//! The one netlink socket of a process: the family id resolved once,
//! request + ACK, dumps (socket/dumps.rs), and pipelined batches
//! (socket/batch.rs) whose answers are matched to their requests by
//! sequence number. Every wait for an answer has a deadline
//! (netlink/deadline.rs).
//!
//! The reference opens a fresh socket and resolves the family for every
//! request (3 sockets and 5 round trips per command); we keep one.

use super::deadline::{default_deadline, ran_out, set_receive_timeout};
use super::message::{decode, encode, FamilyId, Frame, IpvsMessage};
use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_REQUEST,
};
use netlink_packet_generic::ctrl::nlas::GenlCtrlAttrs;
use netlink_packet_generic::ctrl::{GenlCtrl, GenlCtrlCmd};
use netlink_packet_generic::GenlMessage;
use netlink_sys::{protocols::NETLINK_GENERIC, Socket, SocketAddr};
use nix::sys::socket::{setsockopt, sockopt};
use std::io;
use std::time::Duration;

/// IPVS dump datagrams are at most 32 KiB; a page-multiple well above that
/// leaves room for a batch's ACKs in one read.
const RECV_BUF: usize = 256 * 1024;
/// Receive buffer asked of the kernel. A batch asks one ACK per sendmsg,
/// but every failing request is answered by an error skb of its own
/// (socket/batch.rs), and a lost one would leave its request's outcome
/// unknown; with the default buffer a 1000-request batch once lost ACKs to
/// ENOBUFS (shared/netlink-notes.md). 8 MiB held.
const RCVBUF_BYTES: usize = 8 * 1024 * 1024;
/// Requests in one sendmsg of a batch: even if all fail, their error skbs
/// (capped by NETLINK_CAP_ACK to the header, under 1 KiB of truesize each)
/// fit the default receive buffer (rmem_default, 208 KiB), so nothing is
/// lost where the buffer cannot be raised.
const WINDOW: usize = 200;
/// Bytes per sendmsg of a batch (the kernel took about 212 KB in one send).
const SEND_CHUNK: usize = 64 * 1024;
/// `SOL_NETLINK` and `NETLINK_CAP_ACK` (linux/netlink.h): error messages
/// then echo only the request's header, not the whole request
/// (af_netlink.c, `netlink_ack`: `if (!(nlk->flags & NETLINK_F_CAP_ACK) &&
/// err) payload += nlmsg_len(nlh)`). Since Linux 4.3.
const SOL_NETLINK: i32 = 270;
const NETLINK_CAP_ACK: i32 = 10;
/// `CTRL_ATTR_FAMILY_ID` in the controller's GETFAMILY reply.
const CTRL_ATTR_FAMILY_ID: u16 = 1;
/// How often a dump the kernel marked interrupted (NLM_F_DUMP_INTR: the
/// table changed under it) is tried again before we report it.
pub(super) const DUMP_RETRIES: usize = 3;

/// Transport errors: an errno from the kernel or the socket, a reply that
/// broke the protocol, or no answer within the socket's deadline.
#[derive(Debug)]
pub enum NlError {
    Errno(i32),
    Protocol(String),
    /// No datagram came within this deadline while an answer was awaited
    /// (the receive timed out with EAGAIN). A request sent may or may not
    /// have been applied; its answer may still come later, and is then
    /// ignored as stale (its sequence number is no longer awaited).
    Timeout(Duration),
}

impl From<io::Error> for NlError {
    fn from(e: io::Error) -> Self {
        NlError::Errno(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

/// What `NlSocket` needs of the kernel's socket: one datagram out, one
/// datagram in. The real one is `netlink_sys::Socket`; tests script one to
/// feed replies in pieces, EINTR, ENOBUFS and truncation.
pub trait Transport {
    /// Sends one datagram (possibly several messages); returns bytes sent.
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize>;
    /// Receives one datagram into `buf`'s spare capacity and returns its
    /// real length, which is larger than what was stored when the datagram
    /// did not fit (`MSG_TRUNC`).
    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize>;
}

impl Transport for Socket {
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize> {
        Socket::send(self, bytes, 0)
    }
    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        Socket::recv(self, buf, libc::MSG_TRUNC)
    }
}

pub struct NlSocket<T: Transport = Socket> {
    sock: T,
    seq: u32,
    buf: Vec<u8>,
    /// The transport's receive timeout, named in `NlError::Timeout`;
    /// zero when it has none.
    deadline: Duration,
}

// nix's macro for its own options (it calls itself and setsockopt_impl
// unqualified, hence the imports): its setter passes a bool as an int of 1
// or 0 with its true size, the unsafe call staying inside nix.
use nix::{setsockopt_impl, sockopt_impl};
sockopt_impl!(
    /// `NETLINK_CAP_ACK`, which nix does not name.
    CapAck,
    SetOnly,
    SOL_NETLINK,
    NETLINK_CAP_ACK,
    bool
);

impl NlSocket<Socket> {
    /// Opens a socket whose every wait for the kernel ends after the
    /// process's default deadline (`netlink::set_default_deadline`).
    pub fn open() -> io::Result<NlSocket> {
        NlSocket::open_with(default_deadline())
    }

    /// Opens a socket whose every wait for a datagram ends after
    /// `deadline` (zero: none) with `NlError::Timeout`.
    pub fn open_with(deadline: Duration) -> io::Result<NlSocket> {
        let mut sock = Socket::new(NETLINK_GENERIC)?;
        sock.bind_auto()?;
        sock.connect(&SocketAddr::new(0, 0))?;
        // SO_RCVBUFFORCE needs CAP_NET_ADMIN; without it the plain option
        // still raises the buffer up to rmem_max.
        if setsockopt(&sock, sockopt::RcvBufForce, &RCVBUF_BYTES).is_err() {
            let _ = setsockopt(&sock, sockopt::RcvBuf, &RCVBUF_BYTES);
        }
        let _ = setsockopt(&sock, sockopt::SndBuf, &(1024 * 1024));
        // Smaller error skbs; an older kernel without it still works (its
        // errors are larger, the window keeps them within the buffer).
        let _ = setsockopt(&sock, CapAck, &true);
        // Not optional: without it a lost answer hangs the process.
        set_receive_timeout(&sock, deadline)?;
        let mut nl = NlSocket::with_transport(sock);
        nl.deadline = deadline;
        Ok(nl)
    }
}

impl NlSocket<Socket> {
    /// Changes the deadline of every later wait on this socket.
    pub fn set_deadline(&mut self, deadline: Duration) -> io::Result<()> {
        set_receive_timeout(&self.sock, deadline)?;
        self.deadline = deadline;
        Ok(())
    }
}

impl<T: Transport> NlSocket<T> {
    /// A socket over `sock`, whose receive timeout is taken to be the
    /// process's default deadline (it is only named in errors: the
    /// transport itself must time out, with EAGAIN).
    pub fn with_transport(sock: T) -> NlSocket<T> {
        NlSocket {
            sock,
            seq: std::process::id().wrapping_mul(7919),
            buf: Vec::with_capacity(RECV_BUF),
            deadline: default_deadline(),
        }
    }

    /// What a failed receive means: the deadline running out (EAGAIN on a
    /// blocking socket with SO_RCVTIMEO) is `Timeout`, the rest an errno.
    fn recv_failed(&self, e: io::Error) -> NlError {
        if ran_out(&e) && !self.deadline.is_zero() {
            NlError::Timeout(self.deadline)
        } else {
            e.into()
        }
    }

    fn next_seq(&mut self) -> u32 {
        // Wrapping is fine: batches map ACKs back by `seq - first`.
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    fn send_all(&mut self, bytes: &[u8]) -> Result<(), NlError> {
        loop {
            match self.sock.send(bytes) {
                Ok(n) if n == bytes.len() => return Ok(()),
                Ok(n) => {
                    return Err(NlError::Protocol(format!(
                        "short send: {n} of {} bytes",
                        bytes.len()
                    )))
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Reads one datagram. `MSG_TRUNC` makes the returned length the
    /// datagram's real size, so truncation is detected, never silent.
    fn recv_datagram(&mut self) -> Result<&[u8], NlError> {
        loop {
            self.buf.clear();
            // EINTR (a signal handler ran) loses nothing: retry, with a
            // whole deadline again. A receive with a timeout is never
            // restarted by SA_RESTART (signal(7)), so this is the common
            // case. ENOBUFS (the receive queue overflowed and the kernel
            // dropped messages) is reported: which replies were lost is
            // unknown; a dump asks again (socket/dumps.rs). EAGAIN is the
            // deadline.
            match self.sock.recv(&mut self.buf) {
                Ok(n) if n > self.buf.len() => {
                    return Err(NlError::Protocol(format!(
                        "reply of {n} bytes truncated to {}",
                        self.buf.len()
                    )))
                }
                Ok(_) => return Ok(&self.buf),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.recv_failed(e)),
            }
        }
    }

    /// Resolves a generic-netlink family by name. `Ok(None)` when the
    /// kernel has no such family (the module is not loaded).
    pub fn resolve_family(&mut self, name: &str) -> Result<Option<FamilyId>, NlError> {
        let seq = self.next_seq();
        let mut genl = GenlMessage::from_payload(GenlCtrl {
            cmd: GenlCtrlCmd::GetFamily,
            nlas: vec![GenlCtrlAttrs::FamilyName(name.to_string())],
        });
        genl.finalize();
        let mut header = NetlinkHeader::default();
        header.flags = NLM_F_REQUEST | NLM_F_ACK;
        header.sequence_number = seq;
        let mut nl = NetlinkMessage::new(header, NetlinkPayload::from(genl));
        nl.finalize();
        let mut bytes = vec![0u8; nl.buffer_len()];
        nl.serialize(&mut bytes);
        self.send_all(&bytes)?;
        let mut id = None;
        loop {
            let frames = decode(self.recv_datagram()?, None)
                .map_err(|e| NlError::Protocol(e.to_string()))?;
            for (frame, payload) in frames {
                match frame {
                    Frame::Other { seq: s, .. } if s == seq => {
                        // The controller's own parser rejects attributes it
                        // does not know, so read CTRL_ATTR_FAMILY_ID here.
                        id = family_id_from(&payload);
                    }
                    Frame::Ack { seq: s, errno } if s == seq => {
                        return match errno {
                            0 => Ok(id),
                            libc::ENOENT => Ok(None),
                            e => Err(NlError::Errno(e)),
                        };
                    }
                    _ => {}
                }
            }
        }
    }

    /// One request answered by data messages and an ACK (GET_INFO,
    /// GET_CONFIG, a single GET_SERVICE) or by an ACK alone. ENOBUFS is
    /// its error, not asked again: for a change, whether it was applied is
    /// then unknown.
    pub fn request(
        &mut self,
        family: FamilyId,
        msg: IpvsMessage,
    ) -> Result<Vec<IpvsMessage>, NlError> {
        let seq = self.next_seq();
        self.send_all(&encode(msg, family, seq, NLM_F_REQUEST | NLM_F_ACK))?;
        let mut out = Vec::new();
        loop {
            let frames = decode(self.recv_datagram()?, Some(family))
                .map_err(|e| NlError::Protocol(e.to_string()))?;
            for (frame, _) in frames {
                match frame {
                    Frame::Data { seq: s, msg, .. } if s == seq => out.push(msg),
                    Frame::Ack { seq: s, errno: 0 } if s == seq => return Ok(out),
                    Frame::Ack { seq: s, errno } if s == seq => return Err(NlError::Errno(errno)),
                    Frame::Overrun { .. } => {
                        return Err(NlError::Protocol("netlink overrun".into()))
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `CTRL_ATTR_FAMILY_ID` from the payload (genl header + attributes) of the
/// controller's GETFAMILY reply; `None` if absent or malformed.
pub fn family_id_from(payload: &[u8]) -> Option<FamilyId> {
    // 4 bytes of genl header, then the controller's attributes.
    let attrs = payload.get(4..)?;
    for nla in super::attr::nlas(attrs) {
        let nla = nla.ok()?;
        if nla.kind() == CTRL_ATTR_FAMILY_ID {
            let v: [u8; 2] = nla.value().get(..2)?.try_into().ok()?;
            return FamilyId::new(u16::from_ne_bytes(v));
        }
    }
    None
}

mod batch;
pub use batch::BatchOutcome;
pub(crate) mod dumps;
pub use dumps::{DumpBufs, RecvMany, MANY};

#[cfg(test)]
#[path = "socket/deadline_tests.rs"]
mod deadline_tests;
#[cfg(test)]
#[path = "socket_tests.rs"]
mod tests;
