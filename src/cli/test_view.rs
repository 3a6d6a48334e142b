//! For the grammar tests: a typed invocation seen as the plain fields their
//! assertions read (the command, the service and server it names, the
//! view, the timeouts, the daemon), so each test states what the parser
//! produced without matching on the action's shape.

use super::{Action, Command, Invocation, ListOptions, Request};
use crate::model::{Daemon, Dest, Service, Timeouts};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flat {
    pub command: Command,
    pub prog: String,
    pub service: Option<Service>,
    pub dest: Option<Dest>,
    pub list: ListOptions,
    pub timeouts: Timeouts,
    pub daemon: Option<Daemon>,
    pub netns: Option<String>,
}

pub fn flat(inv: Invocation) -> Flat {
    let mut f = Flat {
        command: inv.command(),
        prog: inv.prog,
        service: None,
        dest: None,
        list: ListOptions::default(),
        timeouts: Timeouts::default(),
        daemon: None,
        netns: inv.netns,
    };
    match inv.action {
        Action::Change(r) => match r {
            Request::AddService(s) | Request::EditService(s) | Request::DelService(s) => {
                f.service = Some(s)
            }
            Request::AddDest(s, d) | Request::EditDest(s, d) | Request::DelDest(s, d) => {
                f.service = Some(s);
                f.dest = Some(d);
            }
            Request::Zero(s) => f.service = s,
            Request::SetTimeouts(t) => f.timeouts = t,
            Request::StartDaemon(d) | Request::StopDaemon(d) => f.daemon = Some(d),
            Request::Flush => {}
        },
        Action::List(l) => {
            f.service = l.service;
            f.list = l.opts;
        }
        Action::Metrics(m) => f.service = m.service,
        Action::Save(s) => {
            f.list.numeric = s.numeric;
            f.list.thresholds = s.thresholds;
        }
        Action::Restore | Action::Help | Action::Version => {}
    }
    f
}
