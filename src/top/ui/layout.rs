//! Which columns fit the terminal, and how wide each is. Pure, so that
//! "works on 80x24" is a unit test: at 80 columns the address, weight,
//! active connections, connections/s, bytes/s in and out and the trend or
//! drain note fit; wider terminals add inactive connections, the method
//! and packets/s, in that order, then give the rest to the address and
//! the trend.

use crate::top::sort::Column;

/// The smallest terminal the view draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The address column's least width: `TCP 255.255.255.255:65535` with
/// the expand sign before it.
const ADDR_MIN: u16 = 24;
/// The trend (a service's sparkline) or note (a server's drain) column.
pub const TREND_MIN: u16 = 12;

/// A visible column: one of the table's, or the trend/note one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Col(Column),
    Trend,
}

/// The width a column needs for its title plus the sort arrow, and for
/// its figures (at most 6 characters, see `format::human`).
pub fn natural_width(c: Column) -> u16 {
    match c {
        Column::Addr => ADDR_MIN,
        Column::Weight => 6,
        Column::Method => 7,
        c => (c.title().chars().count() as u16 + 1).max(7),
    }
}

/// Columns by how much they are wanted.
const PRIORITY: [Slot; 11] = [
    Slot::Col(Column::Addr),
    Slot::Col(Column::Active),
    Slot::Col(Column::Cps),
    Slot::Col(Column::InBps),
    Slot::Col(Column::OutBps),
    Slot::Col(Column::Weight),
    Slot::Trend,
    Slot::Col(Column::Inactive),
    Slot::Col(Column::Method),
    Slot::Col(Column::InPps),
    Slot::Col(Column::OutPps),
];

/// The visible columns, left to right, with their widths; one space
/// between columns. `addr_want` is the longest address text.
pub fn layout(width: u16, addr_want: u16) -> Vec<(Slot, u16)> {
    let want = |s: Slot| match s {
        Slot::Col(c) => natural_width(c),
        Slot::Trend => TREND_MIN,
    };
    let mut chosen: Vec<Slot> = Vec::new();
    let mut used: u16 = 0;
    for s in PRIORITY {
        let extra = want(s) + u16::from(!chosen.is_empty());
        if used + extra <= width {
            used += extra;
            chosen.push(s);
        }
    }
    // Left to right: the table's order, the trend last.
    let order = |s: &Slot| match s {
        Slot::Col(c) => Column::ALL.iter().position(|x| x == c).unwrap_or(0),
        Slot::Trend => Column::ALL.len(),
    };
    chosen.sort_by_key(order);
    let mut out: Vec<(Slot, u16)> = chosen.iter().map(|s| (*s, want(*s))).collect();
    // The rest: the address up to what it needs, then the trend.
    let mut spare = width.saturating_sub(used);
    if let Some(a) = out.iter_mut().find(|(s, _)| *s == Slot::Col(Column::Addr)) {
        let more = addr_want.saturating_sub(a.1).min(spare);
        a.1 += more;
        spare -= more;
    }
    if let Some(t) = out.iter_mut().find(|(s, _)| *s == Slot::Trend) {
        t.1 += spare;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(l: &[(Slot, u16)]) -> u16 {
        l.iter().map(|(_, w)| w).sum::<u16>() + l.len() as u16 - 1
    }

    #[test]
    fn at_80_columns_the_essentials_fit_exactly() {
        let l = layout(80, 20);
        let slots: Vec<Slot> = l.iter().map(|(s, _)| *s).collect();
        for c in [
            Column::Addr,
            Column::Weight,
            Column::Active,
            Column::Cps,
            Column::InBps,
            Column::OutBps,
        ] {
            assert!(slots.contains(&Slot::Col(c)), "{c:?} missing at 80");
        }
        assert!(slots.contains(&Slot::Trend));
        assert!(total(&l) <= 80);
        // The drain note ("drain 3m05s") fits the trend column.
        let trend = l.iter().find(|(s, _)| *s == Slot::Trend).unwrap().1;
        assert!(trend >= TREND_MIN);
    }

    #[test]
    fn wider_terminals_show_every_column_in_table_order() {
        let l = layout(160, 30);
        assert_eq!(l.len(), 11);
        assert_eq!(total(&l), 160);
        assert_eq!(l[0].0, Slot::Col(Column::Addr));
        assert_eq!(l[0].1, 30);
        assert_eq!(l.last().unwrap().0, Slot::Trend);
    }

    #[test]
    fn a_long_address_takes_the_spare_width_first() {
        let l = layout(120, 60);
        assert!(total(&l) <= 120);
        assert!(l[0].1 > ADDR_MIN);
    }
}
