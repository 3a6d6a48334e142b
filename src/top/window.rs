//! Over which reads a rate is taken: the kernel's counters move in steps.
//!
//! The counters the kernel lists are not live: `ip_vs_copy_stats`
//! (ip_vs_ctl.c) copies `kstats`, which the estimator refreshes from the
//! per-CPU counters once every two seconds (ip_vs_est.c: 6.1's
//! `estimation_timer` runs every 2 * HZ; since 6.2 each estimator is
//! visited once per 2-second round of the kthreads' ticks). Seen on 6.1
//! at `-d 1`: deltas of single reads alternate 0, 2x, 0, 2x the true rate.
//!
//! So a rate is the change over a window of whole reads that spans a whole
//! number of kernel periods: with reads every second (the default) the
//! last two reads, with reads every 1.5 s the last four (6 s), every 3 s
//! the last two. A window of whole periods holds exactly that many kernel
//! refreshes whatever their phase, so the rate is steady and true. The
//! window is taken from the reads' real times, as the smallest one within
//! 60 ms of a whole number of periods; with none (an interval that
//! neither divides nor is a multiple of 2 s, or reads slower than the
//! interval), the longest there is, [`MAX_READS`] back, whose error is at
//! most one refresh in the periods it spans.

use std::collections::VecDeque;

use super::rates::{Counters, Rates};

/// How often the kernel refreshes the counters it lists, in seconds.
pub const KERNEL_PERIOD: f64 = 2.0;
/// The most reads a row keeps (a window of 8 reads at `-d 0.25`, the
/// shortest interval `-d` takes).
pub const MAX_READS: usize = 8;
/// How far from a whole number of periods a window may be: scheduling
/// jitter (the loops time each read from the start of the last), not an
/// interval the user chose: at `-d 1.9` a window of 1.9 s would hold no
/// refresh one time in twenty.
const SLACK: f64 = 0.03;

/// The times of the last reads, newest last (the current one not yet in).
#[derive(Debug, Default, Clone)]
pub struct Clock {
    times: VecDeque<f64>,
}

impl Clock {
    /// How many reads back the window of a read at `now` starts: the
    /// smallest window of whole kernel periods, or, once [`MAX_READS`]
    /// reads are known without one (a `-d` far below the period), the
    /// longest there is. None while there are too few reads for either:
    /// no rate yet.
    pub fn reads_back(&self, now: f64) -> Option<usize> {
        let n = self.times.len();
        for j in 1..=n {
            let periods = (now - self.times[n - j]) / KERNEL_PERIOD;
            if periods >= 1.0 - SLACK && (periods - periods.round()).abs() <= SLACK {
                return Some(j);
            }
        }
        (n == MAX_READS).then_some(n)
    }

    /// The time of the read `j` reads back (1: the previous one).
    pub fn back(&self, j: usize) -> Option<f64> {
        if j == 0 {
            return None;
        }
        self.times.len().checked_sub(j).map(|i| self.times[i])
    }

    pub fn push(&mut self, now: f64) {
        if self.times.len() == MAX_READS {
            self.times.pop_front();
        }
        self.times.push_back(now);
    }
}

/// One row's counters at its last reads, newest last.
#[derive(Debug, Default, Clone)]
pub struct Past {
    counters: VecDeque<Counters>,
}

impl Past {
    /// The rates of `cur`, read at `now`, over the window `j` reads back.
    /// A zeroed counter is a reset; a row younger than the window (new,
    /// or zeroed since) has no rate yet.
    pub fn rates(&self, cur: &Counters, now: f64, clock: &Clock, j: Option<usize>) -> Rates {
        let Some(newest) = self.counters.back() else {
            return Rates::Unknown;
        };
        if Rates::between(newest, cur, 1.0) == Rates::Reset {
            return Rates::Reset;
        }
        let Some(j) = j.filter(|j| (1..=self.counters.len()).contains(j)) else {
            return Rates::Unknown;
        };
        match clock.back(j) {
            Some(then) => Rates::between(&self.counters[self.counters.len() - j], cur, now - then),
            None => Rates::Unknown,
        }
    }

    /// Keeps `cur` (the `keep` newest are kept); after a reset only the
    /// counters since it count.
    pub fn push(&mut self, cur: Counters, keep: usize) {
        if self
            .counters
            .back()
            .is_some_and(|b| Rates::between(b, &cur, 1.0) == Rates::Reset)
        {
            self.counters.clear();
        }
        self.counters.push_back(cur);
        while self.counters.len() > keep.clamp(1, MAX_READS) {
            self.counters.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(times: &[f64]) -> Clock {
        let mut c = Clock::default();
        for t in times {
            c.push(*t);
        }
        c
    }

    #[test]
    fn the_window_spans_whole_kernel_periods() {
        assert_eq!(clock(&[]).reads_back(0.0), None);
        assert_eq!(clock(&[0.0]).reads_back(1.0), None);
        assert_eq!(clock(&[0.0, 1.0]).reads_back(2.0), Some(2));
        // Scheduling jitter: 2.04 s is two seconds within the slack.
        assert_eq!(clock(&[0.0, 1.02]).reads_back(2.04), Some(2));
        // An interval of 1.9 s is not: no whole window until the longest.
        let t19: Vec<f64> = (0..7).map(|i| i as f64 * 1.9).collect();
        assert_eq!(clock(&t19).reads_back(7.0 * 1.9), None);
        assert_eq!(clock(&[0.0, 1.5, 3.0, 4.5]).reads_back(6.0), Some(4));
        assert_eq!(clock(&[0.0]).reads_back(3.0), None);
        assert_eq!(clock(&[0.0, 3.0]).reads_back(6.0), Some(2));
        assert_eq!(clock(&[0.0, 0.5, 1.0, 1.5]).reads_back(2.0), Some(4));
        assert_eq!(clock(&[10.0]).reads_back(12.0), Some(1));
        // Reads far more often than the kernel's period: the longest window.
        let fast: Vec<f64> = (0..MAX_READS).map(|i| i as f64 * 0.1).collect();
        assert_eq!(clock(&fast).reads_back(0.8), Some(MAX_READS));
    }

    /// The kernel's counter at `t`: `rate` a second, refreshed every
    /// 2 s at phase `phase`.
    fn kernel(t: f64, rate: f64, phase: f64) -> Counters {
        let ticks = ((t - phase) / KERNEL_PERIOD).floor().max(0.0);
        let c = (ticks * KERNEL_PERIOD * rate) as u64;
        Counters([c, c, c, c, c])
    }

    #[test]
    fn steady_rates_from_counters_refreshed_every_two_seconds() {
        for (delay, phase) in [
            (1.0, 0.3),
            (1.0, 1.7),
            (0.5, 0.9),
            (0.25, 0.4),
            (1.5, 0.2),
            (3.0, 1.1),
        ] {
            let (mut c, mut past) = (Clock::default(), Past::default());
            let mut seen = Vec::new();
            for i in 0..20 {
                let now = 100.0 + i as f64 * delay;
                let cur = kernel(now, 10.0, phase);
                let j = c.reads_back(now);
                match past.rates(&cur, now, &c, j) {
                    Rates::Valid(p) => seen.push(p.cps),
                    Rates::Unknown => assert!(i < 8, "{delay}: no rate at read {i}"),
                    Rates::Reset => panic!("reset"),
                }
                past.push(cur, j.map_or(MAX_READS, |j| j + 1));
                c.push(now);
            }
            assert!(seen.len() > 10, "{delay}");
            assert!(
                seen.iter().all(|r| (r - 10.0).abs() < 1e-9),
                "delay {delay} phase {phase}: {seen:?}"
            );
        }
    }

    #[test]
    fn other_intervals_take_the_longest_window_and_never_show_a_busy_row_idle() {
        for delay in [1.9, 0.9, 2.1, 0.3] {
            let (mut c, mut past) = (Clock::default(), Past::default());
            for i in 0..60 {
                let now = 100.0 + i as f64 * delay;
                let cur = kernel(now, 10.0, 0.7);
                let j = c.reads_back(now);
                if let Rates::Valid(p) = past.rates(&cur, now, &c, j) {
                    // One refresh in the periods the window spans at most.
                    let span = (MAX_READS as f64 * delay / KERNEL_PERIOD).floor().max(1.0);
                    assert!(
                        (p.cps - 10.0).abs() <= 10.0 / span + 1e-9,
                        "{delay}: {} at read {i}",
                        p.cps
                    );
                    assert!(p.cps > 0.0, "{delay}: a busy row at 0");
                }
                past.push(cur, j.map_or(MAX_READS, |j| j + 1));
                c.push(now);
            }
        }
    }

    #[test]
    fn a_reset_shows_once_then_counts_from_the_reset() {
        let c = clock(&[0.0, 1.0]);
        let mut past = Past::default();
        past.push(Counters([100; 5]), 3);
        past.push(Counters([120; 5]), 3);
        assert_eq!(
            past.rates(&Counters([5; 5]), 2.0, &c, Some(2)),
            Rates::Reset
        );
        past.push(Counters([5; 5]), 3);
        let c = clock(&[0.0, 1.0, 2.0]);
        // One read since the reset: younger than the window.
        assert_eq!(
            past.rates(&Counters([25; 5]), 3.0, &c, Some(2)),
            Rates::Unknown
        );
        past.push(Counters([25; 5]), 3);
        let c = clock(&[0.0, 1.0, 2.0, 3.0]);
        let r = past.rates(&Counters([45; 5]), 4.0, &c, Some(2));
        assert_eq!(r.valid().map(|p| p.cps), Some(20.0), "from the reset on");
    }
}
