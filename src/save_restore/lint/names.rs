//! The names `lint` reports: a small table of the characters that look
//! like ASCII (or like nothing), the C0 controls, the Windows-1252 bytes
//! that are lookalikes, and the full-width forms' names, built from the
//! ASCII names. Checked against Python's unicodedata (Unicode 14) when
//! written; not the Unicode database.

/// Characters that look like ASCII (or like nothing): code point, Unicode
/// name, the ASCII they stand for. The full-width forms U+FF01-U+FF5E are
/// computed (`fullwidth`).
pub(super) const LOOKALIKES: &[(char, &str, &str)] = &[
    // Spaces.
    ('\u{00A0}', "NO-BREAK SPACE", " "),
    ('\u{1680}', "OGHAM SPACE MARK", " "),
    ('\u{2000}', "EN QUAD", " "),
    ('\u{2001}', "EM QUAD", " "),
    ('\u{2002}', "EN SPACE", " "),
    ('\u{2003}', "EM SPACE", " "),
    ('\u{2004}', "THREE-PER-EM SPACE", " "),
    ('\u{2005}', "FOUR-PER-EM SPACE", " "),
    ('\u{2006}', "SIX-PER-EM SPACE", " "),
    ('\u{2007}', "FIGURE SPACE", " "),
    ('\u{2008}', "PUNCTUATION SPACE", " "),
    ('\u{2009}', "THIN SPACE", " "),
    ('\u{200A}', "HAIR SPACE", " "),
    ('\u{2028}', "LINE SEPARATOR", " "),
    ('\u{2029}', "PARAGRAPH SEPARATOR", " "),
    ('\u{202F}', "NARROW NO-BREAK SPACE", " "),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE", " "),
    ('\u{3000}', "IDEOGRAPHIC SPACE", " "),
    // Invisible: zero width, direction marks, the byte-order mark.
    ('\u{00AD}', "SOFT HYPHEN", ""),
    ('\u{200B}', "ZERO WIDTH SPACE", ""),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", ""),
    ('\u{200D}', "ZERO WIDTH JOINER", ""),
    ('\u{200E}', "LEFT-TO-RIGHT MARK", ""),
    ('\u{200F}', "RIGHT-TO-LEFT MARK", ""),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING", ""),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING", ""),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING", ""),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE", ""),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE", ""),
    ('\u{2060}', "WORD JOINER", ""),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE", ""),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE", ""),
    ('\u{2068}', "FIRST STRONG ISOLATE", ""),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE", ""),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE", ""),
    // Hyphens, dashes and minus signs.
    ('\u{02D7}', "MODIFIER LETTER MINUS SIGN", "-"),
    ('\u{2010}', "HYPHEN", "-"),
    ('\u{2011}', "NON-BREAKING HYPHEN", "-"),
    ('\u{2012}', "FIGURE DASH", "-"),
    ('\u{2013}', "EN DASH", "-"),
    ('\u{2014}', "EM DASH", "-"),
    ('\u{2015}', "HORIZONTAL BAR", "-"),
    ('\u{2043}', "HYPHEN BULLET", "-"),
    ('\u{2212}', "MINUS SIGN", "-"),
    ('\u{2796}', "HEAVY MINUS SIGN", "-"),
    ('\u{FE58}', "SMALL EM DASH", "-"),
    ('\u{FE63}', "SMALL HYPHEN-MINUS", "-"),
    // Quotes and primes.
    ('\u{00B4}', "ACUTE ACCENT", "'"),
    ('\u{02B9}', "MODIFIER LETTER PRIME", "'"),
    ('\u{02BC}', "MODIFIER LETTER APOSTROPHE", "'"),
    ('\u{2018}', "LEFT SINGLE QUOTATION MARK", "'"),
    ('\u{2019}', "RIGHT SINGLE QUOTATION MARK", "'"),
    ('\u{201A}', "SINGLE LOW-9 QUOTATION MARK", ","),
    ('\u{201B}', "SINGLE HIGH-REVERSED-9 QUOTATION MARK", "'"),
    ('\u{201C}', "LEFT DOUBLE QUOTATION MARK", "\""),
    ('\u{201D}', "RIGHT DOUBLE QUOTATION MARK", "\""),
    ('\u{201E}', "DOUBLE LOW-9 QUOTATION MARK", "\""),
    ('\u{201F}', "DOUBLE HIGH-REVERSED-9 QUOTATION MARK", "\""),
    ('\u{2032}', "PRIME", "'"),
    ('\u{2033}', "DOUBLE PRIME", "\""),
    // Dots, colons, slashes.
    ('\u{2024}', "ONE DOT LEADER", "."),
    ('\u{2026}', "HORIZONTAL ELLIPSIS", "..."),
    ('\u{2044}', "FRACTION SLASH", "/"),
    ('\u{2215}', "DIVISION SLASH", "/"),
    ('\u{2236}', "RATIO", ":"),
    ('\u{A789}', "MODIFIER LETTER COLON", ":"),
    ('\u{FE52}', "SMALL FULL STOP", "."),
    ('\u{FE55}', "SMALL COLON", ":"),
];

/// The names of ASCII punctuation, `!` to `~` without letters and digits,
/// for the full-width forms (`FULLWIDTH` and the ASCII name).
const PUNCTUATION: &[(char, &str)] = &[
    ('!', "EXCLAMATION MARK"),
    ('"', "QUOTATION MARK"),
    ('#', "NUMBER SIGN"),
    ('$', "DOLLAR SIGN"),
    ('%', "PERCENT SIGN"),
    ('&', "AMPERSAND"),
    ('\'', "APOSTROPHE"),
    ('(', "LEFT PARENTHESIS"),
    (')', "RIGHT PARENTHESIS"),
    ('*', "ASTERISK"),
    ('+', "PLUS SIGN"),
    (',', "COMMA"),
    ('-', "HYPHEN-MINUS"),
    ('.', "FULL STOP"),
    ('/', "SOLIDUS"),
    (':', "COLON"),
    (';', "SEMICOLON"),
    ('<', "LESS-THAN SIGN"),
    ('=', "EQUALS SIGN"),
    ('>', "GREATER-THAN SIGN"),
    ('?', "QUESTION MARK"),
    ('@', "COMMERCIAL AT"),
    ('[', "LEFT SQUARE BRACKET"),
    ('\\', "REVERSE SOLIDUS"),
    (']', "RIGHT SQUARE BRACKET"),
    ('^', "CIRCUMFLEX ACCENT"),
    ('_', "LOW LINE"),
    ('`', "GRAVE ACCENT"),
    ('{', "LEFT CURLY BRACKET"),
    ('|', "VERTICAL LINE"),
    ('}', "RIGHT CURLY BRACKET"),
    ('~', "TILDE"),
];

/// The names of the C0 controls and DEL (Unicode's name aliases).
pub(super) const CONTROLS: [&str; 33] = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
    "DELETE",
];

/// Windows-1252 bytes that are lookalikes, as they arrive when a file
/// saved in that encoding (or Latin-1) is read as UTF-8.
pub(super) const WINDOWS_1252: &[(u8, &str, &str)] = &[
    (0x91, "LEFT SINGLE QUOTATION MARK", "'"),
    (0x92, "RIGHT SINGLE QUOTATION MARK", "'"),
    (0x93, "LEFT DOUBLE QUOTATION MARK", "\""),
    (0x94, "RIGHT DOUBLE QUOTATION MARK", "\""),
    (0x96, "EN DASH", "-"),
    (0x97, "EM DASH", "-"),
    (0xA0, "NO-BREAK SPACE", " "),
    (0xAD, "SOFT HYPHEN", ""),
];

/// ASCII from `!` to `~`, which U+FF01-U+FF5E stand for in order.
pub(super) const PRINTABLE: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@\
    ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The ASCII character a full-width form stands for.
pub(super) fn ascii_of(fullwidth: char) -> char {
    char::from_u32(u32::from(fullwidth) - 0xFEE0).unwrap_or('?')
}

/// `FULLWIDTH DIGIT ZERO`: the name of the full-width form of `ascii`, a
/// character from `!` to `~`.
pub(super) fn fullwidth_name(ascii: char) -> Option<String> {
    let name = match ascii {
        '0'..='9' => format!("DIGIT {}", DIGITS[ascii as usize - '0' as usize]),
        'A'..='Z' => format!("LATIN CAPITAL LETTER {ascii}"),
        'a'..='z' => format!("LATIN SMALL LETTER {}", ascii.to_ascii_uppercase()),
        _ => PUNCTUATION.iter().find(|p| p.0 == ascii)?.1.to_string(),
    };
    Some(format!("FULLWIDTH {name}"))
}

const DIGITS: [&str; 10] = [
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
];
