//! Pipelined requests on the socket: many in flight, each answer matched
//! to its request by sequence number, and what was answered kept when the
//! transport fails part way.

use super::{NlError, NlSocket, Transport, REFILL_AT, SEND_CHUNK, WINDOW};
use crate::netlink::message::{decode, encode, FamilyId, Frame, IpvsMessage};
use netlink_packet_core::{NLM_F_ACK, NLM_F_REQUEST};

impl<T: Transport> NlSocket<T> {
    /// Sends the requests in order, at most `WINDOW` in flight, packed
    /// several to a sendmsg; returns each request's errno (0 = ACK).
    pub fn batch(&mut self, family: FamilyId, msgs: Vec<IpvsMessage>) -> Result<Vec<i32>, NlError> {
        let b = self.batch_partial(family, msgs);
        match b.error {
            Some(e) => Err(e),
            None => Ok(b.answers.into_iter().map(|a| a.unwrap_or(0)).collect()),
        }
    }

    /// `batch`, keeping what was answered when the transport fails: an
    /// ENOBUFS (a receive buffer that could not be raised, as in
    /// containers) or a datagram that does not decode ends the batch, but
    /// the answers already read stay, and `sent` says how many requests
    /// went out (those after it were never sent).
    pub fn batch_partial(&mut self, family: FamilyId, msgs: Vec<IpvsMessage>) -> BatchOutcome {
        let n = msgs.len();
        let mut result: Vec<Option<i32>> = vec![None; n];
        let first = self.seq.wrapping_add(1);
        let mut encoded = Vec::with_capacity(n);
        for m in msgs {
            let seq = self.next_seq();
            encoded.push(encode(m, family, seq, NLM_F_REQUEST | NLM_F_ACK));
        }
        let (mut sent, mut answered) = (0usize, 0usize);
        while answered < n {
            // Refill only once half the window is answered: refilling after
            // every ACK sent one request per sendmsg (8,800 sendmsg for an
            // 11,000-line restore, bench/run --profile). The kernel runs a
            // sendmsg's requests before it returns, so waiting loses nothing.
            if sent < n && sent - answered <= REFILL_AT {
                let mut chunk = Vec::with_capacity(SEND_CHUNK);
                while sent < n
                    && sent - answered < WINDOW
                    && chunk.len() + encoded[sent].len() <= SEND_CHUNK.max(encoded[sent].len())
                {
                    chunk.extend_from_slice(&encoded[sent]);
                    sent += 1;
                    if chunk.len() >= SEND_CHUNK {
                        break;
                    }
                }
                if let Err(e) = self.send_all(&chunk) {
                    // Whether a failed sendmsg delivered anything is not
                    // known: its requests count as sent, unanswered.
                    return BatchOutcome::ended(result, sent, e);
                }
                continue;
            }
            let frames = match self.recv_datagram() {
                Ok(d) => decode(d, Some(family)).map_err(|e| NlError::Protocol(e.to_string())),
                Err(e) => Err(e),
            };
            let frames = match frames {
                Ok(f) => f,
                Err(e) => return BatchOutcome::ended(result, sent, e),
            };
            for (frame, _) in frames {
                if let Frame::Ack { seq, errno } = frame {
                    let i = seq.wrapping_sub(first) as usize;
                    if i < sent && result[i].is_none() {
                        result[i] = Some(errno);
                        answered += 1;
                    }
                }
            }
        }
        BatchOutcome {
            answers: result,
            sent,
            error: None,
        }
    }
}

/// What a batch got: per request, its errno (0 = ACK) if answered; how
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
