//! Pipelined requests on the socket: many to a sendmsg, only the last of
//! each asking for an ACK, each answer matched to its request by sequence
//! number, and what was answered kept when the transport fails part way.
//!
//! Why only one ACK per sendmsg is enough (net/netlink/af_netlink.c,
//! `netlink_rcv_skb`): the kernel walks the messages of one sendmsg in
//! order, and after each one `if (nlh->nlmsg_flags & NLM_F_ACK || err)
//! netlink_ack(skb, nlh, err, ...)`, so a failing request is always
//! answered with an NLMSG_ERROR carrying its errno and sequence number,
//! whatever its flags, and a request without NLM_F_ACK that succeeds is
//! answered by nothing. Generic netlink runs the IPVS handler inside our
//! sendmsg (`genl_rcv` holds `genl_mutex` around `netlink_rcv_skb`;
//! ip_vs_ctl.c's `ip_vs_genl_set_cmd` takes `__ip_vs_mutex`
//! uninterruptibly and returns 0 or -errno, never the -EINTR that would
//! skip the answer). The answers are queued on our socket in that order,
//! so once the ACK of a sendmsg's last request is read, every request of
//! that sendmsg with no error before it succeeded. This saves one skb and
//! one recvmsg per request (11,000 per 11,000-line restore).
//!
//! The one way to be wrong is a lost answer: when our receive queue is
//! full the kernel drops the message and reports ENOBUFS on the next
//! recvmsg (`netlink_overrun`; also when `netlink_ack` cannot allocate). The
//! socket is opened with a large buffer and NETLINK_CAP_ACK (see
//! `NlSocket::open`), and a sendmsg carries at most `WINDOW` requests, so
//! even if every one fails their errors fit. If ENOBUFS comes anyway, the
//! requests of that sendmsg not yet answered stay `None`: unknown, never
//! success.

use super::{NlError, NlSocket, Transport, SEND_CHUNK, WINDOW};
use crate::netlink::encode::{encode_into, FLAGS_AT};
use crate::netlink::message::{decode, FamilyId, Frame, IpvsMessage};
use netlink_packet_core::{NLM_F_ACK, NLM_F_REQUEST};

impl<T: Transport> NlSocket<T> {
    /// Sends the requests in order, packed several to a sendmsg; returns
    /// each request's errno (0 = applied).
    pub fn batch(&mut self, family: FamilyId, msgs: Vec<IpvsMessage>) -> Result<Vec<i32>, NlError> {
        let b = self.batch_partial(family, msgs);
        match b.error {
            Some(e) => Err(e),
            None => Ok(b.answers.into_iter().map(|a| a.unwrap_or(0)).collect()),
        }
    }

    /// `batch`, keeping what was answered when the transport fails: an
    /// ENOBUFS (answers lost) or a datagram that does not decode ends the
    /// batch, but the answers already known stay, and `sent` says how many
    /// requests went out (those after it were never sent).
    pub fn batch_partial(&mut self, family: FamilyId, msgs: Vec<IpvsMessage>) -> BatchOutcome {
        let n = msgs.len();
        let mut answers: Vec<Option<i32>> = vec![None; n];
        let first = self.seq.wrapping_add(1);
        // Every request in one buffer, without NLM_F_ACK; request i is
        // wire[starts[i]..starts[i + 1]].
        let mut wire = Vec::with_capacity(n * 224);
        let mut starts = Vec::with_capacity(n + 1);
        for m in &msgs {
            starts.push(wire.len());
            let seq = self.next_seq();
            encode_into(&mut wire, m, family, seq, NLM_F_REQUEST);
        }
        starts.push(wire.len());
        drop(msgs);
        let mut sent = 0;
        while sent < n {
            let begin = sent;
            let mut end = begin + 1;
            while end < n && end - begin < WINDOW && starts[end + 1] - starts[begin] <= SEND_CHUNK {
                end += 1;
            }
            // The sendmsg's last request asks for the ACK that closes it.
            let flags = &mut wire[starts[end - 1]..][FLAGS_AT];
            let f = u16::from_ne_bytes([flags[0], flags[1]]) | NLM_F_ACK;
            flags.copy_from_slice(&f.to_ne_bytes());
            // Whether a failed sendmsg delivered anything is not known:
            // its requests count as sent, unanswered.
            sent = end;
            let done = self
                .send_all(&wire[starts[begin]..starts[end]])
                .and_then(|()| self.read_answers(family, first, begin..end, &mut answers));
            if let Err(e) = done {
                return BatchOutcome::ended(answers, sent, e);
            }
        }
        BatchOutcome {
            answers,
            sent,
            error: None,
        }
    }

    /// Reads answers until the ACK (or error) of the last request of
    /// `range`, then marks the rest of the range applied: the kernel would
    /// have answered a failure before it.
    fn read_answers(
        &mut self,
        family: FamilyId,
        first: u32,
        range: std::ops::Range<usize>,
        answers: &mut [Option<i32>],
    ) -> Result<(), NlError> {
        let last = range.end - 1;
        loop {
            let datagram = self.recv_datagram()?;
            let frames =
                decode(datagram, Some(family)).map_err(|e| NlError::Protocol(e.to_string()))?;
            let mut closed = false;
            for (frame, _) in frames {
                // Answers to other requests (stale ones) are not ours.
                if let Frame::Ack { seq, errno } = frame {
                    let i = seq.wrapping_sub(first) as usize;
                    if range.contains(&i) && answers[i].is_none() {
                        answers[i] = Some(errno);
                        closed |= i == last;
                    }
                }
            }
            if closed {
                for a in &mut answers[range] {
                    a.get_or_insert(0);
                }
                return Ok(());
            }
        }
    }
}

/// What a batch got: per request, its errno (0 = applied) if known; how
/// many were sent; the transport error that ended it early, if any.
#[derive(Debug)]
pub struct BatchOutcome {
    pub answers: Vec<Option<i32>>,
    pub sent: usize,
    pub error: Option<NlError>,
}

impl BatchOutcome {
    fn ended(answers: Vec<Option<i32>>, sent: usize, e: NlError) -> BatchOutcome {
        BatchOutcome {
            answers,
            sent,
            error: Some(e),
        }
    }
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
