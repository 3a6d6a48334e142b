//! ipvsadm: a drop-in replacement for the Linux Virtual Server admin tool
//! (ipvsadm 1.31), in layers: `cli` (argv to an invocation), `cmd` (one file
//! per command), `render` (printers), `save_restore` (rule files), `netlink`
//! (bytes and the socket) behind the `ipvs::Ipvs` trait, over the plain
//! `model`.

pub mod app;
pub mod cli;
pub mod cmd;
pub mod error;
/// The kernel boundary as the commands see it: the library's `Backend`
/// trait (here under the name the commands have always used) and its
/// requests and outcomes.
pub mod ipvs {
    pub use ::ipvs::backend::{Applied, Backend as Ipvs, Outcome, Request};
}
pub use ::ipvs::{kernel_model, model, netlink};
pub mod lock;
pub mod names;
pub mod proc_conn;
pub mod proc_status;
pub mod process;
pub mod render;
pub mod save_restore;
#[cfg(any(test, feature = "testing"))]
pub mod test_kernel;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod top;
