//! The columns of `ipvstop`'s table, the key that sorts by each, and the
//! ordering of services (and of the real servers within each service).
//! Pure: the engine's rows in, the same rows reordered.

use std::cmp::Ordering;

use super::engine::{Figures, ServiceRow};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The service (protocol, address, port) or the real server address.
    Addr,
    /// The scheduler of a service, the forwarding method of a server.
    Method,
    Weight,
    Active,
    Inactive,
    /// New connections per second.
    Cps,
    InPps,
    OutPps,
    InBps,
    OutBps,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 10] = [
        Column::Addr,
        Column::Method,
        Column::Weight,
        Column::Active,
        Column::Inactive,
        Column::Cps,
        Column::InPps,
        Column::OutPps,
        Column::InBps,
        Column::OutBps,
    ];

    /// The name `--sort` takes and batch/JSON output uses.
    pub fn name(self) -> &'static str {
        match self {
            Column::Addr => "addr",
            Column::Method => "method",
            Column::Weight => "weight",
            Column::Active => "active",
            Column::Inactive => "inactive",
            Column::Cps => "cps",
            Column::InPps => "inpps",
            Column::OutPps => "outpps",
            Column::InBps => "inbps",
            Column::OutBps => "outbps",
        }
    }

    /// The header the table shows.
    pub fn title(self) -> &'static str {
        match self {
            Column::Addr => "Service / Server",
            Column::Method => "Method",
            Column::Weight => "Weight",
            Column::Active => "Active",
            Column::Inactive => "InAct",
            Column::Cps => "Conn/s",
            Column::InPps => "InPk/s",
            Column::OutPps => "OutPk/s",
            Column::InBps => "InB/s",
            Column::OutBps => "OutB/s",
        }
    }

    /// The key that sorts by the column in the full-screen view.
    pub fn key(self) -> char {
        match self {
            Column::Addr => 'a',
            Column::Method => 'm',
            Column::Weight => 'w',
            Column::Active => 'c',
            Column::Inactive => 'i',
            Column::Cps => 'r',
            Column::InPps => 'k',
            Column::OutPps => 'K',
            Column::InBps => 'b',
            Column::OutBps => 'B',
        }
    }

    pub fn from_key(k: char) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == k)
    }

    pub fn from_name(n: &str) -> Option<Column> {
        let n = n.to_ascii_lowercase();
        Column::ALL.into_iter().find(|c| c.name() == n)
    }

    pub fn names() -> Vec<&'static str> {
        Column::ALL.iter().map(|c| c.name()).collect()
    }

    /// Text columns read best A to Z, figures biggest first.
    pub fn natural_descending(self) -> bool {
        !matches!(self, Column::Addr | Column::Method)
    }
}

/// Which column, which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec {
    pub column: Column,
    pub descending: bool,
}

impl Default for SortSpec {
    /// As `ipvsadm -L` reads, but by address rather than the kernel's
    /// hash order, so that a row stays where it is between refreshes.
    fn default() -> SortSpec {
        SortSpec::new(Column::Addr)
    }
}

impl SortSpec {
    pub fn new(column: Column) -> SortSpec {
        SortSpec {
            column,
            descending: column.natural_descending(),
        }
    }

    /// What pressing a column's key does: the same column again flips the
    /// direction, another column starts in its natural direction.
    pub fn pressed(self, column: Column) -> SortSpec {
        if column == self.column {
            SortSpec {
                column,
                descending: !self.descending,
            }
        } else {
            SortSpec::new(column)
        }
    }

    /// The column to the left or right (`<`, `>`), wrapping.
    pub fn step(self, right: bool) -> SortSpec {
        let i = Column::ALL
            .iter()
            .position(|c| *c == self.column)
            .unwrap_or(0);
        let n = Column::ALL.len();
        let j = if right { (i + 1) % n } else { (i + n - 1) % n };
        SortSpec::new(Column::ALL[j])
    }

    /// The arrow the header shows beside the sorted column.
    pub fn arrow(self) -> char {
        if self.descending {
            '▼'
        } else {
            '▲'
        }
    }

    /// Sorts the services, and each service's servers, in place. Ties
    /// fall back to the address, so the order is total and stable from
    /// one refresh to the next.
    pub fn sort(self, rows: &mut [ServiceRow]) {
        rows.sort_by(|a, b| self.order(&a.figures, &b.figures, &a.sort_addr, &b.sort_addr));
        for r in rows.iter_mut() {
            r.dests
                .sort_by(|a, b| self.order(&a.figures, &b.figures, &a.sort_addr, &b.sort_addr));
        }
    }

    fn order<A: Ord>(self, a: &Figures, b: &Figures, aa: &A, ba: &A) -> Ordering {
        let by = match self.column {
            Column::Addr => aa.cmp(ba),
            Column::Method => a.method.cmp(&b.method),
            c => a.value(c).total_cmp(&b.value(c)),
        };
        let by = if self.descending { by.reverse() } else { by };
        // Among equal figures the address reads A to Z whichever way the
        // column goes.
        by.then_with(|| aa.cmp(ba))
    }
}
