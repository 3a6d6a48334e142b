//! `-c --json`: the connection rows of /proc/net/ip_vs_conn as JSON
//! objects, streamed through the same row loop as the text view
//! (`render::conn::for_each_conn`).

use std::io::{self, BufRead, BufWriter, Write};
use std::net::SocketAddr;

use serde::Serialize;

use crate::cli::ListOptions;
use crate::error::Result;
use crate::proc_conn::ConnRow;
use crate::render::addr::inet_ntop;
use crate::render::conn::{for_each_conn, skip_conn_header, ConnMatcher, ConnSummary};

#[derive(Debug, Serialize)]
pub struct EndpointDoc {
    pub address: String,
    pub port: u16,
}

/// One `-c` row. `pe_data` is the whole field (the text view shows only
/// its first word), with bytes that are not UTF-8 as U+FFFD: JSON text
/// must be UTF-8.
#[derive(Debug, Serialize)]
pub struct ConnDoc<'a> {
    /// Lower case: `"tcp"`, `"udp"`, `"sctp"`, or e.g. `"ip"` for a
    /// persistence template of a fwmark service.
    pub protocol: String,
    pub client: EndpointDoc,
    #[serde(rename = "virtual")]
    pub virt: EndpointDoc,
    pub destination: EndpointDoc,
    pub state: &'a str,
    pub expires: u32,
    pub pe_name: Option<&'a str>,
    pub pe_data: Option<std::borrow::Cow<'a, str>>,
}

fn endpoint(a: &SocketAddr) -> EndpointDoc {
    EndpointDoc {
        address: inet_ntop(&a.ip()),
        port: a.port(),
    }
}

pub fn conn_doc(row: &ConnRow) -> ConnDoc<'_> {
    ConnDoc {
        protocol: row.protocol.to_ascii_lowercase(),
        client: endpoint(&row.client),
        virt: endpoint(&row.virt),
        destination: endpoint(&row.dest),
        state: &row.state,
        expires: row.expires,
        pe_name: row.pe_name.as_deref(),
        pe_data: row.pe_data_lossy(),
    }
}

/// `-c --json`: `[`, then each matching row as an object on its own line,
/// comma-separated, then `]`. Streamed: one row in memory at a time. On an
/// input without a header line nothing is written.
pub fn write_conns(
    out: &mut dyn Write,
    input: &mut dyn BufRead,
    opts: &ListOptions,
) -> Result<ConnSummary> {
    let matcher = ConnMatcher::new(&opts.conn_filter)?;
    skip_conn_header(input)?;
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    out.write_all(b"[")?;
    let mut sep: &[u8] = b"\n";
    let summary = for_each_conn(input, &matcher, |row| {
        out.write_all(sep)?;
        sep = b",\n";
        serde_json::to_writer(&mut out, &conn_doc(row)).map_err(io::Error::from)
    })?;
    out.write_all(if summary.printed == 0 {
        b"]\n"
    } else {
        b"\n]\n"
    })?;
    out.flush()?;
    Ok(summary)
}
