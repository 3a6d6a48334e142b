//! The full-screen view: the terminal's modes, the loop of samples, keys
//! and frames, and giving the terminal back as it was.
//!
//! The terminal is put back (raw mode off, the main screen again, the
//! cursor shown) on every way out: `q`, Ctrl-C (a key in raw mode),
//! SIGTERM/SIGHUP/SIGINT from elsewhere (caught, then the loop ends within
//! [`POLL`]), an error, and a panic (the hook restores before the message,
//! so it is readable; the release build aborts after the hook).

pub mod draw;
pub mod layout;
pub mod state;

use std::io::{self, Stdout};
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;

use self::draw::{draw, table_height, Screen};
use self::state::{Effect, State, View};
use super::conns::ConnSummary;
use super::engine::{Engine, ServiceRow, Snapshot};
use super::filter::Filter;
use super::names::Names;
use super::opts::Opts;
use super::sort::SortSpec;
use super::source::KernelSource;
use crate::process;

/// The longest the loop waits for a key before it looks at signals.
const POLL: Duration = Duration::from_millis(200);

fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
}

/// Restores the terminal when dropped, however the view ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn setup() -> io::Result<(TerminalGuard, Terminal<CrosstermBackend<Stdout>>)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode()?;
    let guard = TerminalGuard;
    execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
    let term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((guard, term))
}

/// What the view holds between frames.
struct Live {
    engine: Engine,
    snap: Snapshot,
    /// `snap.rows`, filtered and sorted as the state says.
    rows: Vec<ServiceRow>,
    /// The sort and filter `rows` were made with, and whether a read
    /// came since: moving the selection re-sorts nothing.
    arranged: Option<(SortSpec, Filter)>,
    conns: Option<ConnSummary>,
    error: Option<String>,
    started: Instant,
    refreshes: u64,
}

impl Live {
    fn sample(&mut self, src: &mut KernelSource, st: &State) {
        self.engine.kernel_rates = st.kernel_rates;
        match src.read() {
            Ok(entries) => {
                let at = self.started.elapsed().as_secs_f64();
                self.snap = self.engine.update(at, entries);
                self.arranged = None;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        if st.view == View::Connections {
            match src.conns() {
                Ok(c) => self.conns = Some(c),
                Err(e) => self.error = Some(format!("/proc/net/ip_vs_conn: {e}")),
            }
        }
        // `-n` counts refreshes with rates, as batch output does.
        if self.snap.settled && self.error.is_none() {
            self.refreshes += 1;
        }
    }

    fn arrange(&mut self, st: &State) {
        let now = Some((st.sort, st.filter.clone()));
        if self.arranged == now {
            return;
        }
        let mut rows = st.filter.apply(self.snap.rows.clone());
        st.sort.sort(&mut rows);
        self.rows = rows;
        self.arranged = now;
    }
}

/// Runs the view until `q`, a signal or `-n` refreshes; the exit status.
pub fn run(o: &Opts, src: &mut KernelSource) -> i32 {
    process::catch();
    let (guard, mut term) = match setup() {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            eprintln!("ipvstop: cannot use the terminal: {e}");
            return 1;
        }
    };
    let status = run_loop(o, src, &mut term);
    drop(term);
    drop(guard);
    if let Err(e) = &status {
        eprintln!("ipvstop: {e}");
    }
    status.unwrap_or(1)
}

fn run_loop(
    o: &Opts,
    src: &mut KernelSource,
    term: &mut Terminal<CrosstermBackend<Stdout>>,
) -> io::Result<i32> {
    let mut st = State::new(o);
    let mut names: Option<Names> = None;
    let mut live = Live {
        engine: Engine::new(o.kernel_rates),
        snap: Snapshot::default(),
        rows: Vec::new(),
        arranged: None,
        conns: None,
        error: None,
        started: Instant::now(),
        refreshes: 0,
    };
    let mut next = Instant::now();
    let mut dirty = true;
    let mut forced = false;
    loop {
        if let Some(sig) = process::caught() {
            return Ok(128 + sig);
        }
        let now = Instant::now();
        // Paused, a key that needs a read (v, e, a new interval) still
        // gets one.
        if (!st.paused || forced) && now >= next {
            if o.count.is_some_and(|n| live.refreshes >= n) {
                return Ok(0);
            }
            live.sample(src, &st);
            next = now + st.delay;
            dirty = true;
            forced = false;
        }
        if st.names && names.is_none() {
            names = Some(Names::new());
        }
        if names.as_ref().is_some_and(|n| n.collect()) {
            dirty = true;
        }
        if dirty {
            live.arrange(&st);
            let size = term.size()?;
            let height = table_height(size.height);
            let lines = st.lines(&live.rows);
            st.clamp(lines.len(), height);
            term.draw(|f| {
                draw(
                    f,
                    &Screen {
                        state: &st,
                        snap: &live.snap,
                        rows: &live.rows,
                        lines: &lines,
                        engine: &live.engine,
                        names: names.as_ref().filter(|_| st.names),
                        conns: live.conns.as_ref(),
                        error: live.error.as_deref(),
                        netns: o.netns.as_deref(),
                    },
                )
            })?;
            dirty = false;
        }
        let wait = if st.paused {
            POLL
        } else {
            next.saturating_duration_since(Instant::now()).min(POLL)
        };
        if !event::poll(wait)? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let page = table_height(term.size()?.height);
                match st.key(k, &live.rows, page) {
                    Effect::Quit => return Ok(0),
                    Effect::Nothing => {}
                    Effect::Redraw => dirty = true,
                    Effect::Resample => {
                        next = Instant::now();
                        forced = true;
                        dirty = true;
                    }
                }
            }
            Event::Resize(..) => {
                term.autoresize()?;
                dirty = true;
            }
            _ => {}
        }
    }
}
