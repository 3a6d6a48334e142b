//! `-c` text view tests, and the streaming harness all `-c` views share.
//! Goldens: /proc/net/ip_vs_conn and the reference's `-L -c` output,
//! captured together in the VM (tables in `render::tests`: HTTP through
//! `-A -t 10.9.9.9:80` to 127.0.0.1:8080 and `[2001:db8::99]:80` to
//! [::1]:8081, a SIP INVITE through `-u 10.9.9.9:5060 -p 600 --pe sip`).
//! Where an entry's expiry ticked between `cat` and the listing, the
//! /proc copy carries the second the listing printed.
use std::cell::Cell;
use std::rc::Rc;

use super::*;
use crate::render::tests::guest_names;

fn run(proc_text: &str, f: impl FnOnce(&mut ListOptions), names: &dyn Resolver) -> String {
    let mut o = ListOptions::default();
    f(&mut o);
    let mut input = io::BufReader::with_capacity(64 * 1024, proc_text.as_bytes());
    let mut out = Vec::new();
    write_conns(&mut out, &mut input, &o, names).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn golden_ipv4_and_ipv6_rows() {
    let p = include_str!("../../../tests/golden/c2_proc.txt");
    assert_eq!(
        run(p, |o| o.numeric = true, &crate::names::NoResolver),
        include_str!("../../../tests/golden/c2_conn_numeric.txt")
    );
    assert_eq!(
        run(p, |_| {}, &guest_names()),
        include_str!("../../../tests/golden/c2_conn_names.txt")
    );
}

#[test]
fn golden_template_expiry_is_not_capped() {
    // 7197 s prints as 119:57; a template's client port is 0; with
    // `::1 localhost` in /etc/hosts the IPv6 dest is `[localhost]`.
    let p = include_str!("../../../tests/golden/c3_proc.txt");
    assert_eq!(
        run(p, |o| o.numeric = true, &crate::names::NoResolver),
        include_str!("../../../tests/golden/c3_conn_numeric.txt")
    );
    let mut n = guest_names();
    n.hosts.insert("::1".parse().unwrap(), "localhost".into());
    assert_eq!(
        run(p, |_| {}, &n),
        include_str!("../../../tests/golden/c3_conn_names.txt")
    );
}

#[test]
fn golden_persistence_engine_columns() {
    let p = include_str!("../../../tests/golden/c4_proc.txt");
    let none = crate::names::NoResolver;
    assert_eq!(
        run(p, |o| o.numeric = true, &none),
        include_str!("../../../tests/golden/c4_conn_numeric.txt")
    );
    let pc = |o: &mut ListOptions| {
        o.numeric = true;
        o.persistent_conn = true
    };
    assert_eq!(
        run(p, pc, &none),
        include_str!("../../../tests/golden/c4_conn_pc_numeric.txt")
    );
    assert_eq!(
        run(p, |o| o.persistent_conn = true, &guest_names()),
        include_str!("../../../tests/golden/c4_conn_pc_names.txt")
    );
}

#[test]
fn empty_table_prints_titles_only() {
    let p = format!("{}\n", crate::proc_conn::HEADER);
    assert_eq!(
        run(&p, |o| o.numeric = true, &crate::names::NoResolver),
        "IPVS connection entries\n\
         pro expire state       source             virtual            destination\n"
    );
}

#[test]
fn no_header_line_is_the_references_error() {
    let mut input: &[u8] = b"";
    let mut out = Vec::new();
    let e = write_conns(
        &mut out,
        &mut input,
        &ListOptions::default(),
        &crate::names::NoResolver,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "unexpected input from /proc/net/ip_vs_conn");
    assert_eq!(e.exit_code(), 1);
    assert!(out.is_empty());
}

#[test]
fn malformed_lines_are_skipped_and_counted() {
    let mut p = format!("{}\nTCP 0A000001 0050\n", crate::proc_conn::HEADER).into_bytes();
    p.extend_from_slice(b"\xff\n");
    p.extend_from_slice(b"TCP 0A000002 C350 0A000001 0050 0A000064 0050 ESTABLISHED     3600\n");
    let mut input = p.as_slice();
    let mut out = Vec::new();
    let o = ListOptions {
        numeric: true,
        ..ListOptions::default()
    };
    let s = write_conns(&mut out, &mut input, &o, &crate::names::NoResolver).unwrap();
    assert_eq!(
        s,
        ConnSummary {
            printed: 1,
            filtered: 0,
            malformed: 2
        }
    );
    // Format from §4.10: 3600 s is 60:00.
    assert!(String::from_utf8(out)
        .unwrap()
        .ends_with("TCP 60:00  ESTABLISHED 10.0.0.2:50000     10.0.0.1:80        10.0.0.100:80\n"));
}

#[test]
fn filters_select_rows() {
    let p = include_str!("../../../tests/golden/c2_proc.txt");
    let none = crate::names::NoResolver;
    let count = |f: ConnFilter| {
        run(
            p,
            |o| {
                o.numeric = true;
                o.conn_filter = f
            },
            &none,
        )
        .lines()
        .count()
            - 2
    };
    assert_eq!(count(ConnFilter::default()), 4);
    let v = |s: &str| Some(s.to_string());
    assert_eq!(
        count(ConnFilter {
            vaddr: v("10.9.9.9"),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(ConnFilter {
            vaddr: v("10.9.9.9:80"),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(ConnFilter {
            vaddr: v("10.9.9.9:81"),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(ConnFilter {
            vaddr: v("[2001:db8::99]:80"),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ConnFilter {
            raddr: v("::1"),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ConnFilter {
            raddr: v("127.0.0.1:8080"),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(ConnFilter {
            state: v("time_wait"),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(ConnFilter {
            state: v("ESTABLISHED"),
            ..Default::default()
        }),
        0
    );
    let bad = ConnFilter {
        vaddr: v("not-an-address"),
        ..Default::default()
    };
    assert!(ConnMatcher::new(&bad).is_err());
}

/// A /proc table of `rows` lines made on demand, which records how many
/// bytes the output had received when each row was made.
pub(crate) struct LazyProc {
    next: usize,
    rows: usize,
    pending: Vec<u8>,
    written: Rc<Cell<usize>>,
    seen: Vec<(usize, usize)>,
}

impl io::Read for LazyProc {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            if self.next > self.rows {
                return Ok(0);
            }
            self.pending = if self.next == 0 {
                format!("{}\n", crate::proc_conn::HEADER).into_bytes()
            } else {
                let port = self.next % 65536;
                format!("TCP 0A000002 {port:04X} 0A000001 0050 0A000064 0050 ESTABLISHED     900\n")
                    .into_bytes()
            };
            self.seen.push((self.next, self.written.get()));
            self.next += 1;
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// A writer that only counts bytes.
struct CountingSink(Rc<Cell<usize>>);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs a `-c` view over 20 000 generated rows and checks that it is
/// streamed: output reaches the writer while the input is still being
/// read, never more than the 64 KiB output buffer plus a few rows behind
/// (so nothing holds the table). Returns the bytes written.
pub(crate) fn assert_streamed(
    view: impl FnOnce(&mut dyn Write, &mut dyn BufRead) -> Result<ConnSummary>,
) -> usize {
    const ROWS: usize = 20_000;
    let written = Rc::new(Cell::new(0));
    let mut lazy = LazyProc {
        next: 0,
        rows: ROWS,
        pending: vec![],
        written: written.clone(),
        seen: vec![],
    };
    let mut sink = CountingSink(written.clone());
    let s = {
        let mut input = io::BufReader::with_capacity(4096, &mut lazy);
        view(&mut sink, &mut input).unwrap()
    };
    assert_eq!(s.printed, ROWS as u64);
    let total = written.get();
    // When row i was made, all the output for the rows before the last
    // buffer's worth had been written.
    let per_row = total / ROWS;
    for &(i, w) in lazy.seen.iter().filter(|(i, _)| i % 1000 == 0 && *i > 1000) {
        let before = (i - 20) * per_row;
        assert!(w + 64 * 1024 + 4096 >= before, "row {i}: {w} of {before}");
    }
    total
}

#[test]
fn text_rows_are_streamed_not_collected() {
    let o = ListOptions {
        numeric: true,
        ..ListOptions::default()
    };
    let total =
        assert_streamed(|out, input| write_conns(out, input, &o, &crate::names::NoResolver));
    // Two title lines and 20 000 rows of 72 bytes.
    assert!(total > 20_000 * 70, "{total}");
}

/// Records the size of every read the buffered reader asks for.
struct ReadSizes(Rc<std::cell::RefCell<Vec<usize>>>, usize);

impl io::Read for ReadSizes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.borrow_mut().push(buf.len());
        let row = b"TCP 0A000002 C350 0A000001 0050 0A000064 0050 ESTABLISHED     900\n";
        if self.1 == 0 {
            return Ok(0);
        }
        self.1 -= 1;
        let n = row.len().min(buf.len());
        buf[..n].copy_from_slice(&row[..n]);
        Ok(n)
    }
}

#[test]
fn proc_reads_ask_for_64_kib() {
    // The kernel's seq_file restarts its hash walk on every read(), so
    // small reads (the reference's 1 KiB stdio) cost more than linear
    // time: every read of the /proc file must offer the whole buffer.
    let sizes = Rc::new(std::cell::RefCell::new(Vec::new()));
    let mut input = crate::proc_conn::buffered(ReadSizes(sizes.clone(), 100));
    let o = ListOptions::default();
    let mut out = Vec::new();
    write_conns(&mut out, &mut input, &o, &crate::names::NoResolver).unwrap();
    let sizes = sizes.borrow();
    assert_eq!(sizes.len(), 101);
    assert!(sizes.iter().all(|&n| n >= 64 * 1024), "{sizes:?}");
}

/// /proc with a SIP template whose Call-ID carries a Latin-1 byte (0xE9):
/// `ip_vs_pe_sip.c` stores the client's Call-ID without checking its
/// encoding, so a client could otherwise hide its entries from `-c`.
fn latin1_sip_proc() -> Vec<u8> {
    let mut p = format!("{}\n", crate::proc_conn::HEADER).into_bytes();
    p.extend_from_slice(
        b"UDP 0A090909 0000 0A090909 13C4 7F000001 13C4 NONE            597 sip caf\xe9@pc33\n",
    );
    p
}

#[test]
fn pe_data_that_is_not_utf8_is_shown_in_every_view() {
    let p = latin1_sip_proc();
    let o = ListOptions {
        numeric: true,
        persistent_conn: true,
        ..ListOptions::default()
    };
    let none = crate::names::NoResolver;
    // Text: the bytes as the kernel gave them (the reference's printf %s).
    let mut out = Vec::new();
    let s = write_conns(&mut out, &mut p.as_slice(), &o, &none).unwrap();
    assert_eq!(s.printed, 1);
    assert_eq!(s.malformed, 0);
    assert!(out.ends_with(
        b"UDP 09:57  NONE        10.9.9.9:0         10.9.9.9:5060      127.0.0.1:5060   sip                caf\xe9@pc33\n"
    ));
    // JSON: valid UTF-8, the byte as U+FFFD.
    let mut out = Vec::new();
    crate::render::json::write_conns(&mut out, &mut p.as_slice(), &o).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v[0]["pe_data"], "caf\u{fffd}@pc33");
    // Table: the same.
    let mut out = Vec::new();
    crate::render::table::write_conns(&mut out, &mut p.as_slice(), &o, &none).unwrap();
    assert!(String::from_utf8(out).unwrap().contains("caf\u{fffd}@pc33"));
}
