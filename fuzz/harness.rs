//! The fuzz harnesses, one function per target, shared by the libFuzzer
//! binaries (`fuzz/fuzz_targets/*.rs`) and the corpus replay that
//! `cargo test` runs (`tests/robust_fuzz_corpus.rs`). Each takes arbitrary
//! bytes, must never panic, and asserts the properties that hold for every
//! input (round trips), so a violated property is a crash too.

#![allow(dead_code)]

use ipvsadm::cli::{self, Action, ListOptions};
use ipvsadm::cmd::converge::{run_on, ConvergeOptions};
use ipvsadm::error::KernelOp;
use ipvsadm::ipvs::Request;
use ipvsadm::model::Family;
use ipvsadm::names::NoResolver;
use ipvsadm::netlink::client::{
    daemons_of, dests_of, info_of, request_message, services_of, timeouts_of,
};
use ipvsadm::netlink::message::{decode, encode, FamilyId, Frame, IpvsMessage};
use ipvsadm::netlink::socket::family_id_from;
use ipvsadm::proc_conn::parse_line_bytes;
use ipvsadm::render::conn::write_conns;
use ipvsadm::save_restore::lint;
use ipvsadm::save_restore::reader::{line_text, split};
use ipvsadm::test_kernel::{FixedMachine, TestKernel};
use ipvsadm::testing::capture;
use ipvsadm::testing::run_captured;

/// The IPVS family id of the captures in tests/wire/reference.txt.
pub const FAMILY: u16 = 0x20;

/// A harness: arbitrary bytes in, a panic on a bug.
pub type Harness = fn(&[u8]);

pub const TARGETS: &[(&str, Harness)] = &[
    ("cli", cli),
    ("restore", restore),
    ("netlink", netlink),
    ("proc_conn", proc_conn),
    ("converge", converge),
];

/// Runs `ipvsadm ARGS` against `k` with `input` as stdin; returns the exit
/// code and stdout.
fn run(k: &mut TestKernel, args: &[String], mut input: &[u8]) -> (i32, Vec<u8>) {
    let c = run_captured(k, args, &mut input);
    (c.code, c.out)
}

fn argv(rest: impl IntoIterator<Item = String>) -> Vec<String> {
    std::iter::once("ipvsadm".to_string()).chain(rest).collect()
}

/// A small table so that listings and saves have something to print.
fn seeded_kernel() -> TestKernel {
    let mut k = TestKernel::new();
    let rules: &[u8] = b"-A -t 10.0.0.1:80 -s wrr -p 300\n\
        -a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 3\n\
        -a -t 10.0.0.1:80 -r 192.168.0.2 -g -x 10 -y 2\n\
        -A -u [2001:db8::1]:53 -s sh -b flag-1,flag-2\n\
        -a -u [2001:db8::1]:53 -r [2001:db8::64]:53 -i --tun-type gue --tun-port 6080\n\
        -A -f 7 -s rr\n";
    run(&mut k, &argv(["-R".to_string()]), rules);
    k
}

/// Command line: the input's lines are the arguments after argv[0]. A line
/// that parses is also encoded as the kernel request and decoded back (it
/// must be the same message), and run against the in-memory kernel.
pub fn cli(data: &[u8]) {
    // argv strings cannot hold NUL (C strings). In rule lines they can: the
    // restore target has them, and the kernel then reads a name up to the
    // first NUL, as it does from the reference.
    if data.contains(&0) {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let args = argv(text.split('\n').map(str::to_string));
    let Ok(inv) = cli::parse(&args, &NoResolver) else {
        return;
    };
    if let Action::Change(req) = &inv.action {
        let msg = request_message(req);
        let family = FamilyId::new(FAMILY).unwrap();
        let bytes = encode(msg.clone(), family, 1, 0);
        let frames = decode(&bytes, Some(family)).expect("our own request decodes");
        match &frames[..] {
            [(Frame::Data { msg: back, .. }, _)] => assert_eq!(*back, msg, "request round trip"),
            other => panic!("one request became {other:?}"),
        }
    }
    let conns = matches!(&inv.action, Action::List(l) if l.opts.connection);
    if inv.netns.is_none() && !conns {
        run(&mut seeded_kernel(), &args, b"");
    }
}

/// Rule file: each line through the tokenizer and the parser, then the
/// whole input as `ipvsadm -R` stdin against the in-memory kernel. What
/// it built, saved with `-S -n` and restored into an empty kernel, must
/// be the same table (`-S` prints exactly what `-R` reads).
pub fn restore(data: &[u8]) {
    for raw in data.split(|&b| b == b'\n') {
        // --check's character scanner: findings in order, inside the line.
        let odd = lint::scan(raw, false);
        assert!(odd
            .windows(2)
            .all(|w| w[0].byte < w[1].byte && w[0].column < w[1].column));
        assert!(odd
            .iter()
            .all(|o| o.column <= o.byte && o.byte <= raw.len()));
        if let Some(tokens) = split(&line_text(raw)) {
            assert!(tokens.iter().all(|t| !t.is_empty() && *t != "ipvsadm"));
            let _ = cli::parse(&argv(tokens.into_iter().map(str::to_string)), &NoResolver);
        }
    }
    let mut k = TestKernel::new();
    run(&mut k, &argv(["-R".to_string()]), data);
    let (code, saved) = run(&mut k, &argv(["-S".into(), "-n".into()]), b"");
    assert_eq!(code, 0, "save of a restored table");
    let mut again = TestKernel::new();
    let (code, _) = run(&mut again, &argv(["-R".to_string()]), &saved);
    assert_eq!(
        code,
        0,
        "restore of our own save:\n{}",
        String::from_utf8_lossy(&saved)
    );
    assert_eq!(
        table_of(&again),
        table_of(&k),
        "save/restore round trip of\n{}",
        String::from_utf8_lossy(&saved)
    );
    for view in [
        &["-L", "-n"][..],
        &["-L", "-n", "--stats"],
        &["-L", "--json"],
    ] {
        let (code, _) = run(&mut k, &argv(view.iter().map(|s| s.to_string())), b"");
        assert_eq!(code, 0, "{view:?}");
    }
}

/// The part of a table that `-S` saves, sorted: counters left out, and
/// what the reference's save format drops (thresholds are never saved, the
/// netmask only for persistent services; shared/ipvsadm-behavior.md §4.11).
fn table_of(k: &TestKernel) -> Vec<String> {
    table_text(
        k,
        |s| {
            if !s.is_persistent() {
                s.netmask = ipvsadm::model::Service::full_netmask(s.family());
            }
        },
        |d| (d.u_threshold, d.l_threshold) = (0, 0),
    )
}

/// The table as sorted text, counters left out, after `svc` and `dest`
/// have dropped what the comparison ignores.
fn table_text(
    k: &TestKernel,
    svc: impl Fn(&mut ipvsadm::model::Service),
    dest: impl Fn(&mut ipvsadm::model::Dest),
) -> Vec<String> {
    let mut v: Vec<String> = k
        .table()
        .into_iter()
        .map(|(mut s, ds)| {
            s.stats = Default::default();
            svc(&mut s);
            let mut ds: Vec<String> = ds
                .into_iter()
                .map(|mut d| {
                    d.stats = Default::default();
                    dest(&mut d);
                    format!("{d:?}")
                })
                .collect();
            ds.sort();
            format!("{s:?} {ds:?}")
        })
        .collect();
    v.sort();
    v
}

/// Netlink reply: one datagram as received, decoded with the IPVS family
/// id of the captures; every data frame through every conversion to the
/// model, and re-encoded: a message we decoded must encode to bytes that
/// decode to the same message. The controller's GETFAMILY reply parser
/// gets each payload too.
pub fn netlink(data: &[u8]) {
    let family = FamilyId::new(FAMILY).unwrap();
    let Ok(frames) = decode(data, Some(family)) else {
        return;
    };
    for (frame, payload) in frames {
        let _ = family_id_from(&payload);
        let Frame::Data { msg, seq, flags } = frame else {
            continue;
        };
        // Re-encoded, it must mean the same to every conversion. (Not the
        // same attributes: an unknown attribute keeps its raw type, flag
        // bits included, which emitting normalises.)
        let bytes = encode(msg.clone(), family, seq, flags);
        let back = match &decode(&bytes, Some(family)).expect("re-encoded message decodes")[..] {
            [(Frame::Data { msg: m, .. }, _)] => m.clone(),
            other => panic!("one message became {other:?}"),
        };
        assert_eq!(models(&back), models(&msg), "re-encode changed the meaning");
    }
}

/// Every conversion of one message to the model, as text.
fn models(msg: &IpvsMessage) -> String {
    let one = || vec![msg.clone()];
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?}",
        info_of(one()),
        timeouts_of(one()),
        services_of(one(), KernelOp::GetServices).ok(),
        dests_of(one(), Family::Inet).ok(),
        dests_of(one(), Family::Inet6).ok(),
        daemons_of(one()).ok()
    )
}

/// /proc/net/ip_vs_conn: the first byte picks the view options (numeric,
/// persistent-conn, filters), the rest is the file. Every line through
/// `parse_line_bytes` (bytes that are not UTF-8 included, as the kernel
/// may write them), the whole through the streaming printer into a sink.
pub fn proc_conn(data: &[u8]) {
    let (opts_byte, file) = data.split_first().unwrap_or((&0, b""));
    for line in file.split(|&b| b == b'\n') {
        let _ = parse_line_bytes(line);
    }
    let mut o = ListOptions {
        numeric: opts_byte & 1 != 0,
        persistent_conn: opts_byte & 2 != 0,
        ..ListOptions::default()
    };
    if opts_byte & 4 != 0 {
        o.conn_filter.vaddr = Some("10.9.9.9:80".into());
    }
    if opts_byte & 8 != 0 {
        o.conn_filter.raddr = Some("[::1]".into());
    }
    if opts_byte & 16 != 0 {
        o.conn_filter.state = Some("established".into());
    }
    let mut input = std::io::BufReader::with_capacity(64, file);
    let mut sink = std::io::sink();
    let _ = write_conns(&mut sink, &mut input, &o, &NoResolver);
}

/// Converge: the input is two rule files separated by a line `---`: the
/// first builds the live table (through `-R`, so through the kernel
/// model), the second is the wanted one. `ipvsadm-restore --converge`
/// of the second onto the first must leave exactly the table a clear and
/// restore of the second builds (counters aside), send no deletion before
/// an add or edit (a service never loses its last server on the way), and
/// a second converge must send nothing. A wanted file with errors must
/// change nothing.
pub fn converge(data: &[u8]) {
    let (live_file, want_file) = match data.windows(5).position(|w| w == b"\n---\n") {
        Some(i) => (&data[..i + 1], &data[i + 5..]),
        None => (data, &b""[..]),
    };
    let mut k = TestKernel::new();
    run(&mut k, &argv(["-R".to_string()]), live_file);
    let before = full_table_of(&k);
    let sent = k.log.len();
    let opts = ConvergeOptions::default();
    let code = converge_into(&mut k, want_file, &opts);
    let plan = k.log[sent..].to_vec();
    let mut fresh = TestKernel::new();
    let (fresh_code, _) = run(&mut fresh, &argv(["-R".to_string()]), want_file);
    if code == 1 {
        // The file has errors: nothing may have been sent.
        assert!(plan.is_empty(), "a bad file changed the table: {plan:?}");
        assert_eq!(full_table_of(&k), before);
        return;
    }
    assert_eq!(code, 0, "converge failed; plan {plan:?}");
    assert_eq!(fresh_code, 0, "converge accepted a file that -R refuses");
    assert_eq!(full_table_of(&k), full_table_of(&fresh), "plan {plan:?}");
    let first_del = plan.iter().position(is_deletion);
    if let Some(d) = first_del {
        assert!(
            plan[d..].iter().all(is_deletion),
            "a deletion before an add or edit: {plan:?}"
        );
    }
    let sent = k.log.len();
    assert_eq!(converge_into(&mut k, want_file, &opts), 0);
    assert_eq!(k.log[sent..], [], "a second converge sent requests");
    converge_faulted(data, live_file, want_file, &full_table_of(&fresh));
}

/// The same converge over a kernel that fails one step (issue 28), the
/// fault, the step and `--drain` picked from the input's bytes: a fault is
/// never a success, a drain never deletes a server with weight or
/// connections, no deletion goes out before every change took, and a
/// clean re-run builds the file's table.
fn converge_faulted(data: &[u8], live_file: &[u8], want_file: &[u8], want: &[String]) {
    use ipvsadm::test_kernel::faulty::{Fault, Faulty, Site};
    let h = data
        .iter()
        .fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(b as usize));
    let fault = Fault::ALL[h % Fault::ALL.len()];
    let n = (h / 7) % 24;
    let site = match (h / 5) % 4 {
        0 => Site::Call(n),
        1 => Site::Ack(n, false),
        2 => Site::Ack(n, true),
        _ => Site::Tear(n),
    };
    let drain = h % 3 == 0;
    let mut k = TestKernel::new();
    run(&mut k, &argv(["-R".to_string()]), live_file);
    let mut f = Faulty::new(k, fault, Some(site));
    let opts = ConvergeOptions {
        drain: drain.then_some(std::time::Duration::from_secs(3600)),
        drain_poll: Some(std::time::Duration::ZERO),
        ..Default::default()
    };
    let sent = f.inner.log.len();
    let code = converge_into(&mut f, want_file, &opts);
    let what = format!("{fault:?} at {site:?}, drain {drain}: exit {code}");
    if f.fired && fault != Fault::Eintr && !matches!(site, Site::Tear(_)) {
        assert_ne!(code, 0, "a fault ended in success: {what}");
    }
    if drain {
        assert_eq!(f.cut, [], "a drain cut a server: {what}");
    }
    let plan = &f.inner.log[sent..];
    if let Some(d) = plan.iter().position(is_deletion) {
        assert!(
            plan[d..].iter().all(|r| is_deletion(r) || is_weight_0(r)),
            "a deletion before an add or edit: {what}: {plan:?}"
        );
    }
    f.site = None;
    assert_eq!(
        converge_into(&mut f, want_file, &opts),
        0,
        "re-run after {what}"
    );
    assert_eq!(full_table_of(&f.inner), want, "re-run after {what}");
}

/// The edit that starts a drain (a drain interleaves them with deletions).
fn is_weight_0(r: &Request) -> bool {
    matches!(r, Request::EditDest(_, d) if d.weight == 0)
}

fn converge_into(k: &mut dyn ipvsadm::ipvs::Ipvs, mut file: &[u8], opts: &ConvergeOptions) -> i32 {
    capture(k, &mut file, |ctx| {
        match run_on(ctx, "ipvsadm-restore", opts, FixedMachine::Stock, &|| None) {
            Ok(()) => 0,
            Err(e) => e.report(ctx.err),
        }
    })
    .code
}

fn is_deletion(r: &Request) -> bool {
    matches!(r, Request::DelService(_) | Request::DelDest(..))
}

/// Everything the kernel keeps of a table but counters, sorted (a
/// converge appends a new server where a restore would have put it among
/// the others).
fn full_table_of(k: &TestKernel) -> Vec<String> {
    table_text(k, |_| {}, |_| {})
}
