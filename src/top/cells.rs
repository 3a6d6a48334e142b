//! A row of the table as the text of its cells, the same for the
//! full-screen view and for batch text: one place decides what a reset,
//! a missing rate or a drain looks like.

use super::drain::{eta_text, Drain};
use super::engine::{DestRow, Figures, ServiceRow};
use super::format::{dest_addr, human, rate_cell, service_addr};
use super::names::Names;
use super::sort::Column;

#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    /// A service's line (a server's otherwise).
    pub service: bool,
    /// One text per [`Column::ALL`] column.
    pub cols: [String; 10],
    /// What else there is to say: a drain, a new row.
    pub note: String,
}

fn figures(first: String, f: &Figures, weight: bool) -> [String; 10] {
    Column::ALL.map(|c| match c {
        Column::Addr => first.clone(),
        Column::Method => f.method.to_string(),
        Column::Weight if weight => f.weight.to_string(),
        Column::Weight => String::new(),
        Column::Active => f.active.to_string(),
        Column::Inactive => f.inactive.to_string(),
        Column::Cps => rate_cell(&f.rates, |p| p.cps),
        Column::InPps => rate_cell(&f.rates, |p| p.inpps),
        Column::OutPps => rate_cell(&f.rates, |p| p.outpps),
        Column::InBps => rate_cell(&f.rates, |p| p.inbps),
        Column::OutBps => rate_cell(&f.rates, |p| p.outbps),
    })
}

/// A service's line; `marker` goes before the address (the view's
/// expand/collapse sign, nothing in batch text).
pub fn service_cells(r: &ServiceRow, names: Option<&Names>, marker: &str) -> Cells {
    let note = service_note(r);
    Cells {
        service: true,
        cols: figures(
            format!("{marker}{}", service_addr(&r.key, names)),
            &r.figures,
            false,
        ),
        note,
    }
}

/// A server's line, under its service.
pub fn dest_cells(r: &ServiceRow, d: &DestRow, names: Option<&Names>) -> Cells {
    let note = dest_note(d);
    let addr = dest_addr(&d.addr, d.port, r.key.protocol(), names);
    Cells {
        service: false,
        cols: figures(format!("  -> {addr}"), &d.figures, true),
        note,
    }
}

/// A service's note: `persistent`, `new`.
pub fn service_note(r: &ServiceRow) -> String {
    let mut note = String::new();
    if r.persistent {
        note.push_str("persistent");
    }
    if r.appeared {
        push_word(&mut note, "new");
    }
    note
}

/// A server's note: its drain, `new`.
pub fn dest_note(d: &DestRow) -> String {
    let mut note = drain_text(d.drain);
    if d.appeared {
        push_word(&mut note, "new");
    }
    note
}

/// What a server at weight 0 says: `drained`, `draining, 0 in 3m05s`,
/// or `draining` while there is no estimate.
pub fn drain_text(d: Option<Drain>) -> String {
    match d {
        None => String::new(),
        Some(Drain::Drained) => "drained".into(),
        Some(Drain::Eta(s)) => format!("draining, 0 in {}", eta_text(s)),
        Some(Drain::Unknown) => "draining".into(),
    }
}

fn push_word(s: &mut String, w: &str) {
    if !s.is_empty() {
        s.push_str(", ");
    }
    s.push_str(w);
}

/// The totals: `17 active, 3 inactive | 37 conn/s | in 3.7K B/s 110 pk/s
/// | out 37K B/s 73 pk/s`, then what changed (`| 2 new, 1 gone`, `| 6
/// zeroed`). The view's second line; batch text puts the counts of
/// services and servers before it.
pub fn totals_text(s: &super::engine::Snapshot) -> String {
    let t = &s.total;
    let mut out = format!(
        "{} active, {} inactive | {} conn/s | in {} B/s {} pk/s | out {} B/s {} pk/s",
        s.active,
        s.inactive,
        human(t.cps),
        human(t.inbps),
        human(t.inpps),
        human(t.outbps),
        human(t.outpps),
    );
    if s.appeared + s.vanished > 0 {
        out.push_str(&format!(" | {} new, {} gone", s.appeared, s.vanished));
    }
    if s.resets > 0 {
        out.push_str(&format!(" | {} zeroed", s.resets));
    }
    out
}
