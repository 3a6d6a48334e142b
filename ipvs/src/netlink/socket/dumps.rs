//! Reading dumps: one (`NlSocket::dump`), or many in a row on one socket
//! (`dump_each`: one GET_DEST dump per service), each read with as few
//! syscalls as the kernel allows: one `sendmsg` and, on the real socket,
//! one `recvmmsg` per dump. Both follow one set of rules (`Dump`: which
//! frames are the dump's and how it ends; `whole`: an interrupted dump, or
//! one that met ENOBUFS, is asked again). Not the table's assembly
//! (`netlink::table`).
//!
//! Why not several dump requests in one `sendmsg`: a dump request starts
//! the dump and runs its first chunk inside our `sendmsg`
//! (net/netlink/af_netlink.c, `__netlink_dump_start` calls `netlink_dump`,
//! in 6.1 after dropping `cb_mutex`, in 6.12 as `netlink_dump(sk, true)`
//! with it held). `netlink_dump` ends the dump (NLMSG_DONE, `cb_running`
//! cleared) only when the callback returns 0 or an error, and
//! `ip_vs_genl_dump_dests` (net/netfilter/ipvs/ip_vs_ctl.c, 6.1 and 6.12)
//! returns `skb->len`: positive whenever the service has a destination.
//! So a dump with data is still running when the `sendmsg` moves on, and
//! the next request in the same `sendmsg` fails with EBUSY
//! (`__netlink_dump_start`: "A dump is in progress..."). The second call of
//! the callback, which finds nothing more and appends NLMSG_DONE, is run by
//! `netlink_recvmsg` when we read the first chunk (it calls `netlink_dump`
//! while `cb_running` and the receive queue is at most half full). Hence
//! one request at a time per socket; what `recvmmsg` saves is the second
//! `recvmsg` (data, then DONE) of each dump: it reads a datagram, which
//! makes the kernel queue the next one at once, and takes that too.
//!
//! Each dump's answer is handed over as soon as it is complete, so the
//! caller decodes while the next dump is asked for, and nothing but the
//! current dump's messages is held here.
//!
//! ENOBUFS during a dump (the receive queue was full: a busy director, or
//! answers we had not read yet) is not the end of the dump. af_netlink.c:
//! `netlink_dump` returns -ENOBUFS when `sk_rmem_alloc >= sk_rcvbuf` (or
//! its skb cannot be allocated) and leaves `cb_running` set;
//! `netlink_recvmsg` stores that in `sk_err`, which the next receive
//! returns once, and the receives after it go on with the dump (each calls
//! `netlink_dump` while `cb_running`). When that happens to the first
//! chunk, run inside our `sendmsg`, `__netlink_dump_start` returns the
//! error after setting `cb_running`, and the request is answered with an
//! NLMSG_ERROR ENOBUFS while the dump still runs. A new dump request
//! meanwhile would get EBUSY. So the dump is read to its end (its
//! NLMSG_DONE or an error of its own; stale messages of other requests are
//! skipped; the deadline bounds each wait) and, since ENOBUFS says the
//! kernel dropped something for this socket, asked again from the start
//! with a new sequence number, up to `DUMP_RETRIES` tries in all.

use super::{NlError, NlSocket, Transport, DUMP_RETRIES};
use crate::netlink::message::{decode, encode, FamilyId, Frame, IpvsMessage};
use netlink_packet_core::{NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST};
use netlink_sys::Socket;
use std::io;
use std::os::fd::AsRawFd;

/// Datagrams one `recv_many` takes at most. A dump of a few hundred
/// destinations fits in a few 32 KiB chunks plus DONE.
pub const MANY: usize = 8;
/// Bytes per datagram buffer. The kernel sizes a dump's skb by the largest
/// read it has seen on the socket, capped at `SKB_WITH_OVERHEAD(32768)`
/// (af_netlink.c, `netlink_recvmsg` records `max_recvmsg_len`;
/// `netlink_dump` allocates that much), so no chunk is larger than this.
pub const DATAGRAM: usize = 32 * 1024;

/// A transport that can take several queued datagrams in one call. The
/// default takes one (`Transport::recv`); the real socket uses `recvmmsg`.
pub trait RecvMany: Transport {
    /// Waits for one datagram, then takes those already queued, up to
    /// `bufs.len()`; each buffer is cleared and filled, and `lens[i]` is
    /// the datagram's real length (larger than the buffer when truncated).
    /// Returns how many were taken.
    fn recv_many(&mut self, bufs: &mut [Vec<u8>], lens: &mut [usize]) -> io::Result<usize> {
        bufs[0].clear();
        lens[0] = self.recv(&mut bufs[0])?;
        Ok(1)
    }
}

impl RecvMany for Socket {
    fn recv_many(&mut self, bufs: &mut [Vec<u8>], lens: &mut [usize]) -> io::Result<usize> {
        let n = bufs.len().min(lens.len()).min(MANY);
        // SAFETY: iovec is plain data (a pointer and a length); all zeros
        // (null, 0) is a valid value, and each one used is set below.
        let mut iov: [libc::iovec; MANY] = unsafe { std::mem::zeroed() };
        // SAFETY: mmsghdr is plain data; all zeros is a valid "no name, no
        // control, no iovec" header, msg_len 0.
        let mut hdr: [libc::mmsghdr; MANY] = unsafe { std::mem::zeroed() };
        for i in 0..n {
            bufs[i].clear();
            iov[i] = libc::iovec {
                iov_base: bufs[i].as_mut_ptr().cast(),
                iov_len: bufs[i].capacity(),
            };
            hdr[i].msg_hdr.msg_iov = &mut iov[i];
            hdr[i].msg_hdr.msg_iovlen = 1;
        }
        // MSG_WAITFORONE: block for the first, then MSG_DONTWAIT (its
        // EAGAIN ends the call without an error). MSG_TRUNC: netlink then
        // returns each datagram's real length (`netlink_recvmsg`).
        // libc rather than nix::sys::socket::recvmmsg: nix's reads into
        // `IoSliceMut`s, i.e. initialised `&mut [u8]`, so each buffer's
        // spare capacity would have to be zero-filled before every call
        // (MANY x the read size per chunk of a dump) only to be overwritten.
        // SAFETY: `hdr[..n]` each point at one iovec in `iov`, which points
        // into `bufs[i]`'s allocation for its whole capacity; `bufs` and
        // `iov` outlive the call and are not touched during it; `n` <=
        // MANY, the arrays' length; the timeout pointer may be null.
        let r = unsafe {
            libc::recvmmsg(
                self.as_raw_fd(),
                hdr.as_mut_ptr(),
                n as libc::c_uint,
                libc::MSG_WAITFORONE | libc::MSG_TRUNC,
                std::ptr::null_mut(),
            )
        };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        let got = r as usize;
        for i in 0..got {
            let len = hdr[i].msg_len as usize;
            // SAFETY: the kernel wrote min(len, capacity) initialised bytes
            // from the start of `bufs[i]` (len is the real datagram length
            // under MSG_TRUNC, possibly larger than what was copied); u8 has
            // no invalid values.
            unsafe { bufs[i].set_len(len.min(bufs[i].capacity())) };
            lens[i] = len;
        }
        Ok(got)
    }
}

/// Where one dump stands while its messages come in.
struct Dump {
    seq: u32,
    msgs: Vec<IpvsMessage>,
    interrupted: bool,
    /// ENOBUFS came while it ran: something was dropped.
    lost: bool,
}

/// How one try of a dump ended.
enum Answer {
    Whole(Vec<IpvsMessage>),
    /// The dump's own failure (an errno of its own, an overrun).
    Failed(NlError),
    /// To be asked again: the answer cannot be trusted.
    Again(Again),
}

#[derive(Clone, Copy)]
enum Again {
    /// NLM_F_DUMP_INTR: the table changed under the dump.
    Interrupted,
    /// ENOBUFS while it ran.
    Lost,
}

enum Step {
    More,
    Done,
    Failed(NlError),
}

impl Dump {
    fn new(seq: u32) -> Dump {
        Dump {
            seq,
            msgs: Vec::new(),
            interrupted: false,
            lost: false,
        }
    }

    /// What the dump came to, once it ended with `end`. A dump that met
    /// ENOBUFS is asked again however it ended.
    fn answer(self, end: Step) -> Answer {
        match end {
            _ if self.lost => Answer::Again(Again::Lost),
            Step::Failed(e) => Answer::Failed(e),
            _ if self.interrupted => Answer::Again(Again::Interrupted),
            _ => Answer::Whole(self.msgs),
        }
    }

    fn frame(&mut self, frame: Frame) -> Step {
        match frame {
            Frame::Data { seq, msg, flags } if seq == self.seq => {
                self.interrupted |= flags & NLM_F_DUMP_INTR != 0;
                self.msgs.push(msg);
                Step::More
            }
            // A DONE that carries an error ends a dump that failed
            // part-way: what came before it is not the answer.
            Frame::Done { seq, errno, .. } if seq == self.seq && errno != 0 => {
                Step::Failed(match errno {
                    e if e > 0 => NlError::Errno(e),
                    e => NlError::Protocol(format!("NLMSG_DONE with status {}", -e)),
                })
            }
            Frame::Done { seq, flags, .. } if seq == self.seq => {
                self.interrupted |= flags & NLM_F_DUMP_INTR != 0;
                Step::Done
            }
            // The first chunk could not be queued, but the dump runs on
            // (`__netlink_dump_start` returns `netlink_dump`'s error after
            // setting `cb_running`): its data and DONE follow.
            Frame::Ack {
                seq,
                errno: libc::ENOBUFS,
            } if seq == self.seq => {
                self.lost = true;
                Step::More
            }
            Frame::Ack { seq, errno } if seq == self.seq && errno != 0 => {
                Step::Failed(NlError::Errno(errno))
            }
            Frame::Overrun { .. } => Step::Failed(NlError::Protocol("netlink overrun".into())),
            // Stale messages of other requests, and a zero ACK (with
            // NLM_F_ACK a dump ends with DONE, not an ACK).
            _ => Step::More,
        }
    }
}

/// ENOBUFS answers in a row, no datagram between them, after which reading
/// on to a dump's end is given up: the kernel reports each overflow once
/// (`sk_err`, af_netlink.c), and an overflow needs datagrams queued. These
/// receives do not wait, so the deadline would never end such a loop.
const LOST_IN_A_ROW: usize = 16;

/// Counts one more ENOBUFS without a datagram; past `LOST_IN_A_ROW`, the
/// transport's error.
fn lost_again(in_a_row: &mut usize) -> Result<(), NlError> {
    *in_a_row += 1;
    if *in_a_row > LOST_IN_A_ROW {
        return Err(NlError::Errno(libc::ENOBUFS));
    }
    Ok(())
}

/// Asks for a dump with `once` until it comes whole: an interrupted dump
/// (NLM_F_DUMP_INTR: the table changed under it) or one that met ENOBUFS
/// is asked again, `DUMP_RETRIES` tries in all; then the last try's reason
/// is the dump's error (ENOBUFS as the errno it is). The outer error is
/// the transport's, the inner the dump's.
fn whole(
    mut once: impl FnMut() -> Result<Answer, NlError>,
) -> Result<Result<Vec<IpvsMessage>, NlError>, NlError> {
    let mut why = Again::Interrupted;
    for _ in 0..DUMP_RETRIES {
        match once()? {
            Answer::Whole(msgs) => return Ok(Ok(msgs)),
            Answer::Failed(e) => return Ok(Err(e)),
            Answer::Again(again) => why = again,
        }
    }
    Ok(Err(match why {
        Again::Interrupted => NlError::Protocol("the table kept changing during the dump".into()),
        Again::Lost => NlError::Errno(libc::ENOBUFS),
    }))
}

impl<T: Transport> NlSocket<T> {
    /// A dump: every message until NLMSG_DONE. Dumps cannot be pipelined
    /// on one socket (a second gets EBUSY), so this is the only one in
    /// flight. An interrupted dump, or one that met ENOBUFS, is tried
    /// again. The deadline bounds each wait for a datagram, not the dump.
    pub fn dump(
        &mut self,
        family: FamilyId,
        msg: IpvsMessage,
    ) -> Result<Vec<IpvsMessage>, NlError> {
        whole(|| self.dump_once(family, &msg))?
    }

    fn dump_once(&mut self, family: FamilyId, req: &IpvsMessage) -> Result<Answer, NlError> {
        let seq = self.start_dump(family, req)?;
        let mut dump = Dump::new(seq);
        let mut in_a_row = 0;
        loop {
            let datagram = match self.recv_datagram() {
                Ok(datagram) => datagram,
                // Read on to the dump's end (see the top of this file).
                Err(NlError::Errno(libc::ENOBUFS)) => {
                    dump.lost = true;
                    lost_again(&mut in_a_row)?;
                    continue;
                }
                Err(e) => return Err(e),
            };
            in_a_row = 0;
            let frames =
                decode(datagram, Some(family)).map_err(|e| NlError::Protocol(e.to_string()))?;
            for (frame, _) in frames {
                match dump.frame(frame) {
                    Step::More => {}
                    end => return Ok(dump.answer(end)),
                }
            }
        }
    }

    /// Sends a dump request; returns its sequence number.
    fn start_dump(&mut self, family: FamilyId, req: &IpvsMessage) -> Result<u32, NlError> {
        let seq = self.next_seq();
        let flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
        self.send_all(&encode(req.clone(), family, seq, flags))?;
        Ok(seq)
    }
}

/// The receive buffers of a run of dumps.
pub struct DumpBufs {
    pub(super) bufs: Vec<Vec<u8>>,
    pub(super) lens: Vec<usize>,
}

impl DumpBufs {
    pub fn new(datagrams: usize, size: usize) -> DumpBufs {
        let n = datagrams.clamp(1, MANY);
        DumpBufs {
            bufs: (0..n).map(|_| Vec::with_capacity(size)).collect(),
            lens: vec![0; n],
        }
    }
}

impl Default for DumpBufs {
    /// Reads as large as the kernel's dump skbs can be.
    fn default() -> Self {
        DumpBufs::new(MANY, DATAGRAM)
    }
}

impl<T: RecvMany> NlSocket<T> {
    /// Runs one dump per request, in order, one at a time, and hands each
    /// dump's result to `each` with the request's index as soon as it is
    /// complete. A dump's own failure (an errno in its NLMSG_ERROR or
    /// NLMSG_DONE, an overrun) is that dump's result, and the next dump
    /// follows; an interrupted dump (NLM_F_DUMP_INTR) or one that met
    /// ENOBUFS is asked again, `DUMP_RETRIES` tries in all, as `dump`
    /// does. `each` returns false to stop early. A transport failure (no
    /// datagram within the deadline, a datagram that does not decode or
    /// was truncated) ends the run: it is returned, and the dump under way
    /// gets no result.
    pub fn dump_each(
        &mut self,
        family: FamilyId,
        reqs: impl IntoIterator<Item = IpvsMessage>,
        bufs: &mut DumpBufs,
        mut each: impl FnMut(usize, Result<Vec<IpvsMessage>, NlError>) -> bool,
    ) -> Result<(), NlError> {
        for (i, req) in reqs.into_iter().enumerate() {
            let result = whole(|| self.dump_via(family, &req, bufs))?;
            if !each(i, result) {
                break;
            }
        }
        Ok(())
    }

    /// One dump: the outer error is the transport's, the inner the dump's.
    fn dump_via(
        &mut self,
        family: FamilyId,
        req: &IpvsMessage,
        bufs: &mut DumpBufs,
    ) -> Result<Answer, NlError> {
        let seq = self.start_dump(family, req)?;
        let mut dump = Dump::new(seq);
        let mut in_a_row = 0;
        loop {
            // As `recv_datagram`: EINTR is retried, EAGAIN is the deadline;
            // ENOBUFS is read past to the dump's end (top of this file).
            let got = match self.sock.recv_many(&mut bufs.bufs, &mut bufs.lens) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {
                    dump.lost = true;
                    lost_again(&mut in_a_row)?;
                    continue;
                }
                Err(e) => return Err(self.recv_failed(e)),
            };
            in_a_row = 0;
            for k in 0..got {
                let (buf, len) = (&bufs.bufs[k], bufs.lens[k]);
                if len > buf.len() {
                    return Err(NlError::Protocol(format!(
                        "reply of {len} bytes truncated to {}",
                        buf.len()
                    )));
                }
                let frames =
                    decode(buf, Some(family)).map_err(|e| NlError::Protocol(e.to_string()))?;
                for (frame, _) in frames {
                    match dump.frame(frame) {
                        Step::More => {}
                        // Datagrams after this one (k + 1..got) can only
                        // be stale: nothing else of ours is in flight.
                        end => return Ok(dump.answer(end)),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "enobufs_tests.rs"]
mod enobufs_tests;
#[cfg(test)]
#[path = "dumps_tests.rs"]
pub(crate) mod tests;
