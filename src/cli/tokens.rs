//! A small tokenizer with popt's semantics (popt 1.19, as linked by the
//! Debian ipvsadm 1.31): short clusters, `--long=value`, values from the
//! next word, optional values, `--`, leftovers, and popt's three error
//! kinds. It yields one item at a time, because the reference acts on each
//! option before popt looks at the next word (so a range error on an early
//! option wins over a popt error later on the line).
//!
//! Not reproduced: popt's `!#:+` expansion inside values (it splices in the
//! next positional word); no ipvsadm user can rely on it.

use super::options::{self, ArgKind, OptSpec};

/// One option as popt returns it.
/// It borrows from the words: a restore parses every line with it, and a
/// `String` per value and word was most of its allocations (issue 15).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok<'a> {
    pub spec: &'static OptSpec,
    pub value: Option<&'a str>,
    /// The last argv word consumed: what `poptBadOption` reports (for
    /// `--start-daemon master` that is `master`).
    pub word: &'a str,
}

/// popt's error kinds, with `poptStrerror`'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoptErrorKind {
    BadOpt,
    NoArg,
    UnwantedArg,
}

impl PoptErrorKind {
    pub fn message(self) -> &'static str {
        match self {
            PoptErrorKind::BadOpt => "unknown option",
            PoptErrorKind::NoArg => "missing argument",
            PoptErrorKind::UnwantedArg => "option does not take an argument",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoptError {
    pub kind: PoptErrorKind,
    /// The whole argv word, as typed (`-Lx`, `--bogus`).
    pub word: String,
}

/// The popt context over `args[1..]`.
pub struct Tokens<'a> {
    words: &'a [&'a str],
    next: usize,
    /// Rest of a short-option cluster: (word index, byte offset).
    char_arg: Option<(usize, usize)>,
    rest_leftover: bool,
    leftovers: Vec<&'a str>,
}

impl<'a> Tokens<'a> {
    /// `words` excludes argv[0].
    pub fn new(words: &'a [&'a str]) -> Tokens<'a> {
        Tokens {
            words,
            next: 0,
            char_arg: None,
            rest_leftover: false,
            leftovers: Vec::new(),
        }
    }

    /// Positional words seen so far (popt's leftovers, `poptGetArg`).
    pub fn leftovers(&self) -> &[&'a str] {
        &self.leftovers
    }

    /// Consume the rest of the line (so every leftover is known).
    #[cfg(test)]
    pub fn drain(&mut self) -> Result<(), PoptError> {
        while let Some(t) = self.next_opt() {
            t?;
        }
        Ok(())
    }

    fn last_word(&self) -> &'a str {
        self.words[self.next - 1]
    }

    fn err(&self, kind: PoptErrorKind) -> Option<Result<Tok<'a>, PoptError>> {
        Some(Err(PoptError {
            kind,
            word: self.last_word().to_string(),
        }))
    }

    /// popt's `poptGetNextOpt`: the next option, skipping positional words.
    pub fn next_opt(&mut self) -> Option<Result<Tok<'a>, PoptError>> {
        loop {
            if let Some((wi, off)) = self.char_arg.take() {
                let word = self.words[wi];
                let c = word[off..].chars().next().expect("non-empty cluster rest");
                let after = off + c.len_utf8();
                let Some(spec) = options::by_short(c) else {
                    return self.err(PoptErrorKind::BadOpt);
                };
                if after < word.len() {
                    self.char_arg = Some((wi, after));
                }
                return self.finish(spec, None);
            }
            if self.next >= self.words.len() {
                return None;
            }
            let word = self.words[self.next];
            self.next += 1;
            if self.rest_leftover || !word.starts_with('-') || word == "-" {
                self.leftovers.push(word);
                continue;
            }
            if word == "--" {
                self.rest_leftover = true;
                continue;
            }
            if let Some(long) = word.strip_prefix("--") {
                let (name, value) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (long, None),
                };
                let Some(spec) = options::by_long(name) else {
                    return self.err(PoptErrorKind::BadOpt);
                };
                if value.is_some() && spec.arg == ArgKind::None {
                    return self.err(PoptErrorKind::UnwantedArg);
                }
                return self.finish(spec, value);
            }
            // A single dash: a cluster of short options (no ipvsadm option
            // has popt's ONEDASH flag, so `-list` is -l -i -s -t).
            self.char_arg = Some((self.next - 1, 1));
        }
    }

    /// Find the value of `spec` the way popt does, and build the token.
    fn finish(
        &mut self,
        spec: &'static OptSpec,
        long_value: Option<&'a str>,
    ) -> Option<Result<Tok<'a>, PoptError>> {
        let value = match spec.arg {
            ArgKind::None => None,
            _ if long_value.is_some() => long_value,
            _ if self.char_arg.is_some() => {
                // The rest of the cluster; popt skips one `=` (`-t=x`).
                let (wi, off) = self.char_arg.take().expect("checked");
                let rest = &self.words[wi][off..];
                Some(rest.strip_prefix('=').unwrap_or(rest))
            }
            ArgKind::Optional => match self.words.get(self.next) {
                Some(w) if !w.starts_with('-') => {
                    self.next += 1;
                    Some(*w)
                }
                _ => None,
            },
            ArgKind::Required => match self.words.get(self.next) {
                Some(w) => {
                    self.next += 1;
                    Some(*w)
                }
                None => return self.err(PoptErrorKind::NoArg),
            },
        };
        Some(Ok(Tok {
            spec,
            value,
            word: self.last_word(),
        }))
    }
}

/// The value of the last `opt` in `words` (argv without argv[0]) as
/// popt splits them, whether or not the line parses: what the line said,
/// for checks that need the text behind a value the parser then changed
/// (a real server's port, which DR and tunnelling replace).
pub fn last_value(words: &[&str], opt: options::Opt) -> Option<String> {
    let mut toks = Tokens::new(words);
    let mut last = None;
    while let Some(t) = toks.next_opt() {
        match t {
            Ok(t) if t.spec.opt == opt => last = t.value.map(str::to_string),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::super::options::Opt;
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').filter(|w| !w.is_empty()).collect()
    }

    /// (option, value) pairs, or the first error as "word: message".
    fn run(s: &str) -> Result<Vec<(Opt, Option<String>)>, String> {
        let w = words(s);
        let mut t = Tokens::new(&w);
        let mut out = Vec::new();
        while let Some(r) = t.next_opt() {
            match r {
                Ok(tok) => out.push((tok.spec.opt, tok.value.map(str::to_string))),
                Err(e) => return Err(format!("{}: {}", e.word, e.kind.message())),
            }
        }
        Ok(out)
    }

    fn v(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn last_value_is_what_the_line_said() {
        let w = words("-a -t 1.2.3.4:80 -gr 5.6.7.8:8080 -r=x --real-server=9.9.9.9:81");
        assert_eq!(last_value(&w, Opt::RealServer), v("9.9.9.9:81"));
        assert_eq!(last_value(&w[..5], Opt::RealServer), v("5.6.7.8:8080"));
        assert_eq!(last_value(&w, Opt::Weight), None);
    }

    #[test]
    fn clusters_take_the_rest_or_the_next_word() {
        assert_eq!(
            run("-Ln").unwrap(),
            vec![(Opt::List, None), (Opt::Numeric, None)]
        );
        assert_eq!(
            run("-At 1.2.3.4:80").unwrap(),
            vec![(Opt::AddService, None), (Opt::TcpService, v("1.2.3.4:80"))]
        );
        assert_eq!(
            run("-t10.0.0.1:80").unwrap(),
            vec![(Opt::TcpService, v("10.0.0.1:80"))]
        );
        assert_eq!(
            run("-t=10.0.0.1:80").unwrap(),
            vec![(Opt::TcpService, v("10.0.0.1:80"))]
        );
        assert_eq!(run("-p300").unwrap(), vec![(Opt::Persistent, v("300"))]);
        assert_eq!(run("-Lx").unwrap_err(), "-Lx: missing argument");
        assert_eq!(run("-LQ").unwrap_err(), "-LQ: unknown option");
    }

    #[test]
    fn optional_value_skips_words_starting_with_dash() {
        assert_eq!(run("-p 300").unwrap(), vec![(Opt::Persistent, v("300"))]);
        assert_eq!(
            run("-p -M 64").unwrap(),
            vec![(Opt::Persistent, None), (Opt::Netmask, v("64"))]
        );
        assert_eq!(run("-p").unwrap(), vec![(Opt::Persistent, None)]);
        assert_eq!(
            run("--persistent=7").unwrap(),
            vec![(Opt::Persistent, v("7"))]
        );
        // A required value takes the next word whatever it is.
        assert_eq!(run("-w -1").unwrap(), vec![(Opt::Weight, v("-1"))]);
    }

    #[test]
    fn long_options() {
        assert_eq!(run("--list").unwrap(), vec![(Opt::List, None)]);
        assert_eq!(run("--lis").unwrap_err(), "--lis: unknown option");
        assert_eq!(
            run("--list=foo").unwrap_err(),
            "--list=foo: option does not take an argument"
        );
        assert_eq!(run("--pe").unwrap_err(), "--pe: missing argument");
        assert_eq!(run("--pe=").unwrap(), vec![(Opt::Pe, v(""))]);
        assert_eq!(run("--bogus").unwrap_err(), "--bogus: unknown option");
    }

    #[test]
    fn leftovers_and_double_dash() {
        let w = words("foo -L -- -n - bar");
        let mut t = Tokens::new(&w);
        t.drain().unwrap();
        assert_eq!(t.leftovers(), ["foo", "-n", "-", "bar"]);
        assert_eq!(run("--set -1 1 1").unwrap_err(), "-1: unknown option");
    }

    #[test]
    fn word_is_the_last_consumed() {
        let w = words("--start-daemon master");
        let mut t = Tokens::new(&w);
        assert_eq!(t.next_opt().unwrap().unwrap().word, "master");
    }
}
