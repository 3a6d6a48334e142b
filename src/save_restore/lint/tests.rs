use super::*;

/// (column, byte, code point or byte, identifier) of each finding.
fn found(line: &str) -> Vec<(usize, usize, String, &'static str)> {
    found_bytes(line.as_bytes())
}

fn found_bytes(raw: &[u8]) -> Vec<(usize, usize, String, &'static str)> {
    scan(raw, false)
        .into_iter()
        .map(|o| {
            let what = match (o.what.code_point(), o.what) {
                (Some(ch), _) => code_point(ch),
                (None, What::NotUtf8 { byte, .. }) => format!("0x{byte:02X}"),
                (None, _) => unreachable!(),
            };
            (o.column, o.byte, what, o.what.id())
        })
        .collect()
}

fn message(line: &str) -> String {
    scan(line.as_bytes(), false)[0].what.to_string()
}

#[test]
fn plain_ascii_tabs_and_crlf_are_fine() {
    assert_eq!(found("-A -t 10.0.0.1:80\t-s rr"), []);
    assert_eq!(found("-A -t 10.0.0.1:80 -s rr\r\r"), []);
}

#[test]
fn byte_order_marks_anywhere() {
    assert_eq!(found("\u{FEFF}-A"), [(1, 1, "U+FEFF".into(), "char")]);
    assert_eq!(found("-A\u{FEFF}"), [(3, 3, "U+FEFF".into(), "char")]);
    assert_eq!(
        message("\u{FEFF}-A"),
        "U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) shows as nothing"
    );
}

#[test]
fn unicode_spaces_look_like_spaces() {
    for ch in [
        '\u{00A0}', '\u{2000}', '\u{2005}', '\u{200A}', '\u{202F}', '\u{205F}', '\u{3000}',
    ] {
        let line = format!("-a -t 1.2.3.4:80 -r 5.6.7.8 -m{ch}-w 2");
        assert_eq!(found(&line), [(31, 31, code_point(ch), "char")], "{line}");
        assert_eq!(scan(line.as_bytes(), false)[0].what.ascii(), Some(" "));
    }
    assert_eq!(
        message("-m\u{00A0}-w"),
        "U+00A0 NO-BREAK SPACE looks like a space"
    );
    assert_eq!(
        message("\u{200B}"),
        "U+200B ZERO WIDTH SPACE shows as nothing"
    );
}

#[test]
fn dashes_look_like_hyphen_minus() {
    for ch in [
        '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
        '\u{FE58}', '\u{FE63}', '\u{FF0D}',
    ] {
        let line = format!("-A {ch}t 1.2.3.4:80");
        let odd = scan(line.as_bytes(), false);
        assert_eq!(found(&line), [(4, 4, code_point(ch), "char")], "{line}");
        assert_eq!(odd[0].what.ascii(), Some("-"), "{line}");
    }
    assert_eq!(message("\u{2013}A"), "U+2013 EN DASH looks like '-'");
    assert_eq!(
        message("\u{FF0D}A"),
        "U+FF0D FULLWIDTH HYPHEN-MINUS looks like '-'"
    );
}

#[test]
fn full_width_letters_digits_and_punctuation() {
    // After a multi-byte character, columns count characters, bytes bytes.
    let line = "-A -t \u{FF11}0.0.0.1\u{FF1A}80 -s \u{FF52}r";
    assert_eq!(
        found(line),
        [
            (7, 7, "U+FF11".into(), "char"),
            (15, 17, "U+FF1A".into(), "char"),
            (22, 26, "U+FF52".into(), "char"),
        ]
    );
    let odd = scan(line.as_bytes(), false);
    let names: Vec<_> = odd.iter().map(|o| o.what.name().unwrap()).collect();
    assert_eq!(
        names,
        [
            "FULLWIDTH DIGIT ONE",
            "FULLWIDTH COLON",
            "FULLWIDTH LATIN SMALL LETTER R"
        ]
    );
    let ascii: Vec<_> = odd.iter().map(|o| o.what.ascii().unwrap()).collect();
    assert_eq!(ascii, ["1", ":", "r"]);
    assert_eq!(
        message("\u{FF21}"),
        "U+FF21 FULLWIDTH LATIN CAPITAL LETTER A looks like 'A'"
    );
    assert_eq!(message("\u{FF5E}"), "U+FF5E FULLWIDTH TILDE looks like '~'");
}

#[test]
fn smart_quotes() {
    let line = "-A -t 1.2.3.4:80 -s \u{201C}rr\u{201D} -b \u{2018}x\u{2019}";
    assert_eq!(
        found(line),
        [
            (21, 21, "U+201C".into(), "char"),
            (24, 26, "U+201D".into(), "char"),
            (29, 33, "U+2018".into(), "char"),
            (31, 37, "U+2019".into(), "char"),
        ]
    );
    assert_eq!(
        message("\u{201C}"),
        "U+201C LEFT DOUBLE QUOTATION MARK looks like '\"'"
    );
    assert_eq!(
        message("\u{2019}"),
        "U+2019 RIGHT SINGLE QUOTATION MARK looks like '''"
    );
}

#[test]
fn control_characters_but_tab_and_final_cr() {
    assert_eq!(
        found("-A\x0c-t\x00 1.2.3.4:80\r-s rr\x7f\u{85}\r"),
        [
            (3, 3, "U+000C".into(), "control"),
            (6, 6, "U+0000".into(), "control"),
            (18, 18, "U+000D".into(), "control"),
            (24, 24, "U+007F".into(), "control"),
            (25, 25, "U+0085".into(), "control"),
        ]
    );
    assert_eq!(message("\x1b"), "U+001B ESCAPE is a control character");
    assert_eq!(message("\u{93}"), "U+0093 is a control character");
}

#[test]
fn bytes_that_are_not_utf8() {
    assert_eq!(
        found_bytes(b"-a -m\xa0-w 2 \xe2\x80"),
        [
            (6, 6, "0xA0".into(), "not-utf8"),
            (12, 12, "0xE2".into(), "not-utf8"),
            (13, 13, "0x80".into(), "not-utf8"),
        ]
    );
    let odd = scan(b"-m\xa0-w", false);
    assert_eq!(
        odd[0].what.to_string(),
        "byte 0xA0 is not UTF-8 (in Windows-1252 it is NO-BREAK SPACE, which looks \
         like a space; save the file as UTF-8 or ASCII)"
    );
    assert_eq!(odd[0].what.name().as_deref(), Some("NO-BREAK SPACE"));
    assert_eq!(
        scan(b"\xff", false)[0].what.to_string(),
        "byte 0xFF is not UTF-8"
    );
    // A character cut in two by the reader's bound is not the file's.
    assert_eq!(scan(b"-A \xe2\x80", true), []);
}

#[test]
fn other_characters_beyond_ascii_are_warnings() {
    // A Cyrillic 'а' in "rr"? No: in an interface name it may be meant.
    let odd = scan("--mcast-interface eth\u{0430}".as_bytes(), false);
    assert_eq!(odd.len(), 1);
    assert_eq!((odd[0].column, odd[0].what.id()), (22, "non-ascii"));
    assert!(!odd[0].what.is_error());
    assert!(What::NotUtf8 { byte: 0, was: None }.is_error());
}

#[test]
fn comments_are_not_scanned() {
    assert_eq!(found("-C # \u{2014} cleared \u{A0}"), []);
    // A mark glued to '#' is not a comment: the reader runs that word.
    assert_eq!(found("\u{FEFF}# saved"), [(1, 1, "U+FEFF".into(), "char")]);
    assert_eq!(found("-C \u{A0}# x"), [(4, 4, "U+00A0".into(), "char")]);
}
