//! `/` in the view and `--filter`: which services (and servers) to show.
//!
//! The text is split into words; a row must match every word. A word is
//! - `tcp`, `udp`, `sctp`: services of that protocol;
//! - `fwm` (or `fwmark`): firewall-mark services; `fwm:N` (or `fwm=N`,
//!   `fwmark:N`): the one with mark N (decimal or 0x hex);
//! - an address, `ADDR:PORT` or `[ADDR6]:PORT`: the service on that
//!   virtual address (and port), or the real server there;
//! - anything else: text anywhere in the service's line or a server's
//!   address, ignoring case.
//!
//! A service whose own line matches shows all its servers; one that
//! matches only through some servers (a real server's address) shows
//! those servers.

use std::net::{IpAddr, SocketAddr};

use super::engine::{DestRow, ServiceRow};
use super::format::{dest_text, service_text};
use crate::model::{proto, ServiceKey};

#[derive(Debug, Clone, PartialEq)]
enum Word {
    Proto(u16),
    Fwmark(Option<u32>),
    Vip(IpAddr, Option<u16>),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    text: String,
    words: Vec<Word>,
}

impl Filter {
    pub fn parse(text: &str) -> Filter {
        let words = text.split_whitespace().map(word).collect();
        Filter {
            text: text.trim().to_string(),
            words,
        }
    }

    /// What was typed (shown in the status line).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Keeps the rows that match, each with the servers it shows.
    pub fn apply(&self, rows: Vec<ServiceRow>) -> Vec<ServiceRow> {
        if self.is_empty() {
            return rows;
        }
        rows.into_iter()
            .filter_map(|mut r| {
                let svc_text = service_text(&r.key, r.persistent, &r.figures.method).to_lowercase();
                if self
                    .words
                    .iter()
                    .all(|w| matches_service(w, &r.key, &svc_text))
                {
                    return Some(r);
                }
                // Protocol and mark words must hold for the service;
                // addresses and text may be met by a server's line.
                if !self.words.iter().all(|w| {
                    matches!(w, Word::Text(_) | Word::Vip(..))
                        || matches_service(w, &r.key, &svc_text)
                }) {
                    return None;
                }
                let key = r.key;
                r.dests.retain(|d| self.dest_matches(d, &key, &svc_text));
                (!r.dests.is_empty()).then_some(r)
            })
            .collect()
    }

    fn dest_matches(&self, d: &DestRow, key: &ServiceKey, svc_text: &str) -> bool {
        let text = dest_text(d).to_lowercase();
        self.words.iter().all(|w| match w {
            Word::Text(t) => text.contains(t.as_str()) || svc_text.contains(t.as_str()),
            Word::Vip(a, port) => {
                (d.addr == *a && port.is_none_or(|p| p == d.port))
                    || matches_service(w, key, svc_text)
            }
            _ => true,
        })
    }
}

fn word(w: &str) -> Word {
    let lower = w.to_ascii_lowercase();
    match lower.as_str() {
        "tcp" => return Word::Proto(proto::TCP),
        "udp" => return Word::Proto(proto::UDP),
        "sctp" => return Word::Proto(proto::SCTP),
        "fwm" | "fwmark" => return Word::Fwmark(None),
        _ => {}
    }
    for prefix in ["fwm:", "fwm=", "fwmark:", "fwmark="] {
        if let Some(n) = lower.strip_prefix(prefix) {
            let mark = match n.strip_prefix("0x") {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            if let Some(m) = mark {
                return Word::Fwmark(Some(m));
            }
        }
    }
    if let Ok(a) = lower.parse::<IpAddr>() {
        return Word::Vip(a, None);
    }
    if let Ok(sa) = lower.parse::<SocketAddr>() {
        return Word::Vip(sa.ip(), Some(sa.port()));
    }
    Word::Text(lower)
}

fn matches_service(w: &Word, key: &ServiceKey, text: &str) -> bool {
    match (w, key) {
        (Word::Proto(p), k) => k.protocol() == Some(*p),
        (Word::Fwmark(want), ServiceKey::Fwmark { mark, .. }) => want.is_none_or(|m| m == *mark),
        (Word::Fwmark(_), _) => false,
        (Word::Vip(a, port), ServiceKey::Addr { addr, port: p, .. }) => {
            addr == a && port.is_none_or(|want| want == *p)
        }
        (Word::Vip(..), _) => false,
        (Word::Text(t), _) => text.contains(t.as_str()),
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
