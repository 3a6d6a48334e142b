//! The kernel-error sentences (one test per row of the reference's
//! table), the exit codes, and the messages of our own errors.

use super::*;

// One test per row of the reference's table (shared/ipvsadm-behavior.md §5.3).
#[test]
fn operation_rows() {
    use KernelOp::*;
    let rows: &[(KernelOp, i32, &str)] = &[
        (AddService, libc::EEXIST, "Service already exists"),
        (
            AddService,
            libc::ENOENT,
            "Scheduler or persistence engine not found",
        ),
        (
            EditService,
            libc::ENOENT,
            "Scheduler or persistence engine not found",
        ),
        (EditService, libc::ESRCH, "No such service"),
        (DelService, libc::ESRCH, "No such service"),
        (Zero, libc::ESRCH, "No such service"),
        (AddDest, libc::ESRCH, "Service not defined"),
        (EditDest, libc::ESRCH, "Service not defined"),
        (DelDest, libc::ESRCH, "Service not defined"),
        (AddDest, libc::EEXIST, "Destination already exists"),
        (EditDest, libc::ENOENT, "No such destination"),
        (DelDest, libc::ENOENT, "No such destination"),
        (StartDaemon, libc::EEXIST, "Daemon has already run"),
        (StopDaemon, libc::ESRCH, "No daemon is running"),
        (GetService, libc::ESRCH, "No such service"),
        (GetDests, libc::ESRCH, "No such service"),
    ];
    for (op, errno, text) in rows {
        assert_eq!(kernel_message(*op, *errno), *text, "{op:?} {errno}");
    }
}

#[test]
fn generic_rows_and_strerror() {
    use KernelOp::*;
    assert_eq!(
        kernel_message(Flush, libc::EPERM),
        "Permission denied (you must be root)"
    );
    assert_eq!(
        kernel_message(AddDest, libc::EINVAL),
        "Invalid operation.  Possibly wrong module version, address not unicast, ..."
    );
    assert_eq!(
        kernel_message(Init, libc::ENOPROTOOPT),
        "Protocol not available"
    );
    assert_eq!(
        kernel_message(AddService, libc::ENOMEM),
        "Memory allocation problem"
    );
    assert_eq!(
        kernel_message(AddService, libc::EOPNOTSUPP),
        "Operation not supported with IPv6"
    );
    assert_eq!(
        kernel_message(AddService, libc::EAFNOSUPPORT),
        "Operation not supported with specified address family"
    );
    assert_eq!(
        kernel_message(GetInfo, libc::EMSGSIZE),
        "Module is wrong version"
    );
    // Flush and the service dump use only generic rows: ESRCH is strerror.
    assert_eq!(kernel_message(Flush, libc::ESRCH), "No such process");
    assert_eq!(kernel_message(GetServices, libc::ESRCH), "No such process");
    assert_eq!(kernel_message(StartDaemon, libc::ENODEV), "No such device");
    assert_eq!(
        kernel_message(SetTimeout, libc::ENETUNREACH),
        "Network is unreachable"
    );
}

#[test]
fn exit_codes() {
    assert_eq!(Error::usage("x").exit_code(), 2);
    assert_eq!(
        Error::TryHelp {
            prog: "ipvsadm".into()
        }
        .exit_code(),
        255
    );
    assert_eq!(
        Error::Kernel {
            op: KernelOp::AddService,
            errno: 17
        }
        .exit_code(),
        255
    );
    assert_eq!(
        Error::Kernel {
            op: KernelOp::GetService,
            errno: 3
        }
        .exit_code(),
        1
    );
    assert_eq!(Error::Init { errno: libc::EPERM }.exit_code(), 2);
    assert_eq!(
        Error::TryHelp {
            prog: "./ipvsadm".into()
        }
        .to_string(),
        "Try `./ipvsadm -h' or './ipvsadm --help' for more information."
    );
}

/// Init failures cannot be shown in the VM for a missing module (init
/// loads ip_vs), so the two texts the reference prints are pinned here:
/// without the genl family it falls back to the sockopt path and gets
/// ENOPROTOOPT; without CAP_NET_ADMIN, EPERM. Both exit 2.
#[test]
fn init_failures() {
    let second = "Are you sure that IP Virtual Server is built in the kernel or as module?";
    for (errno, text) in [
        (libc::ENOPROTOOPT, "Protocol not available"),
        (libc::EPERM, "Permission denied (you must be root)"),
    ] {
        let e = Error::Init { errno };
        assert_eq!(
            e.to_string(),
            format!("Can't initialize ipvs: {text}\n{second}")
        );
        assert_eq!(e.exit_code(), 2);
    }
}

#[test]
fn a_timeout_names_the_request_and_the_time() {
    use std::time::Duration;
    let query = Error::Timeout {
        op: KernelOp::GetDests,
        after: Duration::from_secs(5),
    };
    assert_eq!(
        query.to_string(),
        "no answer from the kernel to the dump of a service's destinations within 5 s"
    );
    assert_eq!(query.exit_code(), 1);
    // A change's outcome is unknown, and it exits as a failed change.
    let change = Error::Timeout {
        op: KernelOp::AddDest,
        after: Duration::from_millis(1500),
    };
    assert_eq!(
        change.to_string(),
        "no answer from the kernel to a request to add a destination within 1.5 s: \
         whether it was applied is unknown"
    );
    assert_eq!(change.exit_code(), 255);
    // The family lookup changes nothing.
    let init = Error::Timeout {
        op: KernelOp::Init,
        after: Duration::from_millis(250),
    };
    assert_eq!(
        init.to_string(),
        "no answer from the kernel to the lookup of the IPVS netlink family within 0.25 s"
    );
    assert_eq!(init.exit_code(), 1);
}

#[test]
fn every_operation_is_a_query_a_change_or_the_lookup() {
    use KernelOp::*;
    let all = [
        Init,
        AddService,
        EditService,
        DelService,
        Zero,
        AddDest,
        EditDest,
        DelDest,
        SetTimeout,
        StartDaemon,
        StopDaemon,
        Flush,
        GetServices,
        GetService,
        GetDests,
        GetTimeout,
        GetDaemon,
        GetInfo,
    ];
    for op in all {
        let kinds = [op.is_query(), op.is_change(), op == Init];
        assert_eq!(kinds.iter().filter(|&&k| k).count(), 1, "{op:?}");
        assert!(op.what().starts_with("the ") || op.what().starts_with("a "));
    }
}

#[test]
fn durations_read_as_seconds() {
    use std::time::Duration;
    assert_eq!(show_duration(Duration::from_secs(5)), "5 s");
    assert_eq!(show_duration(Duration::from_secs(30)), "30 s");
    assert_eq!(show_duration(Duration::from_millis(200)), "0.2 s");
    assert_eq!(show_duration(Duration::from_millis(1)), "0.001 s");
    assert_eq!(show_duration(Duration::from_micros(500)), "500µs");
}
