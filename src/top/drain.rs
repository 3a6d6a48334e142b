//! A draining real server (weight 0): its active connections over the
//! last half minute, and when they will reach 0 at the rate they fall.
//!
//! The estimate is a least-squares line through the recent points, so one
//! noisy sample does not swing it; a server whose connections are not
//! falling has no estimate, which is the truth (keep-alive clients that
//! never leave).

use std::collections::VecDeque;

/// Points kept for the estimate.
const WINDOW: usize = 30;

/// What the view shows for a server at weight 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drain {
    /// No active connections left.
    Drained,
    /// Falling: seconds until the line reaches 0.
    Eta(f64),
    /// Too few points yet, or not falling.
    Unknown,
}

#[derive(Debug, Clone, Default)]
pub struct DrainTrack {
    /// (seconds since start, active connections)
    points: VecDeque<(f64, f64)>,
}

impl DrainTrack {
    pub fn push(&mut self, at: f64, active: u32) {
        if self.points.len() == WINDOW {
            self.points.pop_front();
        }
        self.points.push_back((at, active as f64));
    }

    pub fn estimate(&self) -> Drain {
        let Some(&(t_last, last)) = self.points.back() else {
            return Drain::Unknown;
        };
        if last == 0.0 {
            return Drain::Drained;
        }
        if self.points.len() < 3 {
            return Drain::Unknown;
        }
        let n = self.points.len() as f64;
        let (st, sa) = self
            .points
            .iter()
            .fold((0.0, 0.0), |(st, sa), (t, a)| (st + t, sa + a));
        let (mt, ma) = (st / n, sa / n);
        let (mut num, mut den) = (0.0, 0.0);
        for (t, a) in &self.points {
            num += (t - mt) * (a - ma);
            den += (t - mt) * (t - mt);
        }
        if den <= 0.0 {
            return Drain::Unknown;
        }
        let slope = num / den;
        if slope >= -1e-9 {
            return Drain::Unknown;
        }
        // Where the fitted line crosses 0, from the last sample's time.
        let at_last = ma + slope * (t_last - mt);
        Drain::Eta((at_last.max(0.0) / -slope).max(0.0))
    }
}

/// `1h02m`, `3m05s`, `42s`: short enough for a table cell.
pub fn eta_text(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falling_connections_give_the_time_to_zero() {
        let mut d = DrainTrack::default();
        for (t, a) in [(0.0, 100), (1.0, 90), (2.0, 80), (3.0, 70)] {
            d.push(t, a);
        }
        match d.estimate() {
            Drain::Eta(s) => assert!((s - 7.0).abs() < 1e-6, "{s}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flat_or_rising_has_no_estimate_and_zero_is_drained() {
        let mut d = DrainTrack::default();
        for t in 0..5 {
            d.push(t as f64, 40);
        }
        assert_eq!(d.estimate(), Drain::Unknown);
        d.push(5.0, 0);
        assert_eq!(d.estimate(), Drain::Drained);
        assert_eq!(DrainTrack::default().estimate(), Drain::Unknown);
    }

    #[test]
    fn only_the_last_window_counts() {
        let mut d = DrainTrack::default();
        // An old rise, then a steady fall of 2 a second.
        for t in 0..20 {
            d.push(t as f64, 10 + t as u32);
        }
        for t in 20..60 {
            d.push(t as f64, 200 - 2 * (t as u32 - 20));
        }
        match d.estimate() {
            Drain::Eta(s) => assert!((s - 61.0).abs() < 1e-6, "{s}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn eta_reads_short() {
        assert_eq!(eta_text(42.4), "42s");
        assert_eq!(eta_text(185.0), "3m05s");
        assert_eq!(eta_text(3720.0), "1h02m");
    }
}
