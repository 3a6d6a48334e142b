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
