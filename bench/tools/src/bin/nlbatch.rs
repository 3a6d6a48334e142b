//! `nlbatch [FILE]`: the floor a restore is measured against. Reads the
//! benchmark's rule files (only the line shapes they use, TCP `-t` and
//! fwmark `-f` services: `-A`/`-E ... -s SCHED`,
//! `-a`/`-e ... -r RIP:PORT -m|-g|-i -w N [--tun-type ipip]`, `-d ... -r RIP:PORT`),
//! and sends every request pipelined on one socket through
//! our netlink layer (`NlSocket::batch`, the same window as `ipvsadm -R`,
//! handed over 1000 at a time on one thread; `-R` parses on a second thread
//! and hands over 256 lines at a time), without the CLI grammar, the
//! restore's line bookkeeping or error messages. Exits 1 if any request was refused, 2 on a line it cannot read.

use ipvsadm::ipvs::Request;
use ipvsadm::model::{Dest, Family, Forward, Scheduler, Service, ServiceKey};
use ipvsadm::netlink::client::request_message;
use ipvsadm::netlink::consts::IPVS_GENL_NAME;
use ipvsadm::netlink::message::{FamilyId, IpvsMessage};
use ipvsadm::netlink::socket::NlSocket;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;

/// The service a line names: `-t VIP:PORT` or `-f MARK` (IPv4, as the
/// CLI's default family).
fn service(kind: &str, id: &str, sched: &str) -> Option<Service> {
    let key = match kind {
        "-t" => {
            let a: SocketAddr = id.parse().ok()?;
            ServiceKey::tcp(a.ip(), a.port())
        }
        "-f" => ServiceKey::fwmark(id.parse().ok()?, Family::Inet),
        _ => return None,
    };
    Some(Service::new(key, Scheduler::from_name(sched)))
}

/// `-r RIP:PORT [-m|-g|-i] [-w N] [--tun-type ipip]`, the destination part
/// of `-a`/`-e`/`-d` lines as `ipvsadm-save -n` writes them (`-d` has only
/// `-r`). Tunnel destinations are saved with `--tun-type ipip`, the
/// default the CLI sends too.
fn dest(rest: &[&str]) -> Option<Dest> {
    let ["-r", rip, opts @ ..] = rest else {
        return None;
    };
    let r: SocketAddr = rip.parse().ok()?;
    let mut dest = Dest::new(r.ip(), r.port());
    let mut opts = opts.iter();
    while let Some(&opt) = opts.next() {
        match opt {
            "-m" => dest.fwd = Forward::Masq,
            "-g" => dest.fwd = Forward::Route,
            "-i" => dest.fwd = Forward::Tunnel,
            "-w" => dest.weight = opts.next()?.parse().ok()?,
            "--tun-type" if opts.next() == Some(&"ipip") => {}
            _ => return None,
        }
    }
    Some(dest)
}

/// One line of the benchmark's files: `-A`/`-E` (scheduler only) and
/// `-a`/`-e`/`-d`, for TCP and fwmark services. The service key is all
/// NEW_DEST, SET_DEST and DEL_DEST need of the service; the CLI sends the
/// same defaults.
fn parse(line: &str) -> Option<Request> {
    let t: Vec<&str> = line.split_whitespace().collect();
    match t.as_slice() {
        ["-A", kind, id, "-s", sched] => Some(Request::AddService(service(kind, id, sched)?)),
        ["-E", kind, id, "-s", sched] => Some(Request::EditService(service(kind, id, sched)?)),
        ["-a", kind, id, rest @ ..] => Some(Request::AddDest(service(kind, id, "")?, dest(rest)?)),
        ["-e", kind, id, rest @ ..] => Some(Request::EditDest(service(kind, id, "")?, dest(rest)?)),
        ["-d", kind, id, rest @ ..] => Some(Request::DelDest(service(kind, id, "")?, dest(rest)?)),
        _ => None,
    }
}

/// Requests handed to `NlSocket::batch` at a time, as `ipvsadm -R` does
/// (its BATCH_LINES): the kernel runs each request inside the sendmsg that
/// carries it, so smaller hand-overs cost nothing and keep memory small.
const CHUNK: usize = 1000;

fn send(nl: &mut NlSocket, family: FamilyId, msgs: &mut Vec<IpvsMessage>) -> (usize, i32) {
    let errnos = match nl.batch(family, std::mem::take(msgs)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("nlbatch: {e:?}");
            std::process::exit(2)
        }
    };
    let failed = errnos.iter().filter(|&&e| e != 0).count();
    (failed, errnos.into_iter().find(|&e| e != 0).unwrap_or(0))
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "-".into());
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(&path).unwrap_or_else(|e| {
            eprintln!("nlbatch: {path}: {e}");
            std::process::exit(2)
        }))
    };
    let mut nl = NlSocket::open().expect("netlink socket");
    let family = nl
        .resolve_family(IPVS_GENL_NAME)
        .ok()
        .flatten()
        .expect("IPVS family");
    let (mut n, mut failed, mut first_errno) = (0usize, 0usize, 0);
    let mut msgs = Vec::with_capacity(CHUNK);
    let mut lines = BufReader::new(input).lines().enumerate();
    loop {
        let next = lines.next();
        if msgs.len() == CHUNK || (next.is_none() && !msgs.is_empty()) {
            let (f, e) = send(&mut nl, family, &mut msgs);
            failed += f;
            if first_errno == 0 {
                first_errno = e;
            }
        }
        let Some((i, line)) = next else { break };
        let line = line.expect("read");
        if line.trim().is_empty() {
            continue;
        }
        match parse(&line) {
            Some(req) => {
                msgs.push(request_message(&req));
                n += 1;
            }
            None => {
                eprintln!("nlbatch: line {}: cannot read {line:?}", i + 1);
                std::process::exit(2)
            }
        }
    }
    if failed > 0 {
        eprintln!("nlbatch: {failed} of {n} requests failed (first errno {first_errno})");
        std::process::exit(1);
    }
}
