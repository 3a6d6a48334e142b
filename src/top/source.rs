//! Where `ipvstop`'s samples come from: the kernel's table through the
//! `ipvs` library's handle (one dump of the services, one of each
//! service's servers, nothing held but the rows), and the connection
//! table from /proc/net/ip_vs_conn. A read that fails is an error, never
//! an empty table: the view says so and keeps the last good sample.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use ::ipvs::{Error, Ipvs};

use super::conns::{summarize, ConnSummary};
use crate::model::ServiceEntry;
use crate::proc_conn::{open, PROC_CONN_PATH};

/// The rankings of the connections view: this many servers and clients.
pub const TOP: usize = 10;

pub struct KernelSource {
    ipvs: Ipvs,
    conn_path: PathBuf,
}

impl KernelSource {
    /// Opens IPVS in the process's network namespace (`--netns` has
    /// moved the process there already, so /proc/net is that
    /// namespace's too). Unlike ipvsadm it never loads `ip_vs`: a viewer
    /// changes nothing, and without the module there is no table to see.
    pub fn open(deadline: Duration) -> Result<KernelSource, Error> {
        let ipvs = Ipvs::options()
            .deadline(deadline)
            .load_module(false)
            .open()?;
        Ok(KernelSource {
            ipvs,
            conn_path: PathBuf::from(PROC_CONN_PATH),
        })
    }

    /// The whole table, services with their servers.
    pub fn read(&mut self) -> Result<Vec<ServiceEntry>, Error> {
        let mut out = Vec::new();
        self.ipvs.for_each_entry(|e| {
            out.push(e);
            true
        })?;
        Ok(out)
    }

    /// The connections view's summary.
    pub fn conns(&mut self) -> io::Result<ConnSummary> {
        summarize(open(&self.conn_path)?, TOP)
    }
}
