//! What the view is showing and what each key does to it. Pure: a key in,
//! the state changed and what the loop must do out, so every key is
//! unit-tested without a terminal.

use std::collections::HashSet;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::ServiceKey;
use crate::top::engine::ServiceRow;
use crate::top::filter::Filter;
use crate::top::opts::{Opts, MAX_DELAY, MIN_DELAY};
use crate::top::sort::{Column, SortSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Services,
    Connections,
}

/// The sparkline's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Cps,
    Bytes,
}

/// A line being typed at the bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Filter(String),
    Delay(String),
}

/// What the loop does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Nothing,
    Redraw,
    /// Read the table again now (the interval or the rate source changed).
    Resample,
    Quit,
}

/// One line of the table: a service, or one of its servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef {
    pub svc: usize,
    pub dest: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub view: View,
    pub sort: SortSpec,
    pub filter: Filter,
    pub prompt: Option<Prompt>,
    pub paused: bool,
    pub delay: Duration,
    pub help: bool,
    pub names: bool,
    pub kernel_rates: bool,
    pub trend: Trend,
    /// Services shown without their servers.
    pub collapsed: HashSet<ServiceKey>,
    /// `-`: every service collapsed (until `+`).
    pub all_collapsed: bool,
    /// The selected line and the first line on screen.
    pub selected: usize,
    pub top: usize,
    /// A sentence for the bottom line (a bad interval typed, ...).
    pub message: Option<String>,
}

impl State {
    pub fn new(o: &Opts) -> State {
        State {
            view: if o.connections {
                View::Connections
            } else {
                View::Services
            },
            sort: o.sort,
            filter: o.filter.clone(),
            prompt: None,
            paused: false,
            delay: o.delay,
            help: false,
            names: o.names,
            kernel_rates: o.kernel_rates,
            trend: Trend::Cps,
            collapsed: HashSet::new(),
            all_collapsed: false,
            selected: 0,
            top: 0,
            message: None,
        }
    }

    pub fn expanded(&self, key: &ServiceKey) -> bool {
        !self.all_collapsed && !self.collapsed.contains(key)
    }

    /// The lines of the table for these (sorted, filtered) rows.
    pub fn lines(&self, rows: &[ServiceRow]) -> Vec<LineRef> {
        let mut out = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            out.push(LineRef { svc: i, dest: None });
            if self.expanded(&r.key) {
                out.extend((0..r.dests.len()).map(|d| LineRef {
                    svc: i,
                    dest: Some(d),
                }));
            }
        }
        out
    }

    /// Keeps the selection on a line and on screen (`height` lines).
    pub fn clamp(&mut self, lines: usize, height: usize) {
        self.selected = self.selected.min(lines.saturating_sub(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if height > 0 && self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        self.top = self.top.min(lines.saturating_sub(height.max(1)));
    }

    /// Handles a key; `rows` and `page` are what is on screen.
    pub fn key(&mut self, k: KeyEvent, rows: &[ServiceRow], page: usize) -> Effect {
        if k.modifiers.contains(KeyModifiers::CONTROL) {
            // Ctrl-C quits; any other Ctrl key is not the plain letter.
            return match k.code {
                KeyCode::Char('c') => Effect::Quit,
                _ => Effect::Nothing,
            };
        }
        if let Some(p) = self.prompt.take() {
            return self.prompt_key(p, k);
        }
        if self.help {
            self.help = false;
            return Effect::Redraw;
        }
        self.message = None;
        let lines = self.lines(rows);
        let selected_svc = lines.get(self.selected).map(|l| (l.svc, rows[l.svc].key));
        match k.code {
            KeyCode::Char('q') => return Effect::Quit,
            KeyCode::Char('?') | KeyCode::Char('h') | KeyCode::F(1) => self.help = true,
            KeyCode::Char('/') => self.prompt = Some(Prompt::Filter(self.filter.text().into())),
            KeyCode::Esc => self.filter = Filter::default(),
            KeyCode::Char('d') | KeyCode::Char('s') => {
                self.prompt = Some(Prompt::Delay(String::new()))
            }
            KeyCode::Char('p') => self.paused = !self.paused,
            KeyCode::Char('v') | KeyCode::Tab => {
                self.view = match self.view {
                    View::Services => View::Connections,
                    View::Connections => View::Services,
                };
                return Effect::Resample;
            }
            KeyCode::Char('N') => self.names = !self.names,
            KeyCode::Char('e') => {
                self.kernel_rates = !self.kernel_rates;
                return Effect::Resample;
            }
            KeyCode::Char('t') => {
                self.trend = match self.trend {
                    Trend::Cps => Trend::Bytes,
                    Trend::Bytes => Trend::Cps,
                }
            }
            KeyCode::Char('<') => self.sort = self.sort.step(false),
            KeyCode::Char('>') => self.sort = self.sort.step(true),
            KeyCode::Char('R') => self.sort.descending = !self.sort.descending,
            KeyCode::Char('+') => {
                self.all_collapsed = false;
                self.collapsed.clear();
                // The selected service's own line stays selected.
                if let Some((i, _)) = selected_svc {
                    self.selected = self
                        .lines(rows)
                        .iter()
                        .position(|l| l.svc == i && l.dest.is_none())
                        .unwrap_or(0);
                }
            }
            KeyCode::Char('-') => {
                self.all_collapsed = true;
                self.collapsed.clear();
                self.selected = selected_svc.map_or(0, |(i, _)| i);
            }
            KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                if let Some((i, key)) = selected_svc {
                    let open = self.expanded(&key);
                    let want = match k.code {
                        KeyCode::Left => false,
                        KeyCode::Right => true,
                        _ => !open,
                    };
                    if want != open {
                        self.toggle(key, rows);
                    }
                    // The service's own line stays selected.
                    self.selected = self
                        .lines(rows)
                        .iter()
                        .position(|l| l.svc == i && l.dest.is_none())
                        .unwrap_or(0);
                }
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(lines.len().saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(page.max(1)),
            KeyCode::PageDown => {
                self.selected = (self.selected + page.max(1)).min(lines.len().saturating_sub(1))
            }
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = lines.len().saturating_sub(1),
            KeyCode::Char(c) => match Column::from_key(c) {
                Some(col) => self.sort = self.sort.pressed(col),
                None => return Effect::Nothing,
            },
            _ => return Effect::Nothing,
        }
        Effect::Redraw
    }

    fn toggle(&mut self, key: ServiceKey, rows: &[ServiceRow]) {
        if self.all_collapsed {
            // From "all collapsed" to "all but this one collapsed".
            self.all_collapsed = false;
            self.collapsed = rows.iter().map(|r| r.key).filter(|k| *k != key).collect();
        } else if !self.collapsed.remove(&key) {
            self.collapsed.insert(key);
        }
    }

    fn prompt_key(&mut self, p: Prompt, k: KeyEvent) -> Effect {
        let (mut text, is_filter) = match p {
            Prompt::Filter(t) => (t, true),
            Prompt::Delay(t) => (t, false),
        };
        match k.code {
            KeyCode::Esc => {
                if is_filter {
                    self.filter = Filter::default();
                }
                return Effect::Redraw;
            }
            KeyCode::Enter if is_filter => {
                self.filter = Filter::parse(&text);
                self.selected = 0;
                self.top = 0;
                return Effect::Redraw;
            }
            KeyCode::Enter => return self.set_delay(&text),
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) => text.push(c),
            _ => {}
        }
        self.prompt = Some(if is_filter {
            Prompt::Filter(text)
        } else {
            Prompt::Delay(text)
        });
        Effect::Redraw
    }

    fn set_delay(&mut self, text: &str) -> Effect {
        if text.trim().is_empty() {
            return Effect::Redraw;
        }
        match text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
        {
            Some(d) if (MIN_DELAY..=MAX_DELAY).contains(&d) => {
                self.delay = d;
                Effect::Resample
            }
            _ => {
                self.message = Some(format!(
                    "not an interval: '{text}' (seconds, {} to {})",
                    MIN_DELAY.as_secs_f64(),
                    MAX_DELAY.as_secs()
                ));
                Effect::Redraw
            }
        }
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
