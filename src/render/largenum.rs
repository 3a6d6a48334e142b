//! `print_largenum` of ipvsadm 1.31: the 9-character number fields of the
//! `--stats` and `--rate` listings, K/M/G/T scaled unless `--exact`.

/// One field, always at least 9 characters with no separator of its own.
///
/// Without `exact`: `%9llu` below 10^8, then `%8lluK` (v/10^3) below 10^9,
/// `%8lluM` (v/10^6) below 10^11, `%8lluG` (v/10^9) below 10^14, else
/// `%8lluT` (v/10^12); the divisions truncate. With `exact`: `%*llu` with
/// width 9 for up to 8 digits and digits+1 above, so there is always a
/// leading space.
pub fn largenum(v: u64, exact: bool) -> String {
    if exact {
        let digits = v.to_string();
        let width = if digits.len() <= 8 {
            9
        } else {
            digits.len() + 1
        };
        return format!("{digits:>width$}");
    }
    match v {
        0..=99_999_999 => format!("{v:9}"),
        100_000_000..=999_999_999 => format!("{:8}K", v / 1_000),
        1_000_000_000..=99_999_999_999 => format!("{:8}M", v / 1_000_000),
        100_000_000_000..=99_999_999_999_999 => format!("{:8}G", v / 1_000_000_000),
        _ => format!("{:8}T", v / 1_000_000_000_000),
    }
}

#[cfg(test)]
mod tests {
    use super::largenum;

    // Expected values derive from the reference's printf formats (§4.5 of
    // shared/ipvsadm-behavior.md), not from a captured run.
    #[test]
    fn scaled() {
        assert_eq!(largenum(0, false), "        0");
        assert_eq!(largenum(99_999_999, false), " 99999999");
        assert_eq!(largenum(100_000_000, false), "  100000K");
        assert_eq!(largenum(999_999_999, false), "  999999K");
        assert_eq!(largenum(1_000_000_000, false), "    1000M");
        assert_eq!(largenum(99_999_999_999, false), "   99999M");
        assert_eq!(largenum(100_000_000_000, false), "     100G");
        assert_eq!(largenum(99_999_999_999_999, false), "   99999G");
        assert_eq!(largenum(100_000_000_000_000, false), "     100T");
        assert_eq!(largenum(u64::MAX, false), "18446744T");
    }

    #[test]
    fn exact() {
        assert_eq!(largenum(0, true), "        0");
        assert_eq!(largenum(12_345_678, true), " 12345678");
        assert_eq!(largenum(123_456_789, true), " 123456789");
        assert_eq!(largenum(u64::MAX, true), " 18446744073709551615");
    }
}
