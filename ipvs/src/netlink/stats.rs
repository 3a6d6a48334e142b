//! `IPVS_*_ATTR_STATS` and `_STATS64`: the counters nest of a service or a
//! destination. The 32-bit nest carries u32 counters except the two byte
//! counters (u64); the 64-bit nest is all u64.

use super::attr;
use super::consts::*;
use crate::model::Stats;
use netlink_packet_core::{DecodeError, DefaultNla, Emitable};

/// One counters nest; `wide` is STATS64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsNest {
    pub wide: bool,
    pub stats: Stats,
}

impl StatsNest {
    fn fields(&self) -> [(u16, u64, bool); 10] {
        let s = &self.stats;
        let w = self.wide;
        [
            (IPVS_STATS_ATTR_CONNS, s.conns, w),
            (IPVS_STATS_ATTR_INPKTS, s.inpkts, w),
            (IPVS_STATS_ATTR_OUTPKTS, s.outpkts, w),
            (IPVS_STATS_ATTR_INBYTES, s.inbytes, true),
            (IPVS_STATS_ATTR_OUTBYTES, s.outbytes, true),
            (IPVS_STATS_ATTR_CPS, s.cps, w),
            (IPVS_STATS_ATTR_INPPS, s.inpps, w),
            (IPVS_STATS_ATTR_OUTPPS, s.outpps, w),
            (IPVS_STATS_ATTR_INBPS, s.inbps, w),
            (IPVS_STATS_ATTR_OUTBPS, s.outbps, w),
        ]
    }

    fn nlas(&self) -> Vec<DefaultNla> {
        self.fields()
            .iter()
            .map(|&(kind, v, wide)| {
                // A 32-bit nest can only have carried a bigger value as 8
                // bytes (`counter` accepts either width): keep it whole.
                let bytes = if wide || v > u32::MAX as u64 {
                    v.to_ne_bytes().to_vec()
                } else {
                    (v as u32).to_ne_bytes().to_vec()
                };
                DefaultNla::new(kind, bytes)
            })
            .collect()
    }

    pub fn value_len(&self) -> usize {
        self.nlas().iter().map(|n| n.buffer_len()).sum()
    }

    pub fn emit_value(&self, buf: &mut [u8]) {
        let mut off = 0;
        for n in self.nlas() {
            n.emit(&mut buf[off..]);
            off += n.buffer_len();
        }
    }

    /// Parses either nest, by each value's width. PAD and unknown counters
    /// from newer kernels are skipped.
    pub fn parse(buf: &[u8], wide: bool) -> Result<StatsNest, DecodeError> {
        let mut s = Stats::default();
        for nla in attr::nlas(buf) {
            let nla = nla?;
            let (field, name) = match nla.kind() {
                IPVS_STATS_ATTR_CONNS => (&mut s.conns, "IPVS_STATS_ATTR_CONNS"),
                IPVS_STATS_ATTR_INPKTS => (&mut s.inpkts, "IPVS_STATS_ATTR_INPKTS"),
                IPVS_STATS_ATTR_OUTPKTS => (&mut s.outpkts, "IPVS_STATS_ATTR_OUTPKTS"),
                IPVS_STATS_ATTR_INBYTES => (&mut s.inbytes, "IPVS_STATS_ATTR_INBYTES"),
                IPVS_STATS_ATTR_OUTBYTES => (&mut s.outbytes, "IPVS_STATS_ATTR_OUTBYTES"),
                IPVS_STATS_ATTR_CPS => (&mut s.cps, "IPVS_STATS_ATTR_CPS"),
                IPVS_STATS_ATTR_INPPS => (&mut s.inpps, "IPVS_STATS_ATTR_INPPS"),
                IPVS_STATS_ATTR_OUTPPS => (&mut s.outpps, "IPVS_STATS_ATTR_OUTPPS"),
                IPVS_STATS_ATTR_INBPS => (&mut s.inbps, "IPVS_STATS_ATTR_INBPS"),
                IPVS_STATS_ATTR_OUTBPS => (&mut s.outbps, "IPVS_STATS_ATTR_OUTBPS"),
                _ => continue,
            };
            *field = attr::counter(nla.value(), name)?;
        }
        Ok(StatsNest { wide, stats: s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_packet_core::{DefaultNla, Emitable};

    /// Found by the netlink fuzz target: a 32-bit STATS nest whose counter
    /// came as 8 bytes decoded to a u64 but was emitted cut to 32 bits.
    #[test]
    fn wide_value_in_32_bit_nest_survives_emit() {
        let big = 3 << 40;
        let nla = DefaultNla::new(IPVS_STATS_ATTR_CONNS, u64::to_ne_bytes(big).to_vec());
        let mut raw = vec![0u8; nla.buffer_len()];
        nla.emit(&mut raw);
        let n = StatsNest::parse(&raw, false).unwrap();
        assert_eq!(n.stats.conns, big);
        let mut again = vec![0u8; n.value_len()];
        n.emit_value(&mut again);
        assert_eq!(StatsNest::parse(&again, false).unwrap(), n);
    }
}
