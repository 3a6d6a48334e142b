use super::*;
use crate::cmd::testutil::with_ctx;
use crate::test_kernel::FixedMachine;
use std::net::IpAddr;

/// `--check` of `file` on `machine`: (exit code, stdout, stderr).
fn check(file: &str, machine: FixedMachine, opts: &CheckOptions) -> (i32, String, String) {
    with_ctx(file, |ctx| run_on(ctx, "ipvsadm", machine, opts))
}

/// The options of the tests of failing lines: services without servers
/// are beside their point.
fn no_dests_quiet() -> CheckOptions {
    CheckOptions {
        no_warn: vec!["no-dests".into()],
        ..Default::default()
    }
}

#[test]
fn reports_every_bad_line_with_its_number() {
    let file = "-A -t 10.0.0.1:80 -s rr\n\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 1.1.1.1\n-a -t 10.0.0.1:80 -r 1.1.1.1 -w 99999999999\n-A --bogus\n";
    let (code, _, err) = check(file, FixedMachine::Stock, &no_dests_quiet());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "line 3: Service already exists\nline 4: Service not defined\nline 5: illegal weight specified\nline 6: --bogus: unknown option\n"
    );
}

#[test]
fn good_file_passes_and_touches_nothing() {
    let (code, out, err) = check(
        "-A -t 10.0.0.1:80 -s custom
-a -t 10.0.0.1:80 -r 1.1.1.1
",
        FixedMachine::Unknown,
        &CheckOptions::default(),
    );
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn what_this_machine_cannot_do_is_named_by_line() {
    let file = concat!(
        "-A -t 10.0.0.1:80 -s custom\n",
        "--start-daemon master --mcast-interface lo\n",
        "--start-daemon backup --mcast-interface eth9\n",
        "-A -t 10.0.0.2:80 -s rr --pe nosuch\n",
    );
    let (code, _, err) = check(file, FixedMachine::Stock, &no_dests_quiet());
    assert_eq!(code, 1);
    assert_eq!(
        err,
        concat!(
            "line 1: Scheduler or persistence engine not found\n",
            "line 3: No such device\n",
            "line 4: Scheduler or persistence engine not found\n",
        )
    );
    // Where nothing can be found out, nothing is refused.
    let (code, _, err) = check(file, FixedMachine::Unknown, &no_dests_quiet());
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn kernel_value_rules_are_checked() {
    let file = concat!(
        "-A -t 10.0.0.1:80 -s rr\n",
        "-a -t 10.0.0.1:80 -r 10.1.1.1 -x 5 -y 10\n",
        "-a -t 10.0.0.1:80 -r 224.1.1.1\n",
        "-a -t 10.0.0.1:80 -r 10.1.1.2 -x 10 -y 5\n",
    );
    let (code, _, err) = check(file, FixedMachine::Stock, &CheckOptions::default());
    assert_eq!(code, 1);
    let einval = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
    assert_eq!(
        err,
        format!("line 2: Numerical result out of range\nline 3: {einval}\n")
    );
}

#[test]
fn a_line_without_a_command_says_why() {
    let file = "-t 10.0.0.2:80 -A\nfoo bar\n";
    let (code, _, err) = check(file, FixedMachine::Stock, &CheckOptions::default());
    assert_eq!(code, 1);
    let try_help = "(Try `ipvsadm -h' or 'ipvsadm --help' for more information.)";
    assert_eq!(
        err,
        format!(
            "line 1: '-t' is not a command: a rule line starts with one of -A -E -D -a -e -d \
             -C -Z -L -S --set --start-daemon --stop-daemon {try_help}\n\
             line 2: 'foo' is not a command: a rule line starts with one of -A -E -D -a -e -d \
             -C -Z -L -S --set --start-daemon --stop-daemon {try_help}\n"
        )
    );
}

/// A resolver with one host and one port name, for the `names` warning.
struct Names;

impl crate::names::Resolver for Names {
    fn port_by_name(&self, name: &str, _: &str) -> Option<u16> {
        (name == "http").then_some(80)
    }
    fn host_by_name(&self, name: &str) -> Option<std::net::Ipv4Addr> {
        (name == "www.example.com").then(|| [192, 0, 2, 1].into())
    }
    fn port_name(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host_name(&self, _: &IpAddr) -> Option<String> {
        None
    }
}

/// Every finding of `--check` on `file`, on a machine that can load
/// anything, with `Names` as the resolver.
fn findings(file: &[u8]) -> Vec<Finding> {
    let mut k = crate::cmd::testutil::kernel();
    let mut input = file;
    let mut ctx = Ctx {
        ipvs: &mut k,
        info: crate::kernel_model::INFO,
        out: &mut Vec::new(),
        err: &mut Vec::new(),
        names: &Names,
        input: &mut input,
    };
    super::findings(&mut ctx, "ipvsadm", FixedMachine::Unknown, &[]).unwrap()
}

/// (line, column, identifier, code point) of each finding.
fn summary(file: &str) -> Vec<(usize, Option<usize>, &'static str, Option<String>)> {
    findings(file.as_bytes())
        .into_iter()
        .map(|f| (f.line, f.column, f.id, f.code_point))
        .collect()
}

#[test]
fn characters_are_errors_with_line_column_and_code_point() {
    let file = "\u{FEFF}-A -t 10.0.0.1:80 -s rr\n\
                -A -t 10.0.0.1:80 -s rr\n\
                -a -t 10.0.0.1:80 -r 10.0.0.5 -m\u{A0}-w 2\n\
                \u{2013}a -t 10.0.0.1:80 -r 10.0.0.6 -m\n\
                -a -t 10.0.0.1:80 -r 10.0.0.7 -m -w \u{FF12}\n\
                -E -t 10.0.0.1:80 -s \u{201C}rr\u{201D}\n\
                -a -t 10.0.0.1:80 -r 10.0.0.8 -m\x0c\n";
    let all = findings(file.as_bytes());
    let chars: Vec<_> = all.iter().filter(|f| f.column.is_some()).collect();
    let got: Vec<_> = chars
        .iter()
        .map(|f| {
            (
                f.line,
                f.column.unwrap(),
                f.id,
                f.code_point.clone().unwrap(),
            )
        })
        .collect();
    let want = [
        (1, 1, "char", "U+FEFF"),
        (3, 33, "char", "U+00A0"),
        (4, 1, "char", "U+2013"),
        (5, 37, "char", "U+FF12"),
        (6, 22, "char", "U+201C"),
        (6, 25, "char", "U+201D"),
        (7, 33, "control", "U+000C"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|&(l, c, id, cp)| (l, c, id, cp.to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(chars.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(chars[1].name.as_deref(), Some("NO-BREAK SPACE"));
    assert_eq!(chars[1].ascii, Some(" "));
    assert_eq!(chars[3].ascii, Some("2"));
    // The line's own failure follows its characters.
    let rule: Vec<_> = all
        .iter()
        .filter(|f| f.id == "rule")
        .map(|f| f.line)
        .collect();
    // Line 6 fails only where the machine has no scheduler named so.
    assert_eq!(rule, [1, 3, 4, 5, 7]);
}

#[test]
fn bytes_that_are_not_utf8_are_errors() {
    let all = findings(b"-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.5 -m\xa0-w 2\n");
    let f = all.iter().find(|f| f.id == "not-utf8").unwrap();
    assert_eq!((f.line, f.column, f.byte), (2, Some(33), Some(33)));
    assert!(
        f.message.starts_with("byte 0xA0 is not UTF-8"),
        "{}",
        f.message
    );
}

#[test]
fn crlf_and_comments_pass_silently() {
    let file = "# \u{2014} from a web page \u{A0}\r\n-A -t 10.0.0.1:80 -s rr\r\n\
                -a -t 10.0.0.1:80 -r 10.0.0.5 -m # \u{201C}web\u{201D}\r\n";
    assert_eq!(summary(file), []);
}

#[test]
fn a_dr_or_tunnel_port_that_the_service_port_replaces() {
    let file = "-A -t 10.0.0.1:80 -s rr\n\
                -a -t 10.0.0.1:80 -r 10.0.0.5:8080 -g\n\
                -a -t 10.0.0.1:80 -r 10.0.0.6:80 -g\n\
                -a -t 10.0.0.1:80 -r 10.0.0.7 -g\n\
                -A -t 10.0.0.2:80\n\
                -a -t 10.0.0.2:80 -r 10.0.0.5:8080 -i\n\
                -a -t 10.0.0.2:80 -r 10.0.0.6:http -i\n\
                -A -f 7\n\
                -a -f 7 -r 10.0.0.5:8080 -g\n\
                -A -t 10.0.0.3:80\n\
                -a -t 10.0.0.3:80 -r 10.0.0.5:8080 -m\n";
    let all = findings(file.as_bytes());
    let dr: Vec<_> = all.iter().filter(|f| f.id == "dr-port").collect();
    assert_eq!(dr.iter().map(|f| f.line).collect::<Vec<_>>(), [2, 6]);
    assert_eq!(
        dr[0].message,
        "real server 10.0.0.5:8080 asks for port 8080, but direct routing (-g) cannot \
         change the port: it gets the service's port 80 (only masquerading, -m, maps ports)"
    );
    assert!(
        dr[1].message.contains("tunnelling (-i)"),
        "{}",
        dr[1].message
    );
    assert!(dr.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn services_without_servers_or_weight_name_their_add_line() {
    let file = "-A -t 10.0.0.1:80 -s rr\n\
                -A -t 10.0.0.2:80 -s rr\n\
                -a -t 10.0.0.2:80 -r 10.0.0.5 -w 0\n\
                -a -t 10.0.0.2:80 -r 10.0.0.6 -w 0\n\
                -A -t 10.0.0.3:80 -s rr\n\
                -a -t 10.0.0.3:80 -r 10.0.0.5 -w 0\n\
                -a -t 10.0.0.3:80 -r 10.0.0.6 -w 1\n\
                -A -t 10.0.0.4:80 -s rr\n\
                -a -t 10.0.0.4:80 -r 10.0.0.5\n\
                -d -t 10.0.0.4:80 -r 10.0.0.5\n";
    assert_eq!(
        summary(file),
        [
            (1, None, "no-dests", None),
            (2, None, "zero-weight", None),
            (8, None, "no-dests", None)
        ]
    );
}

#[test]
fn names_that_need_resolving() {
    let file = "-A -t www.example.com:http -s rr\n\
                -a -t 192.0.2.1:80 -r 10.0.0.5:80 -m\n\
                -A -t nosuch.example:8O\n";
    let all = findings(file.as_bytes());
    let names: Vec<_> = all.iter().filter(|f| f.id == "names").collect();
    assert_eq!(names.iter().map(|f| f.line).collect::<Vec<_>>(), [1, 1, 3]);
    assert!(names[0]
        .message
        .starts_with("'www.example.com' is a host name"));
    assert!(names[1].message.starts_with("'http' is a port name"));
    assert!(names[2].message.contains("does not resolve"));
}

#[test]
fn mixed_forwarding_methods_in_one_service() {
    let file = "-A -t 10.0.0.1:80 -s rr\n\
                -a -t 10.0.0.1:80 -r 10.0.0.5 -m\n\
                -a -t 10.0.0.1:80 -r 10.0.0.6 -g\n\
                -a -t 10.0.0.1:80 -r 10.0.0.7 -g\n\
                -A -t 10.0.0.2:80 -s rr\n\
                -a -t 10.0.0.2:80 -r 10.0.0.5 -g\n\
                -a -t 10.0.0.2:80 -r 10.0.0.6 -g\n";
    let all = findings(file.as_bytes());
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!((all[0].line, all[0].id), (1, "mixed-forward"));
    assert_eq!(
        all[0].message,
        "the real servers of service -t 10.0.0.1:80 mix forwarding methods: \
         masquerading (-m) on line 2; direct routing (-g) on lines 3, 4"
    );
}

#[test]
fn no_warn_silences_and_fail_on_warnings_fails() {
    let file = "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n";
    let run = |opts: CheckOptions| check(file, FixedMachine::Unknown, &opts);
    let (code, out, err) = run(CheckOptions::default());
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        "line 1: warning [no-dests]: service -t 10.0.0.1:80 has no real servers\n\
         line 2: warning [no-dests]: service -t 10.0.0.2:80 has no real servers\n"
    );
    let fail = CheckOptions {
        fail_on_warnings: true,
        ..Default::default()
    };
    assert_eq!(run(fail).0, 1);
    let quiet = CheckOptions {
        no_warn: vec!["no-dests".into()],
        fail_on_warnings: true,
        ..Default::default()
    };
    assert_eq!(run(quiet), (0, String::new(), String::new()));
}

#[test]
fn a_byte_order_mark_is_spelled_out_in_the_lines_error() {
    let (code, _, err) = check(
        "\u{FEFF}-C\n",
        FixedMachine::Unknown,
        &CheckOptions::default(),
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        "line 1, column 1: U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark) shows as nothing"
    );
    assert!(
        lines[1].starts_with("line 1: '\\u{FEFF}-C' is not a command"),
        "{}",
        lines[1]
    );
}

#[test]
fn netns_in_a_rule_line_is_reported() {
    let file = "-A -t 10.0.0.1:80 -s rr --netns other\n";
    let (code, _, err) = with_ctx(file, |ctx| {
        run_on(
            ctx,
            "ipvsadm",
            FixedMachine::Stock,
            &CheckOptions::default(),
        )
    });
    assert_eq!(code, 1);
    assert_eq!(err, "line 1: --netns is not allowed in a rule line\n");
}
