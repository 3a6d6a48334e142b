//! Batch output (`-b`, and `--json`; the default when standard output is
//! not a terminal): one block of text, or one JSON object on one line,
//! per refresh, into any `impl Write`, for logs and scripts.
//!
//! Text: a status line (UTC time, the rates' window, totals), the header, then each
//! service and its servers, as the view shows them, and a blank line.
//! JSON: the same figures, numbers as numbers; a rate is `null` where
//! there is none yet and the row says `"reset": true` where its counters
//! were zeroed.

use std::io::{self, Write};
use std::time::SystemTime;

use serde_json::{json, Value};

use std::fmt::Write as _;

use super::cells::{dest_note, drain_text, service_note, totals_text};
use super::conns::ConnSummary;
use super::drain::Drain;
use super::engine::{Figures, ServiceRow, Snapshot};
use super::format::{dest_addr, pad, rate_into, service_addr, RATES};
use super::names::Names;
use super::rates::Rates;
use super::sort::Column;
use crate::model::ServiceKey;

/// Width of each figure column.
const FIG: usize = 8;

/// One refresh as text.
pub fn write_text(
    out: &mut impl Write,
    when: SystemTime,
    snap: &Snapshot,
    rows: &[ServiceRow],
    names: Option<&Names>,
    conns: Option<&ConnSummary>,
) -> io::Result<()> {
    writeln!(
        out,
        "ipvstop {}, {}: {} services, {} servers | {}",
        utc(when),
        window_text(snap),
        snap.services,
        snap.servers,
        totals_text(snap)
    )?;
    // The first column of every line first, for its width; then each
    // line written into one reused buffer (55,000 lines at 5,000 x 10).
    let mut addrs: Vec<String> = Vec::with_capacity(rows.len() + snap.servers);
    for r in rows {
        addrs.push(service_addr(&r.key, names));
        for d in &r.dests {
            addrs.push(format!(
                "  -> {}",
                dest_addr(&d.addr, d.port, r.key.protocol(), names)
            ));
        }
    }
    let addr_w = addrs
        .iter()
        .map(|a| a.chars().count())
        .chain([Column::Addr.title().len()])
        .max()
        .unwrap_or(0);
    let mut line = format!(
        "{:<addr_w$} {:<FIG$}",
        Column::Addr.title(),
        Column::Method.title()
    );
    for c in &Column::ALL[2..] {
        let _ = write!(line, " {:>FIG$}", c.title());
    }
    writeln!(out, "{}", line.trim_end())?;
    let mut addrs = addrs.iter();
    let mut fig = String::new();
    for r in rows {
        let lines = std::iter::once((&r.figures, None))
            .chain(r.dests.iter().map(|d| (&d.figures, Some(d))));
        for (f, d) in lines {
            line.clear();
            pad(&mut line, addrs.next().map_or("", |a| a), addr_w, false);
            line.push(' ');
            pad(&mut line, &f.method, FIG, false);
            let mut cell = |fig: &mut String| {
                line.push(' ');
                pad(&mut line, fig, FIG, true);
                fig.clear();
            };
            if d.is_some() {
                let _ = write!(fig, "{}", f.weight);
            }
            cell(&mut fig);
            let _ = write!(fig, "{}", f.active);
            cell(&mut fig);
            let _ = write!(fig, "{}", f.inactive);
            cell(&mut fig);
            for pick in RATES {
                rate_into(&mut fig, &f.rates, pick);
                cell(&mut fig);
            }
            let note = match d {
                Some(d) => dest_note(d),
                None => service_note(r),
            };
            if !note.is_empty() {
                line.push_str("  ");
                line.push_str(&note);
            }
            let end = line.trim_end().len();
            line.truncate(end);
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    if let Some(s) = conns {
        write_conns_text(out, s)?;
    }
    writeln!(out)
}

fn write_conns_text(out: &mut impl Write, s: &ConnSummary) -> io::Result<()> {
    writeln!(out, "connections: {} entries", s.total)?;
    for (p, st, n) in &s.states {
        writeln!(out, "  {p:<5} {st:<12} {n:>9}")?;
    }
    writeln!(out, "busiest servers ({} with entries):", s.dest_count)?;
    for (d, n) in &s.dests {
        writeln!(out, "  {d:<40} {n:>9}")?;
    }
    writeln!(out, "busiest clients ({} counted):", s.client_count)?;
    for (c, n) in &s.clients {
        writeln!(out, "  {c:<40} {n:>9}")?;
    }
    if s.other_clients > 0 {
        writeln!(out, "  {:<40} {:>9}", "(other clients)", s.other_clients)?;
    }
    Ok(())
}

/// One refresh as one JSON line.
pub fn write_json(
    out: &mut impl Write,
    when: SystemTime,
    snap: &Snapshot,
    rows: &[ServiceRow],
    conns: Option<&ConnSummary>,
) -> io::Result<()> {
    let services: Vec<Value> = rows.iter().map(service_json).collect();
    let t = &snap.total;
    let mut v = json!({
        "time": utc(when),
        "interval": snap.interval,
        "window": snap.window,
        "totals": {
            "services": snap.services,
            "servers": snap.servers,
            "active": snap.active,
            "inactive": snap.inactive,
            "cps": t.cps, "inpps": t.inpps, "outpps": t.outpps,
            "inbps": t.inbps, "outbps": t.outbps,
            "appeared": snap.appeared, "vanished": snap.vanished,
            "reset": snap.resets,
        },
        "services": services,
    });
    if let Some(s) = conns {
        v["connections"] = json!({
            "total": s.total,
            "states": s.states.iter().map(|(p, st, n)|
                json!({"protocol": p, "state": st, "count": n})).collect::<Vec<_>>(),
            "servers": s.dests.iter().map(|(d, n)|
                json!({"address": d.ip().to_string(), "port": d.port(), "count": n})).collect::<Vec<_>>(),
            "clients": s.clients.iter().map(|(c, n)|
                json!({"address": c.to_string(), "count": n})).collect::<Vec<_>>(),
            "other_clients": s.other_clients,
        });
    }
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)
}

fn figures_json(f: &Figures) -> Value {
    let rates = match &f.rates {
        Rates::Valid(p) => json!({
            "cps": p.cps, "inpps": p.inpps, "outpps": p.outpps,
            "inbps": p.inbps, "outbps": p.outbps,
        }),
        _ => Value::Null,
    };
    json!({
        "weight": f.weight,
        "active": f.active,
        "inactive": f.inactive,
        "rates": rates,
        "reset": f.rates == Rates::Reset,
    })
}

fn service_json(r: &ServiceRow) -> Value {
    let mut v = figures_json(&r.figures);
    v["service"] = json!(service_addr(&r.key, None));
    match r.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            v["protocol"] = json!(crate::model::proto::name(protocol).unwrap_or("?"));
            v["address"] = json!(addr.to_string());
            v["port"] = json!(port);
        }
        ServiceKey::Fwmark { mark, af } => {
            v["fwmark"] = json!(mark);
            v["family"] = json!(if af == crate::model::Family::Inet6 {
                "inet6"
            } else {
                "inet"
            });
        }
    }
    v["scheduler"] = json!(r.figures.method);
    v["persistent"] = json!(r.persistent);
    v["new"] = json!(r.appeared);
    v["servers"] = r
        .dests
        .iter()
        .map(|d| {
            let mut dv = figures_json(&d.figures);
            dv["address"] = json!(d.addr.to_string());
            dv["port"] = json!(d.port);
            dv["method"] = json!(d.figures.method);
            dv["new"] = json!(d.appeared);
            dv["drain"] = match d.drain {
                None => Value::Null,
                Some(Drain::Eta(s)) => json!({"state": drain_text(d.drain), "eta_seconds": s}),
                Some(_) => json!({"state": drain_text(d.drain), "eta_seconds": null}),
            };
            dv
        })
        .collect();
    v
}

/// Over what the rates were taken: `rates over 2.00 s`, or the kernel's.
fn window_text(snap: &Snapshot) -> String {
    if snap.window > 0.0 {
        format!("rates over {:.2} s", snap.window)
    } else {
        "the kernel's rates".to_string()
    }
}

/// `2026-12-07T23:59:01Z`: UTC, so that logs from directors in other
/// zones line up.
pub fn utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
