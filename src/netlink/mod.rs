//! Bytes: the kernel's IPVS generic-netlink family. One file per attribute
//! level (service, dest, daemon, stats), the payload and frames
//! (`message`), the socket (`socket`), and the `Ipvs` implementation that
//! converts the model (`client`), and what is run when IPVS is missing
//! (`init`). Nothing above this module sees an
//! attribute.

pub(crate) mod attr;
pub mod client;
pub mod consts;
pub mod daemon;
pub mod dest;
pub mod encode;
mod init;
pub mod message;
pub mod service;
pub mod socket;
pub mod stats;
mod table;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The deadline for each wait for a kernel answer, in milliseconds.
static DEFAULT_DEADLINE_MS: AtomicU64 = AtomicU64::new(5_000);

/// Sets the deadline for each wait for a kernel answer on sockets opened
/// from now on (`ipvsadm-restore --kernel-timeout`); at least 1 ms.
pub fn set_default_deadline(d: Duration) {
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1);
    DEFAULT_DEADLINE_MS.store(ms, Ordering::Relaxed);
}

/// The deadline `set_default_deadline` set (5 s unless set).
pub fn default_deadline() -> Duration {
    Duration::from_millis(DEFAULT_DEADLINE_MS.load(Ordering::Relaxed))
}
