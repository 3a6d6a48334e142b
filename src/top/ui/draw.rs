//! Drawing one frame: title, totals, the table (or the connections view),
//! the bottom line; the help over it; a sentence instead when the
//! terminal is smaller than 80x24. Only the lines on screen are made into
//! cells, however large the table. ratatui keeps the previous frame and
//! writes only the cells that changed, so a refresh never flickers.

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table};
use ratatui::Frame;

use super::layout::{layout, Slot, MIN_HEIGHT, MIN_WIDTH};
use super::state::{LineRef, Prompt, State, Trend, View};
use crate::top::cells::{dest_cells, service_cells, totals_text, Cells};
use crate::top::conns::ConnSummary;
use crate::top::drain::{eta_text, Drain};
use crate::top::engine::{Engine, ServiceRow, Snapshot};
use crate::top::history::sparkline;
use crate::top::names::Names;
use crate::top::rates::Rates;
use crate::top::sort::Column;

/// Everything a frame shows.
pub struct Screen<'a> {
    pub state: &'a State,
    pub snap: &'a Snapshot,
    /// Sorted and filtered.
    pub rows: &'a [ServiceRow],
    pub lines: &'a [LineRef],
    pub engine: &'a Engine,
    pub names: Option<&'a Names>,
    pub conns: Option<&'a ConnSummary>,
    /// The last read's failure, if it failed.
    pub error: Option<&'a str>,
    pub netns: Option<&'a str>,
}

/// Lines of the table on screen for a terminal `height` tall.
pub fn table_height(height: u16) -> usize {
    // Title, totals, header, bottom line.
    usize::from(height.saturating_sub(4))
}

pub fn draw(f: &mut Frame, s: &Screen) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "The terminal is {}x{}; ipvstop needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press q.",
            area.width, area.height
        );
        let p = Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(p, area);
        return;
    }
    let [title, totals, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(title_text(s)).reversed(), title);
    f.render_widget(Paragraph::new(totals_text(s.snap)), totals);
    match s.state.view {
        View::Services => services(f, body, s),
        View::Connections => connections(f, body, s),
    }
    f.render_widget(bottom_line(s), bottom);
    if s.state.help {
        help(f, area);
    }
}

fn title_text(s: &Screen) -> String {
    let st = s.state;
    let mut t = format!(
        " ipvstop  {} services, {} servers  every {}s  sort {} {}",
        s.snap.services,
        s.snap.servers,
        trim_secs(st.delay.as_secs_f64()),
        st.sort.column.title(),
        st.sort.arrow()
    );
    if !st.filter.is_empty() {
        t.push_str(&format!("  filter: {}", st.filter.text()));
    }
    if let Some(ns) = s.netns {
        t.push_str(&format!("  netns {ns}"));
    }
    if st.kernel_rates {
        t.push_str("  [kernel rates]");
    }
    if st.paused {
        t.push_str("  [PAUSED]");
    }
    t
}

fn trim_secs(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn bottom_line(s: &Screen) -> Paragraph<'static> {
    if let Some(p) = &s.state.prompt {
        let text = match p {
            Prompt::Filter(t) => format!("/{t}_  (Enter applies, Esc clears)"),
            Prompt::Delay(t) => format!("Interval in seconds: {t}_  (Enter sets, Esc keeps)"),
        };
        return Paragraph::new(text);
    }
    if let Some(e) = s.error {
        return Paragraph::new(format!("read failed: {e}; showing the last good read")).red();
    }
    if let Some(m) = &s.state.message {
        return Paragraph::new(m.clone()).yellow();
    }
    Paragraph::new(
        "q quit  ? help  / filter  p pause  d interval  v conns  Enter expand  r c b sort",
    )
    .dim()
}

fn services(f: &mut Frame, area: Rect, s: &Screen) {
    let height = usize::from(area.height.saturating_sub(1));
    let top = s.state.top.min(s.lines.len());
    let visible = &s.lines[top..(top + height).min(s.lines.len())];
    let cells: Vec<Cells> = visible.iter().map(|l| line_cells(s, l)).collect();
    let addr_want = cells
        .iter()
        .map(|c| c.cols[0].chars().count())
        .max()
        .unwrap_or(0);
    let slots = layout(area.width, addr_want.min(u16::MAX as usize) as u16);
    let header = Row::new(slots.iter().map(|(slot, _)| header_cell(s, *slot)))
        .bold()
        .underlined();
    let rows = visible.iter().zip(&cells).enumerate().map(|(i, (l, c))| {
        let mut row = Row::new(slots.iter().map(|(slot, w)| body_cell(s, l, c, *slot, *w)));
        if c.service {
            row = row.bold();
        }
        if top + i == s.state.selected {
            row = row.add_modifier(Modifier::REVERSED);
        }
        row
    });
    let widths = slots.iter().map(|(_, w)| Constraint::Length(*w));
    f.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
    if s.lines.is_empty() {
        let msg = if s.snap.rows.is_empty() {
            "The IPVS table is empty."
        } else {
            "No service matches the filter (Esc clears it)."
        };
        let r = Rect {
            y: area.y + 2,
            height: 1,
            ..area
        };
        f.render_widget(Paragraph::new(msg).alignment(Alignment::Center), r);
    }
}

fn line_cells(s: &Screen, l: &LineRef) -> Cells {
    let r = &s.rows[l.svc];
    match l.dest {
        None => {
            let marker = if r.dests.is_empty() {
                "  "
            } else if s.state.expanded(&r.key) {
                "▾ "
            } else {
                "▸ "
            };
            service_cells(r, s.names, marker)
        }
        Some(d) => dest_cells(r, &r.dests[d], s.names),
    }
}

fn header_cell(s: &Screen, slot: Slot) -> Cell<'static> {
    match slot {
        Slot::Trend => Cell::from(match s.state.trend {
            Trend::Cps => "Trend conn/s",
            Trend::Bytes => "Trend B/s",
        }),
        Slot::Col(c) => {
            let mut t = c.title().to_string();
            if c == s.state.sort.column {
                t.push(s.state.sort.arrow());
            }
            let line = Line::from(t);
            Cell::from(if right_aligned(c) {
                line.alignment(Alignment::Right)
            } else {
                line
            })
        }
    }
}

fn right_aligned(c: Column) -> bool {
    !matches!(c, Column::Addr | Column::Method)
}

fn body_cell(s: &Screen, l: &LineRef, c: &Cells, slot: Slot, w: u16) -> Cell<'static> {
    let r = &s.rows[l.svc];
    match slot {
        Slot::Trend => match l.dest {
            None => {
                let text = s.engine.track(&r.key).map_or(String::new(), |t| {
                    let ring = match s.state.trend {
                        Trend::Cps => &t.cps,
                        Trend::Bytes => &t.bps,
                    };
                    sparkline(ring, usize::from(w))
                });
                Cell::from(text).green()
            }
            Some(d) => {
                let dest = &r.dests[d];
                let note = match dest.drain {
                    Some(Drain::Drained) => "drained".to_string(),
                    Some(Drain::Eta(secs)) => format!("drain {}", eta_text(secs)),
                    Some(Drain::Unknown) => "draining".to_string(),
                    None if dest.appeared => "new".to_string(),
                    None => String::new(),
                };
                Cell::from(note).yellow()
            }
        },
        Slot::Col(col) => {
            let i = Column::ALL.iter().position(|x| *x == col).unwrap_or(0);
            let mut text = c.cols[i].clone();
            if col == Column::Addr && text.chars().count() > usize::from(w) {
                text = text
                    .chars()
                    .take(usize::from(w.saturating_sub(1)))
                    .collect::<String>()
                    + "…";
            }
            let line = Line::from(text);
            let line = if right_aligned(col) {
                line.alignment(Alignment::Right)
            } else {
                line
            };
            let figures = match l.dest {
                None => &r.figures,
                Some(d) => &r.dests[d].figures,
            };
            let cell = Cell::from(line);
            if figures.rates == Rates::Reset && i >= 5 {
                cell.yellow()
            } else {
                cell
            }
        }
    }
}

fn connections(f: &mut Frame, area: Rect, s: &Screen) {
    let Some(c) = s.conns else {
        f.render_widget(Paragraph::new("Reading /proc/net/ip_vs_conn..."), area);
        return;
    };
    // The states' box as wide as its longest line (`SCTP COOKIE_ECHOED
    // 123456789`), the two rankings share the rest.
    let [left, mid, right] = Layout::horizontal([
        Constraint::Length(32),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let title = format!("{} entries: by state", c.total);
    let states = c
        .states
        .iter()
        .map(|(p, st, n)| Row::new([p.clone(), st.clone(), n.to_string()]));
    let widths = [
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(9),
    ];
    f.render_widget(
        Table::new(states, widths).block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );
    let two = [Constraint::Fill(1), Constraint::Length(8)];
    let dests = c
        .dests
        .iter()
        .map(|(d, n)| Row::new([d.to_string(), n.to_string()]));
    let t = format!("busiest of {} servers", c.dest_count);
    f.render_widget(
        Table::new(dests, two).block(Block::default().borders(Borders::ALL).title(t)),
        mid,
    );
    let mut clients: Vec<Row> = c
        .clients
        .iter()
        .map(|(a, n)| Row::new([a.to_string(), n.to_string()]))
        .collect();
    if c.other_clients > 0 {
        clients.push(Row::new([
            "(other clients)".to_string(),
            c.other_clients.to_string(),
        ]));
    }
    let t = format!("busiest of {} clients", c.client_count);
    f.render_widget(
        Table::new(clients, two).block(Block::default().borders(Borders::ALL).title(t)),
        right,
    );
}

/// The keys, over the table; any key closes it.
pub const HELP_TEXT: &str = "\
 q, Ctrl-C   quit                      ?, h, F1   this help (any key closes)
 /          filter: address, tcp/udp/sctp, fwm, fwm:MARK or any text;
            Enter applies, Esc clears
 d, s       set the interval           p          pause / resume
 Up Down PgUp PgDn Home End: select    Enter, Space, Left, Right: expand
 +  -       expand / collapse all      v, Tab     connections view
 a m w c i  sort by address, method, weight, active, inactive
 r k K b B  sort by conn/s, packets/s in, out, bytes/s in, out
            (the same key again reverses; < > the next column; R reverses)
 t          trend of conn/s or bytes/s  N         names / numbers
 e          kernel estimator's rates / rates from counter deltas";

fn help(f: &mut Frame, area: Rect) {
    let w = 78.min(area.width);
    let h = (HELP_TEXT.lines().count() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" ipvstop keys ");
    f.render_widget(
        Paragraph::new(HELP_TEXT)
            .block(block)
            .style(Style::default()),
        r,
    );
}

#[cfg(test)]
#[path = "draw_tests.rs"]
mod tests;
