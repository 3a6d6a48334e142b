//! Bytes: the kernel's IPVS generic-netlink family. One file per attribute
//! level (service, dest, daemon, stats), the payload and frames
//! (`message`), the socket (`socket`) and the deadline on its every wait
//! (`deadline`), the `Ipvs` implementation that converts the model
//! (`client`), and what is run when IPVS is missing (`init`). Nothing
//! above this module sees an attribute.

pub(crate) mod attr;
pub mod client;
pub mod consts;
pub mod daemon;
mod deadline;
pub mod dest;
pub mod encode;
pub mod init;
pub mod message;
mod netns;
mod replies;
pub mod service;
pub mod socket;
pub mod stats;
mod table;

#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use deadline::{default_deadline, set_default_deadline, DEFAULT_DEADLINE};
