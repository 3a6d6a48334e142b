//! The last minutes of one figure of a service, and its sparkline.
//!
//! A fixed ring of `f32` (NaN where there was no rate: the first refresh,
//! a reset), so that memory is known in advance: [`LEN`] points a service,
//! two figures, whatever the table does.

/// Points kept: two minutes at the default one-second interval.
pub const LEN: usize = 120;

/// Block characters from lowest to highest; a gap is a space.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

#[derive(Debug, Clone)]
pub struct Ring {
    points: Box<[f32; LEN]>,
    /// Where the next point goes.
    next: usize,
    /// How many points are in (up to LEN).
    filled: usize,
}

impl Default for Ring {
    fn default() -> Ring {
        Ring {
            points: Box::new([f32::NAN; LEN]),
            next: 0,
            filled: 0,
        }
    }
}

impl Ring {
    /// Adds a point; `None` is a gap.
    pub fn push(&mut self, v: Option<f64>) {
        self.points[self.next] = v.map_or(f32::NAN, |v| v as f32);
        self.next = (self.next + 1) % LEN;
        self.filled = (self.filled + 1).min(LEN);
    }

    /// The last `n` points, oldest first (fewer if fewer were pushed).
    pub fn last(&self, n: usize) -> impl Iterator<Item = Option<f32>> + '_ {
        let n = n.min(self.filled);
        let start = (self.next + LEN - n) % LEN;
        (0..n).map(move |i| {
            let v = self.points[(start + i) % LEN];
            (!v.is_nan()).then_some(v)
        })
    }

    /// The newest point.
    pub fn latest(&self) -> Option<f32> {
        self.last(1).next().flatten()
    }
}

/// The last `width` points as block characters, scaled to the largest of
/// them (so a quiet service still shows its shape), right-aligned: the
/// newest point is the last character. All zero is a flat line of the
/// lowest bar; a gap (reset, unknown) a space.
pub fn sparkline(ring: &Ring, width: usize) -> String {
    let pts: Vec<Option<f32>> = ring.last(width).collect();
    let max = pts.iter().flatten().fold(0f32, |m, v| m.max(*v));
    let mut s = String::with_capacity(width * 3);
    for _ in pts.len()..width {
        s.push(' ');
    }
    for p in pts {
        s.push(match p {
            None => ' ',
            Some(v) if max <= 0.0 || v <= 0.0 => BARS[0],
            Some(v) => {
                let i = ((v / max) * (BARS.len() - 1) as f32).round() as usize;
                BARS[i.clamp(1, BARS.len() - 1)]
            }
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(vals: &[Option<f64>]) -> Ring {
        let mut r = Ring::default();
        for v in vals {
            r.push(*v);
        }
        r
    }

    #[test]
    fn scaled_to_the_largest_point_newest_last() {
        let r = ring(&[Some(0.0), Some(1.0), Some(4.0), Some(8.0)]);
        assert_eq!(sparkline(&r, 4), "▁▂▅█");
        // Narrower than the history: the newest points.
        assert_eq!(sparkline(&r, 2), "▅█");
        // Wider: padded on the left.
        assert_eq!(sparkline(&r, 6), "  ▁▂▅█");
    }

    #[test]
    fn a_reset_is_a_gap_not_a_spike() {
        let r = ring(&[Some(10.0), None, Some(10.0)]);
        assert_eq!(sparkline(&r, 3), "█ █");
        assert_eq!(r.latest(), Some(10.0));
    }

    #[test]
    fn idle_is_flat() {
        assert_eq!(sparkline(&ring(&[Some(0.0); 3]), 3), "▁▁▁");
        assert_eq!(sparkline(&Ring::default(), 3), "   ");
    }

    #[test]
    fn the_ring_keeps_the_last_len_points() {
        let mut r = Ring::default();
        for i in 0..(LEN + 5) {
            r.push(Some(i as f64));
        }
        let all: Vec<_> = r.last(LEN + 10).collect();
        assert_eq!(all.len(), LEN);
        assert_eq!(all[0], Some(5.0));
        assert_eq!(r.latest(), Some((LEN + 4) as f32));
    }
}
