//! How `ipvstop` writes addresses and figures: short enough for an
//! 80-column table, the same in the view and in batch text.

use std::net::IpAddr;

use super::engine::DestRow;
use super::names::Names;
use super::rates::Rates;
use crate::model::{proto, ServiceKey};

/// A figure in at most 6 characters: `0`, `7.5`, `999`, `1.2K`, `34M`...
/// (powers of 1000, as rates are read).
pub fn human(v: f64) -> String {
    if !v.is_finite() || v < 0.0 {
        return "-".to_string();
    }
    const UNITS: [&str; 6] = ["", "K", "M", "G", "T", "P"];
    let mut v = v;
    let mut u = 0;
    while v >= 999.5 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if v == 0.0 {
        "0".to_string()
    } else if v < 9.95 && (u > 0 || v.fract() != 0.0) {
        format!("{v:.1}{}", UNITS[u])
    } else {
        format!("{v:.0}{}", UNITS[u])
    }
}

/// A rate cell: the figure, or what stands in for it.
pub fn rate_cell(r: &Rates, pick: fn(&super::rates::PerSecond) -> f64) -> String {
    match r {
        Rates::Valid(p) => human(pick(p)),
        Rates::Unknown => "-".to_string(),
        Rates::Reset => "reset".to_string(),
    }
}

fn proto_name(p: u16) -> &'static str {
    match p {
        proto::TCP => "TCP",
        proto::UDP => "UDP",
        proto::SCTP => "SCTP",
        _ => "?",
    }
}

fn host_port(addr: &IpAddr, port: u16, names: Option<(&Names, Option<u16>)>) -> String {
    let host = names
        .and_then(|(n, _)| n.host(addr))
        .unwrap_or_else(|| addr.to_string());
    let port_text = names
        .and_then(|(n, p)| p.and_then(|p| n.port(port, p)))
        .unwrap_or_else(|| port.to_string());
    match addr {
        IpAddr::V6(_) if host.contains(':') => format!("[{host}]:{port_text}"),
        _ => format!("{host}:{port_text}"),
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
            host_port(&addr, port, names.map(|n| (n, Some(protocol))))
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
    host_port(addr, port, names.map(|n| (n, protocol)))
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
