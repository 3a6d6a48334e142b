//! `FixedMachine`: a machine whose answers are fixed, for tests of
//! programs that use the kernel model without asking this machine.

use super::{Answer, Machine, Route};
use std::net::IpAddr;

/// Schedulers a stock kernel can load on demand.
pub const STOCK_SCHEDULERS: &[&str] = &[
    "rr", "wlc", "wrr", "lc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
];

/// A machine that answers the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedMachine {
    /// A stock kernel's modules (the schedulers above, the `sip`
    /// persistence engine), interfaces `lo` and `veth*`, no address of its
    /// own but loopback.
    Stock,
    /// Nothing can be found out (a container without /lib/modules).
    Unknown,
}

fn yes_no(b: bool) -> Answer {
    if b {
        Answer::Yes
    } else {
        Answer::No
    }
}

impl Machine for FixedMachine {
    fn interface_exists(&self, name: &str) -> Answer {
        match self {
            FixedMachine::Stock => yes_no(name == "lo" || name.starts_with("veth")),
            FixedMachine::Unknown => Answer::Unknown,
        }
    }

    fn interface_mtu(&self, name: &str) -> Option<u32> {
        match self {
            FixedMachine::Stock if name == "lo" => Some(65536),
            FixedMachine::Stock => Some(1500),
            FixedMachine::Unknown => None,
        }
    }

    fn can_load_scheduler(&self, name: &str) -> Answer {
        match self {
            FixedMachine::Stock => yes_no(STOCK_SCHEDULERS.contains(&name)),
            FixedMachine::Unknown => Answer::Unknown,
        }
    }

    fn can_load_pe(&self, name: &str) -> Answer {
        match self {
            FixedMachine::Stock => yes_no(name == "sip"),
            FixedMachine::Unknown => Answer::Unknown,
        }
    }

    fn route(&self, addr: &IpAddr) -> Option<Route> {
        match self {
            FixedMachine::Stock if addr.is_loopback() => Some(Route::Local),
            FixedMachine::Stock => Some(Route::Other),
            FixedMachine::Unknown => None,
        }
    }
}
