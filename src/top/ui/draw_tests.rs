//! Frames drawn into ratatui's test terminal: what a person would read.

use super::*;
use crate::top::engine::tests::sample;
use crate::top::opts::Opts;
use crate::top::sort::SortSpec;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen_text(width: u16, height: u16, st: &State) -> String {
    let mut e = Engine::new(false);
    e.update(
        0.0,
        sample(&[
            (80, 100, &[(1, 1, 5, 60), (2, 0, 30, 40)]),
            (443, 7, &[(3, 1, 1, 7)]),
        ]),
    );
    e.update(
        1.0,
        sample(&[
            (80, 150, &[(1, 1, 6, 110), (2, 0, 20, 40)]),
            (443, 9, &[(3, 1, 1, 9)]),
        ]),
    );
    let snap = e.update(
        2.0,
        sample(&[
            (80, 170, &[(1, 1, 6, 130), (2, 0, 10, 40)]),
            (443, 10, &[(3, 1, 1, 10)]),
        ]),
    );
    let mut rows = st.filter.apply(snap.rows.clone());
    st.sort.sort(&mut rows);
    let lines = st.lines(&rows);
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    term.draw(|f| {
        draw(
            f,
            &Screen {
                state: st,
                snap: &snap,
                rows: &rows,
                lines: &lines,
                engine: &e,
                names: None,
                conns: None,
                error: None,
                netns: None,
            },
        )
    })
    .unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn at_80x24_the_rows_rates_trend_and_drain_show() {
    let st = State::new(&Opts::default());
    let s = screen_text(80, 24, &st);
    assert!(
        s.contains("2 services, 3 servers  every 1s  sort Service / Server ▲"),
        "{s}"
    );
    assert!(
        s.contains("17 active, 3 inactive | 37 conn/s | in 3.7K B/s"),
        "{s}"
    );
    assert!(s.contains("Service / Server▲"), "{s}");
    let svc = s
        .lines()
        .find(|l| l.contains("TCP 10.0.0.1:80 "))
        .expect(&s);
    assert!(svc.starts_with("▾ TCP 10.0.0.1:80"), "{svc}");
    assert!(
        svc.contains(" 35 "),
        "70 connections over the 2-second window: {svc}"
    );
    assert!(svc.contains('▁') || svc.contains('█'), "a sparkline: {svc}");
    let draining = s.lines().find(|l| l.contains("192.168.0.2:80")).expect(&s);
    assert!(
        draining.contains("drain 1"),
        "10 left, 10 a second: {draining}"
    );
    assert!(s.contains("q quit"), "{s}");
    assert!(s.lines().all(|l| l.chars().count() == 80));
}

#[test]
fn the_sorted_column_and_its_direction_show_in_the_header() {
    let mut st = State::new(&Opts::default());
    st.sort = SortSpec::new(Column::Cps);
    let s = screen_text(100, 24, &st);
    assert!(s.contains("Conn/s▼"), "{s}");
    let p80 = s.find("TCP 10.0.0.1:80 ").unwrap();
    let p443 = s.find("TCP 10.0.0.1:443").unwrap();
    assert!(p80 < p443, "20 conn/s above 1 conn/s");
    st.sort.descending = false;
    let s = screen_text(100, 24, &st);
    assert!(s.contains("Conn/s▲"));
    assert!(s.find("TCP 10.0.0.1:443").unwrap() < s.find("TCP 10.0.0.1:80 ").unwrap());
}

#[test]
fn a_small_terminal_is_told_so() {
    let st = State::new(&Opts::default());
    let s = screen_text(60, 20, &st);
    assert!(
        s.contains("The terminal is 60x20; ipvstop needs at least 80x24"),
        "{s}"
    );
}

#[test]
fn the_help_lists_the_keys_and_a_filter_that_matches_nothing_says_so() {
    let mut st = State::new(&Opts::default());
    st.help = true;
    let s = screen_text(80, 24, &st);
    assert!(s.contains("ipvstop keys") && s.contains("filter"), "{s}");
    let mut st = State::new(&Opts::default());
    st.filter = crate::top::filter::Filter::parse("udp");
    let s = screen_text(80, 24, &st);
    assert!(s.contains("No service matches the filter"), "{s}");
}
