//! Every key of the view, without a terminal.

use super::*;
use crate::top::engine::{Engine, ServiceRow};
use ratatui::crossterm::event::KeyEvent;

fn rows() -> Vec<ServiceRow> {
    let mut e = Engine::new(false);
    e.update(
        0.0,
        crate::top::engine::tests::sample(&[
            (80, 1, &[(1, 1, 0, 1), (2, 1, 0, 1)]),
            (443, 1, &[(3, 1, 0, 1)]),
        ]),
    )
    .rows
}

fn press(st: &mut State, rows: &[ServiceRow], keys: &str) -> Effect {
    let mut last = Effect::Nothing;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            '\u{8}' => KeyCode::Backspace,
            c => KeyCode::Char(c),
        };
        last = st.key(KeyEvent::from(code), rows, 10);
    }
    last
}

fn state() -> State {
    State::new(&Opts::default())
}

#[test]
fn q_and_ctrl_c_quit() {
    let r = rows();
    assert_eq!(press(&mut state(), &r, "q"), Effect::Quit);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(state().key(ctrl_c, &r, 10), Effect::Quit);
    // Even while typing a filter.
    let mut st = state();
    press(&mut st, &r, "/ab");
    assert_eq!(st.key(ctrl_c, &r, 10), Effect::Quit);
}

#[test]
fn a_column_key_sorts_by_it_and_again_reverses() {
    let (r, mut st) = (rows(), state());
    assert_eq!(st.sort, SortSpec::new(Column::Addr));
    press(&mut st, &r, "r");
    assert_eq!((st.sort.column, st.sort.descending), (Column::Cps, true));
    press(&mut st, &r, "r");
    assert_eq!((st.sort.column, st.sort.descending), (Column::Cps, false));
    press(&mut st, &r, "B>");
    assert_eq!(st.sort.column, Column::Addr, "> wraps from the last column");
    press(&mut st, &r, "<R");
    assert_eq!(
        (st.sort.column, st.sort.descending),
        (Column::OutBps, false)
    );
}

#[test]
fn slash_opens_the_filter_enter_applies_escape_clears() {
    let (r, mut st) = (rows(), state());
    press(&mut st, &r, "/44");
    assert_eq!(st.prompt, Some(Prompt::Filter("44".into())));
    assert!(st.filter.is_empty(), "not applied while typing");
    press(&mut st, &r, "3\n");
    assert_eq!(st.filter.text(), "443");
    assert_eq!(st.prompt, None);
    // Editing starts from the current filter; Backspace works.
    press(&mut st, &r, "/\u{8}\u{8}\u{8}80\n");
    assert_eq!(st.filter.text(), "80");
    press(&mut st, &r, "/x\u{1b}");
    assert!(
        st.filter.is_empty() && st.prompt.is_none(),
        "Escape in the prompt clears"
    );
    press(&mut st, &r, "/tcp\n\u{1b}");
    assert!(st.filter.is_empty(), "Escape outside the prompt clears too");
}

#[test]
fn the_interval_is_set_at_d_and_a_bad_one_is_refused() {
    let (r, mut st) = (rows(), state());
    assert_eq!(press(&mut st, &r, "d2.5\n"), Effect::Resample);
    assert_eq!(st.delay, Duration::from_millis(2500));
    press(&mut st, &r, "d0\n");
    assert_eq!(st.delay, Duration::from_millis(2500));
    assert!(st.message.as_deref().unwrap().contains("not an interval"));
    press(&mut st, &r, "dx\n");
    assert_eq!(st.delay, Duration::from_millis(2500));
}

#[test]
fn expand_collapse_pause_help_views() {
    let (r, mut st) = (rows(), state());
    assert_eq!(st.lines(&r).len(), 5, "two services, three servers");
    press(&mut st, &r, "\n");
    assert_eq!(st.lines(&r).len(), 3, "the first service collapsed");
    assert_eq!(st.selected, 0);
    press(&mut st, &r, " ");
    assert_eq!(st.lines(&r).len(), 5);
    press(&mut st, &r, "-");
    assert_eq!(st.lines(&r).len(), 2);
    st.selected = 1;
    press(&mut st, &r, "\n");
    assert_eq!(st.lines(&r).len(), 3, "only the selected one opens");
    press(&mut st, &r, "+");
    assert_eq!(st.lines(&r).len(), 5);
    press(&mut st, &r, "p");
    assert!(st.paused);
    press(&mut st, &r, "?");
    assert!(st.help);
    press(&mut st, &r, "r");
    assert!(!st.help, "any key closes the help");
    assert_eq!(st.sort.column, Column::Addr, "and does nothing else");
    assert_eq!(press(&mut st, &r, "v"), Effect::Resample);
    assert_eq!(st.view, View::Connections);
    press(&mut st, &r, "Nte");
    assert!(st.names && st.kernel_rates && st.trend == Trend::Bytes);
}

#[test]
fn the_selection_stays_on_screen() {
    let (r, mut st) = (rows(), state());
    st.key(KeyEvent::from(KeyCode::End), &r, 10);
    assert_eq!(st.selected, 4);
    st.clamp(5, 2);
    assert_eq!(st.top, 3);
    st.key(KeyEvent::from(KeyCode::Home), &r, 10);
    st.clamp(5, 2);
    assert_eq!((st.selected, st.top), (0, 0));
    // The table shrank under the selection.
    st.selected = 4;
    st.clamp(2, 10);
    assert_eq!((st.selected, st.top), (1, 0));
}

#[test]
fn plus_keeps_the_selected_service_and_ctrl_letters_are_not_letters() {
    let (r, mut st) = (rows(), state());
    press(&mut st, &r, "-");
    st.key(KeyEvent::from(KeyCode::Down), &r, 10);
    assert_eq!(st.lines(&r)[st.selected], LineRef { svc: 1, dest: None });
    press(&mut st, &r, "+");
    assert_eq!(
        st.lines(&r)[st.selected],
        LineRef { svc: 1, dest: None },
        "still the second service"
    );
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(st.key(ctrl_r, &r, 10), Effect::Nothing);
    assert_eq!(st.sort.column, Column::Addr);
}
