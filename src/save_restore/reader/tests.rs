use super::*;

fn args(s: &str) -> Vec<&str> {
    split(s).unwrap_or_default()
}

#[test]
fn splits_on_blanks_and_crlf() {
    assert_eq!(
        args("  -A\t-t 1.2.3.4:80  -s rr\r\n"),
        ["-A", "-t", "1.2.3.4:80", "-s", "rr"]
    );
}

#[test]
fn ipvsadm_dropped_anywhere_other_spellings_kept() {
    assert_eq!(args("ipvsadm -A -s ipvsadm rr"), ["-A", "-s", "rr"]);
    assert_eq!(args("/sbin/ipvsadm -A"), ["/sbin/ipvsadm", "-A"]);
}

#[test]
fn blank_and_comment_lines() {
    assert_eq!(split("   \t\r\n"), None);
    assert_eq!(split("# saved by ipvsadm-save\n"), None);
    assert_eq!(split("   # indented comment\n"), None);
    assert_eq!(args("-C # trailing comment"), ["-C"]);
}

fn read_all(mut input: &[u8], max: usize) -> Vec<(String, Read)> {
    let mut buf = Vec::new();
    let mut lines = Vec::new();
    loop {
        buf.clear();
        let r = read_line(&mut input, &mut buf, max, &|| false).unwrap();
        if r == Read::End {
            break;
        }
        lines.push((String::from_utf8(buf.clone()).unwrap(), r));
    }
    lines
}

#[test]
fn read_line_keeps_newlines_and_a_last_line_without_one() {
    let lines: Vec<String> = read_all(b"-C\r\n\n-A", MAX_LINE)
        .into_iter()
        .map(|(l, r)| {
            assert_eq!(r, Read::Line);
            l
        })
        .collect();
    assert_eq!(lines, ["-C\r\n", "\n", "-A"]);
}

#[test]
fn read_line_bounds_a_long_line_and_goes_on_after_it() {
    let got = read_all(b"abcd\nabcdef\nab", 4);
    assert_eq!(
        got,
        [
            ("abcd\n".to_string(), Read::Line),
            ("abcd\n".to_string(), Read::TooLong),
            ("ab".to_string(), Read::Line),
        ]
    );
    // Across reads of a small buffer too.
    let data = b"abcdefgh\nxy\n";
    let mut input = std::io::BufReader::with_capacity(3, &data[..]);
    let mut buf = Vec::new();
    assert_eq!(
        read_line(&mut input, &mut buf, 4, &|| false).unwrap(),
        Read::TooLong
    );
    assert_eq!(buf, b"abcd\n");
    buf.clear();
    assert_eq!(
        read_line(&mut input, &mut buf, 4, &|| false).unwrap(),
        Read::Line
    );
    assert_eq!(buf, b"xy\n");
}

#[test]
fn the_source_numbers_lines_skips_blanks_and_refuses_long_ones() {
    let names = crate::names::NoResolver;
    let long = format!("-A -t 10.0.0.1:80 -s {}\n", "x".repeat(MAX_LINE));
    let input = format!("# c\n-C\r\n\n{long}-A --bogus\n");
    let mut src = RuleSource::new("ipvsadm", &names);
    let mut input = input.as_bytes();
    let got: Vec<RuleLine> = src.lines(&mut input).map(Result::unwrap).collect();
    assert_eq!(got.iter().map(|l| l.number).collect::<Vec<_>>(), [2, 4, 5]);
    assert_eq!(got[0].raw, b"-C");
    assert!(got[0].parsed.is_ok());
    let e = got[1].parsed.as_ref().unwrap_err();
    assert_eq!(e.to_string(), "too long: more than 4095 bytes");
    assert_eq!(e.exit_code(), 2);
    assert_eq!(got[1].raw.len(), MAX_LINE);
    assert!(got[2].parsed.is_err());
}

#[test]
fn bytes_that_are_not_utf8_fail_the_line_not_the_read() {
    let names = crate::names::NoResolver;
    let mut src = RuleSource::new("ipvsadm", &names);
    let mut input: &[u8] = b"-A -t 10.0.0.\xff:80\n-A -t 10.0.0.1:80\n";
    let got: Vec<RuleLine> = src.lines(&mut input).map(Result::unwrap).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].raw, b"-A -t 10.0.0.\xff:80");
    let e = got[0].parsed.as_ref().unwrap_err().to_string();
    assert_eq!(e, "illegal virtual server address[:port] specified");
    assert!(got[1].parsed.is_ok());
}

#[test]
fn invalid_utf8_and_nul_do_not_panic() {
    assert_eq!(args("-A -t \u{ff}\n").len(), 3);
    assert_eq!(split("-A\0-t"), Some(vec!["-A\0-t"]));
}

#[test]
fn a_line_tells_its_words_as_written() {
    let names = crate::names::NoResolver;
    let mut source = RuleSource::new("ipvsadm", &names);
    let long = format!("-A -t 1.2.3.4:80 {}\n", "x".repeat(MAX_LINE));
    let file =
        format!("ipvsadm -a -t 1.2.3.4:80 -gr 5.6.7.8:8080 -r 9.9.9.9:81\n\u{FEFF}-A\n{long}");
    let mut input = file.as_bytes();
    let lines: Vec<RuleLine> = source.lines(&mut input).map(Result::unwrap).collect();
    assert_eq!(lines[0].first_word().as_deref(), Some("-a"));
    assert_eq!(
        lines[0].written(cli::Opt::RealServer).as_deref(),
        Some("9.9.9.9:81")
    );
    assert_eq!(lines[0].written(cli::Opt::Weight), None);
    assert!(!lines[0].truncated());
    assert_eq!(lines[1].first_word().as_deref(), Some("\u{FEFF}-A"));
    assert!(lines[2].truncated());
}
