//! Behaviour, one file per command (grouped where the reference's commands
//! differ only in the request they send). Each `run` works over the `Ipvs`
//! trait and writes to the context's streams, so the fake kernel and
//! in-memory buffers can drive every command in tests.

pub mod check;
pub mod conn;
pub mod converge;
pub mod daemon;
pub mod flush;
pub mod list;
pub mod restore;
pub mod save;
pub mod server;
pub mod service;
pub mod timeout;
pub mod zero;

use crate::cli::{Command, Invocation};
use crate::error::Result;
use crate::ipvs::Ipvs;
use crate::model::Info;
use crate::names::Resolver;
use std::io::{BufRead, Write};

/// What a command may touch.
pub struct Ctx<'a> {
    pub ipvs: &'a mut dyn Ipvs,
    /// GET_INFO as read at start-up (the listing header).
    pub info: Info,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub names: &'a dyn Resolver,
    /// Standard input, for `-R`.
    pub input: &'a mut dyn BufRead,
}

/// Runs one parsed invocation.
pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    match inv.command {
        Command::AddService | Command::EditService | Command::DelService => service::run(inv, ctx),
        Command::AddServer | Command::EditServer | Command::DelServer => server::run(inv, ctx),
        Command::Flush => flush::run(ctx),
        Command::Zero => zero::run(inv, ctx),
        Command::SetTimeout => timeout::run(inv, ctx),
        Command::StartDaemon | Command::StopDaemon => daemon::run(inv, ctx),
        Command::List => list::run(inv, ctx),
        Command::Save => save::run(inv, ctx),
        Command::Restore => restore::run(inv, ctx),
        Command::Help => Ok(write!(ctx.out, "{}", crate::cli::help_text(&inv.prog))?),
        Command::Version => Ok(writeln!(ctx.out, "{}", crate::cli::version_text())?),
    }
}

/// The request a modifying invocation sends, or `None` for the commands
/// that only read (list, save), restore, help and version.
pub fn request_of(inv: &Invocation) -> Option<crate::ipvs::Request> {
    match inv.command {
        Command::AddService | Command::EditService | Command::DelService => service::request(inv),
        Command::AddServer | Command::EditServer | Command::DelServer => server::request(inv),
        Command::Flush => Some(crate::ipvs::Request::Flush),
        Command::Zero => Some(zero::request(inv)),
        Command::SetTimeout => Some(crate::ipvs::Request::SetTimeouts(inv.timeouts)),
        Command::StartDaemon | Command::StopDaemon => daemon::request(inv),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod testutil;
