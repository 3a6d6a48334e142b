//! Linux IPVS (IP Virtual Server, the kernel's layer-4 load balancer) over
//! generic netlink.
//!
//! - [`Ipvs`]: a handle on the kernel's IPVS in one network namespace
//!   (this one, or another by path or descriptor, the caller's threads
//!   never moving), with a deadline on every wait and table reads that
//!   need not hold the table ([`Ipvs::for_each_entry`]). Loading `ip_vs`
//!   is opt-in ([`load_module`], [`OpenOptions::load_module`]).
//! - [`model`]: services, real servers (destinations), counters, sync
//!   daemons, timeouts and the table's info, as the kernel keeps them.
//! - [`Backend`]: every command IPVS has, as one small trait; the netlink
//!   socket implements it for the kernel, [`KernelModel`] in memory, with
//!   the errnos the kernel would answer (a test double for programs that
//!   drive IPVS).
//! - [`Error`]: what failed, which request, and what the kernel means by
//!   its errno for that request.

#![deny(missing_docs)]
// Every `unsafe` block says why it is sound (issue 29).
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod backend;
pub mod error;
mod handle;
pub mod kernel_model;
pub mod model;
#[cfg(feature = "internals")]
#[doc(hidden)]
#[allow(missing_docs)] // the wire layer, for the ipvsadm programs only
pub mod netlink;
#[cfg(not(feature = "internals"))]
#[allow(dead_code)]
mod netlink;

pub use backend::{Applied, Backend, Outcome, Request};
pub use error::{Error, KernelOp, Result};
pub use handle::{load_module, Ipvs, OpenOptions, DEFAULT_DEADLINE};
pub use kernel_model::KernelModel;

// The crate's README (its front page on crates.io): its examples are
// compiled, and run unless marked no_run, with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
