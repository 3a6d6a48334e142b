//! Grammar tests: one per rule of shared/ipvsadm-behavior.md §2-§3, each
//! error sentence with its exit code, and the 1.31 quirks by name. A fixed
//! resolver keeps them independent of /etc/services and DNS.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::test_view::{flat, Flat};
use super::*;
use crate::error::Error;
use crate::model::{
    proto, DaemonState, Dest, Family, Forward, Service, ServiceFlags, ServiceKey, TunnelFlags,
    TunnelType,
};
use crate::names::Resolver;

struct Fake;

impl Resolver for Fake {
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
        match (name, proto) {
            ("http", "tcp") => Some(80),
            ("domain", "tcp" | "udp") => Some(53),
            ("sip", "sctp") => Some(5060),
            _ => None,
        }
    }
    fn host_by_name(&self, name: &str) -> Option<Ipv4Addr> {
        match name {
            "web" => Some(Ipv4Addr::new(10, 0, 0, 50)),
            "ip6-localhost" => Some(Ipv4Addr::LOCALHOST),
            "mask" => Some(Ipv4Addr::new(255, 255, 255, 0)),
            _ => None,
        }
    }
    fn port_name(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host_name(&self, _: &IpAddr) -> Option<String> {
        None
    }
}

fn argv(words: &[&str]) -> Vec<String> {
    std::iter::once("ipvsadm")
        .chain(words.iter().copied())
        .map(String::from)
        .collect()
}

/// Parse a line split on spaces (use `pv` for words with spaces).
fn p(line: &str) -> Result<Invocation, Error> {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    pv(&words)
}

fn pv(words: &[&str]) -> Result<Invocation, Error> {
    parse(&argv(words), &Fake)
}

fn ok(line: &str) -> Flat {
    flat(p(line).unwrap_or_else(|e| panic!("{line}: {e}")))
}

/// The error's text and exit code.
fn err(line: &str) -> (String, i32) {
    let e = p(line).expect_err(line);
    (e.to_string(), e.exit_code())
}

fn usage(line: &str) -> String {
    let (msg, rc) = err(line);
    assert_eq!(rc, 2, "{line}: {msg}");
    msg
}

fn svc(line: &str) -> Service {
    ok(line).service.expect("service")
}

fn dest(line: &str) -> Dest {
    ok(line).dest.expect("dest")
}

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

fn key(line: &str) -> ServiceKey {
    svc(line).key
}

const TRY_HELP: &str = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";

mod addresses;
mod commands;
mod general;
mod matrix;
mod options;
