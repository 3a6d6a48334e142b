//! How `ipvstop` writes addresses and figures: short enough for an
//! 80-column table, the same in the view and in batch text.

use std::net::IpAddr;

use super::engine::DestRow;
use super::names::Names;
use super::rates::{PerSecond, Rates};
use crate::model::{proto, ServiceKey};
use crate::names::NoResolver;
use crate::render::addr::addrport;

/// A figure in at most 6 characters: `0`, `7.5`, `999`, `1.2K`, `34M`...
/// (powers of 1000, as rates are read).
pub fn human(v: f64) -> String {
    let mut s = String::new();
    human_into(&mut s, v);
    s
}

/// [`human`], appended to `out` (batch output writes 55,000 lines a
/// refresh at 5,000 x 10: no allocation a figure).
pub fn human_into(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if !v.is_finite() || v < 0.0 {
        out.push('-');
        return;
    }
    const UNITS: [&str; 6] = ["", "K", "M", "G", "T", "P"];
    let mut v = v;
    let mut u = 0;
    while v >= 999.5 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    // Integer arithmetic, not `{:.1}`: float formatting with a precision
    // takes the slow exact path, 55,000 lines a refresh.
    let _ = if v == 0.0 {
        write!(out, "0")
    } else if v < 9.95 && (u > 0 || v.fract() != 0.0) {
        let tenths = (v * 10.0).round() as u64;
        write!(out, "{}.{}{}", tenths / 10, tenths % 10, UNITS[u])
    } else {
        write!(out, "{}{}", v.round() as u64, UNITS[u])
    };
}

/// Appends `s` to `out`, padded with spaces to `w` characters, on the
/// left (`right_align`) or on the right; a longer `s` is not cut.
pub fn pad(out: &mut String, s: &str, w: usize, right_align: bool) {
    let n = s.chars().count();
    let fill = w.saturating_sub(n);
    if right_align {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    } else {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    }
}

/// The five rates, in the table's order.
pub const RATES: [fn(&PerSecond) -> f64; 5] = [
    |p| p.cps,
    |p| p.inpps,
    |p| p.outpps,
    |p| p.inbps,
    |p| p.outbps,
];

/// [`rate_cell`], appended to `out`.
pub fn rate_into(out: &mut String, r: &Rates, pick: fn(&PerSecond) -> f64) {
    match r {
        Rates::Valid(p) => human_into(out, pick(p)),
        Rates::Unknown => out.push('-'),
        Rates::Reset => out.push_str("reset"),
    }
}

/// A rate cell: the figure, or what stands in for it.
pub fn rate_cell(r: &Rates, pick: fn(&PerSecond) -> f64) -> String {
    let mut s = String::new();
    rate_into(&mut s, r, pick);
    s
}

fn proto_name(p: u16) -> &'static str {
    match p {
        proto::TCP => "TCP",
        proto::UDP => "UDP",
        proto::SCTP => "SCTP",
        _ => "?",
    }
}

/// `a.b.c.d:port` or `[v6]:port` as ipvsadm writes them
/// (`render::addr::addrport`): numbers, or with names the host's and the
/// port's of `protocol` where known.
fn host_port(addr: &IpAddr, port: u16, protocol: Option<u16>, names: Option<&Names>) -> String {
    match names {
        Some(n) => addrport(addr, port, protocol, false, n),
        None => addrport(addr, port, protocol, true, &NoResolver),
    }
}

/// A service's first column: `TCP 10.0.0.1:80`, `FWM 7`, `FWM 7 IPv6`.
pub fn service_addr(key: &ServiceKey, names: Option<&Names>) -> String {
    match *key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => format!(
            "{} {}",
            proto_name(protocol),
            host_port(&addr, port, Some(protocol), names)
        ),
        ServiceKey::Fwmark { mark, af } => match af {
            crate::model::Family::Inet6 => format!("FWM {mark} IPv6"),
            _ => format!("FWM {mark}"),
        },
    }
}

/// A server's first column, its address and port (a port name is of
/// the service's protocol).
pub fn dest_addr(addr: &IpAddr, port: u16, protocol: Option<u16>, names: Option<&Names>) -> String {
    host_port(addr, port, protocol, names)
}

/// The text the filter searches in a service's line (numeric).
pub fn service_text(key: &ServiceKey, persistent: bool, sched: &str) -> String {
    let mut s = format!("{} {sched}", service_addr(key, None));
    if persistent {
        s.push_str(" persistent");
    }
    s
}

/// The text the filter searches in a server's line (numeric).
pub fn dest_text(d: &DestRow) -> String {
    format!(
        "{} {}",
        dest_addr(&d.addr, d.port, None, None),
        d.figures.method
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_fit_six_characters() {
        let cases = [
            (0.0, "0"),
            (7.5, "7.5"),
            (7.0, "7"),
            (999.0, "999"),
            (999.6, "1.0K"),
            (1234.0, "1.2K"),
            (12_345.0, "12K"),
            (123_456_789.0, "123M"),
            (1.5e12, "1.5T"),
            (f64::NAN, "-"),
            (-3.0, "-"),
        ];
        for (v, want) in cases {
            assert_eq!(human(v), want, "{v}");
            assert!(human(v).len() <= 6);
        }
        assert!(human(u64::MAX as f64).len() <= 6);
    }

    #[test]
    fn services_as_ipvsadm_names_them() {
        let k = ServiceKey::tcp([10, 0, 0, 1], 80);
        assert_eq!(service_addr(&k, None), "TCP 10.0.0.1:80");
        let v6 = ServiceKey::udp("2001:db8::1".parse::<IpAddr>().unwrap(), 53);
        assert_eq!(service_addr(&v6, None), "UDP [2001:db8::1]:53");
        let m = ServiceKey::fwmark(7, crate::model::Family::Inet6);
        assert_eq!(service_addr(&m, None), "FWM 7 IPv6");
        assert_eq!(
            service_text(&k, true, "wlc"),
            "TCP 10.0.0.1:80 wlc persistent"
        );
    }
}
