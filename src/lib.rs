//! ipvsadm: a drop-in replacement for the Linux Virtual Server admin tool
//! (ipvsadm 1.31), in layers: `cli` (argv to an invocation), `cmd` (one file
//! per command), `render` (printers), `save_restore` (rule files), `netlink`
//! (bytes and the socket) behind the `ipvs::Ipvs` trait, over the plain
//! `model`.

pub mod app;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod ipvs;
pub mod kernel_model;
pub mod lock;
pub mod model;
pub mod names;
pub mod netlink;
pub mod proc_conn;
pub mod process;
pub mod render;
pub mod save_restore;
#[cfg(any(test, feature = "testing"))]
pub mod test_kernel;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
