//! Rates from two samples of the kernel's 64-bit counters, and the one
//! thing a rate must never be: negative.
//!
//! A counter that went down was either zeroed (`ipvsadm -Z`, or the
//! service deleted and added again between samples) or wrapped past
//! 2^64. Zeroing is what happens in practice; a wrap needs a counter that
//! was within [`WRAP_WINDOW`] of the limit and is now within it of 0. A
//! zeroed row shows as a reset for one interval (no rate, a gap in its
//! sparkline), never as a spike; a wrapped counter gives its true delta.

use crate::model::Stats;

/// How close to 2^64 (before) and to 0 (after) a counter must be for a
/// decrease to count as a wrap. 2^40 bytes is a terabyte: more than one
/// interval's traffic, far less than the distance of any counter from its
/// limit in real life.
pub const WRAP_WINDOW: u64 = 1 << 40;

/// One counter's change between two samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delta {
    Grew(u64),
    /// Went down, not by wrapping: zeroed.
    Reset,
}

pub fn delta(prev: u64, cur: u64) -> Delta {
    if cur >= prev {
        Delta::Grew(cur - prev)
    } else if prev > u64::MAX - WRAP_WINDOW && cur < WRAP_WINDOW {
        Delta::Grew(cur.wrapping_sub(prev))
    } else {
        Delta::Reset
    }
}

/// The five counters a rate is taken of: connections, packets in and
/// out, bytes in and out (what a row keeps of each read; the kernel's
/// `Stats` also carries its estimator's rates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters(pub [u64; 5]);

impl From<&Stats> for Counters {
    fn from(s: &Stats) -> Counters {
        Counters([s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes])
    }
}

/// The rates of a row for one interval.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Rates {
    /// No earlier sample of the row (first refresh, or it just appeared).
    #[default]
    Unknown,
    /// Its counters were zeroed in the interval.
    Reset,
    /// Per second.
    Valid(PerSecond),
}

/// Connections, packets and bytes per second, in and out.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PerSecond {
    pub cps: f64,
    pub inpps: f64,
    pub outpps: f64,
    pub inbps: f64,
    pub outbps: f64,
}

impl Rates {
    /// From the counters of two samples `secs` apart. Any zeroed counter
    /// makes the whole row a reset: `-Z` zeroes them all at once, and a
    /// rate from the others would be half a truth.
    pub fn between(prev: &Counters, cur: &Counters, secs: f64) -> Rates {
        if secs.is_nan() || secs <= 0.0 {
            return Rates::Unknown;
        }
        let mut out = [0f64; 5];
        for (slot, (p, c)) in out.iter_mut().zip(prev.0.into_iter().zip(cur.0)) {
            match delta(p, c) {
                Delta::Grew(d) => *slot = d as f64 / secs,
                Delta::Reset => return Rates::Reset,
            }
        }
        Rates::Valid(PerSecond {
            cps: out[0],
            inpps: out[1],
            outpps: out[2],
            inbps: out[3],
            outbps: out[4],
        })
    }

    /// The kernel estimator's rates (`--kernel-rates`): a two-second
    /// moving average kept by the kernel, all 0 where
    /// net.ipv4.vs.run_estimation is 0.
    pub fn estimated(s: &Stats) -> Rates {
        Rates::Valid(PerSecond {
            cps: s.cps as f64,
            inpps: s.inpps as f64,
            outpps: s.outpps as f64,
            inbps: s.inbps as f64,
            outbps: s.outbps as f64,
        })
    }

    pub fn valid(&self) -> Option<&PerSecond> {
        match self {
            Rates::Valid(p) => Some(p),
            _ => None,
        }
    }
}

impl PerSecond {
    pub fn add(&mut self, o: &PerSecond) {
        self.cps += o.cps;
        self.inpps += o.inpps;
        self.outpps += o.outpps;
        self.inbps += o.inbps;
        self.outbps += o.outbps;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn between(a: &Stats, b: &Stats, secs: f64) -> Rates {
        Rates::between(&a.into(), &b.into(), secs)
    }

    fn stats(c: u64, b: u64) -> Stats {
        let mut s = Stats::default();
        s.conns = c;
        s.inpkts = c * 3;
        s.outpkts = c * 2;
        s.inbytes = b;
        s.outbytes = b * 4;
        s
    }

    #[test]
    fn deltas_over_the_interval() {
        let r = between(&stats(10, 1000), &stats(30, 3000), 2.0);
        let p = r.valid().unwrap();
        assert_eq!((p.cps, p.inpps, p.outpps), (10.0, 30.0, 20.0));
        assert_eq!((p.inbps, p.outbps), (1000.0, 4000.0));
    }

    #[test]
    fn a_zeroed_row_is_a_reset_not_a_spike_or_a_negative_rate() {
        assert_eq!(
            between(&stats(500, 9_000_000), &stats(0, 0), 1.0),
            Rates::Reset
        );
        // Zeroed, then some traffic before the sample: still lower.
        assert_eq!(
            between(&stats(500, 9_000_000), &stats(3, 700), 1.0),
            Rates::Reset
        );
    }

    #[test]
    fn a_counter_wrapping_past_2_to_the_64_gives_its_true_delta() {
        assert_eq!(delta(u64::MAX - 9, 5), Delta::Grew(15));
        assert_eq!(delta(u64::MAX, 0), Delta::Grew(1));
        let mut near = stats(10, 0);
        near.inbytes = u64::MAX - 99;
        let mut after = stats(11, 0);
        after.inbytes = 900;
        let p = *between(&near, &after, 1.0).valid().unwrap();
        assert_eq!(p.inbps, 1000.0);
    }

    #[test]
    fn near_the_limit_without_wrapping_is_plain_growth() {
        assert_eq!(delta(u64::MAX - 10, u64::MAX), Delta::Grew(10));
        // Far from both ends: a decrease is a zeroing.
        assert_eq!(delta(u64::MAX / 2, 10), Delta::Reset);
    }

    #[test]
    fn no_interval_no_rate() {
        assert_eq!(between(&stats(1, 1), &stats(2, 2), 0.0), Rates::Unknown);
        assert_eq!(
            between(&stats(1, 1), &stats(2, 2), f64::NAN),
            Rates::Unknown
        );
    }
}
