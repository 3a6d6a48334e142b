//! `--timeout` and `--daemon` as ipvsadm 1.31 prints them, byte for byte.
//! Pure: the model in, text out.

use std::io::{self, Write};

use crate::model::{Daemon, DaemonState, Timeouts};

/// `--timeout`: `Timeout (tcp tcpfin udp): <tcp> <tcpfin> <udp>`.
pub fn write_timeouts(out: &mut dyn Write, t: &Timeouts) -> io::Result<()> {
    writeln!(
        out,
        "Timeout (tcp tcpfin udp): {} {} {}",
        t.tcp as i32, t.tcp_fin as i32, t.udp as i32
    )
}

/// `--daemon`: one line per daemon, masters first, then backups; nothing
/// when none runs. Optional parts only when present and nonzero.
pub fn write_daemons(out: &mut dyn Write, daemons: &[Daemon]) -> io::Result<()> {
    for state in [DaemonState::Master, DaemonState::Backup] {
        for d in daemons.iter().filter(|d| d.state == state) {
            write!(
                out,
                "{} sync daemon (mcast={}, syncid={}",
                state.name(),
                d.mcast_ifn,
                d.syncid as i32
            )?;
            if let Some(n) = d.sync_maxlen.filter(|n| *n != 0) {
                write!(out, ", maxlen={n}")?;
            }
            if let Some(g) = d.mcast_group.filter(|g| !g.is_unspecified()) {
                write!(out, ", group={}", super::addr::inet_ntop(&g))?;
            }
            if let Some(p) = d.mcast_port.filter(|p| *p != 0) {
                write!(out, ", port={p}")?;
            }
            if let Some(t) = d.mcast_ttl.filter(|t| *t != 0) {
                write!(out, ", ttl={t}")?;
            }
            out.write_all(b")\n")?;
        }
    }
    Ok(())
}
