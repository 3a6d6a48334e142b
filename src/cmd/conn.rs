//! `-L -c`: the connection table. It has no netlink source: the kernel
//! exposes it only as /proc/net/ip_vs_conn, which this command opens and
//! the printers stream row by row from the reader it hands them (the
//! `--table` view buffers its rows to size the columns).

use super::Ctx;
use crate::cli::{Format, ListOptions};
use crate::error::{Error, Result};
use crate::proc_conn::{open, PROC_CONN_PATH};
use crate::render::{conn, json, table};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Opens the connection table (normally `PROC_CONN_PATH`) with a 64 KiB
/// read buffer. A file that cannot be opened is the reference's `cannot
/// open file <path>` (exit 1).
fn open_conns(path: &Path) -> Result<BufReader<File>> {
    open(path).map_err(|_| Error::List(format!("cannot open file {}", path.display())))
}

pub fn run(opts: &ListOptions, ctx: &mut Ctx) -> Result<()> {
    let mut input = open_conns(Path::new(PROC_CONN_PATH))?;
    list(opts, ctx, &mut input)
}

/// Writes the view `opts` asks for, then, on stderr, how many lines were
/// not connection entries: they are left out of every view, and a listing
/// that silently lacks rows would look complete. The exit status stays 0,
/// as the reference's (which prints such lines as they come).
fn list(opts: &ListOptions, ctx: &mut Ctx, input: &mut dyn BufRead) -> Result<()> {
    let summary = match opts.format {
        Format::Text => conn::write_conns(ctx.out, input, opts, ctx.names)?,
        Format::Json => json::write_conns(ctx.out, input, opts)?,
        Format::Table => table::write_conns(ctx.out, input, opts, ctx.names)?,
    };
    if let Some(warning) = summary.malformed_warning() {
        ctx.out.flush()?;
        writeln!(ctx.err, "ipvsadm: {warning}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_the_references_error() {
        let e = open_conns(Path::new("/nonexistent/ip_vs_conn")).unwrap_err();
        assert_eq!(e.to_string(), "cannot open file /nonexistent/ip_vs_conn");
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn lines_that_are_not_entries_are_counted_on_stderr() {
        let mut p = format!("{}\nTCP 0A000001 0050\n", crate::proc_conn::HEADER).into_bytes();
        p.extend_from_slice(b"\xff\n");
        p.extend_from_slice(
            b"TCP 0A000002 C350 0A000001 0050 0A000064 0050 ESTABLISHED     3600\n",
        );
        let opts = ListOptions::default();
        let (code, out, err) =
            crate::cmd::testutil::with_ctx("", |ctx| list(&opts, ctx, &mut p.as_slice()));
        assert_eq!(code, 0);
        assert_eq!(out.lines().count(), 3, "{out}");
        assert_eq!(
            err,
            "ipvsadm: 2 lines of /proc/net/ip_vs_conn could not be read\n"
        );
    }
}
