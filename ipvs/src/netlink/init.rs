//! What the reference does when IPVS cannot be initialised: run
//! `/sbin/modprobe -- ip_vs` (ipvsadm.c, `modprobe_ipvs`), and the errno
//! its fallback to the old sockopt interface reports when the generic
//! netlink family is missing. Not the socket or the requests (`client`).

use nix::sys::socket::{socket, AddressFamily, SockFlag, SockProtocol, SockType};
use std::process::Command;

/// The reference's fixed path (no PATH look-up).
const MODPROBE: &str = "/sbin/modprobe";

/// The only environment modprobe gets: it runs as root, and what a caller
/// leaves in the environment would steer it (`MODPROBE_OPTIONS` can name
/// another config file, whose `install` lines run shell commands). The
/// PATH is for those `install` commands of the system's own config.
pub const MODPROBE_PATH: &str = "/usr/sbin:/usr/bin:/sbin:/bin";

/// `program -- ip_vs` with a cleared environment but for `MODPROBE_PATH`
/// (the program is a parameter so that tests can run a stand-in).
fn modprobe_command(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", MODPROBE_PATH)
        .args(["--", "ip_vs"]);
    c
}

/// Runs `/sbin/modprobe -- ip_vs` and says whether it exited 0. Its
/// stdout and stderr are ours: its complaints show, as with the reference.
pub fn modprobe_ip_vs() -> bool {
    modprobe_command(MODPROBE)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The errno the reference reports when the kernel has no IPVS genl
/// family. libipvs's `ipvs_init` then falls back to the sockopt interface:
/// it opens `socket(AF_INET, SOCK_RAW, IPPROTO_RAW)`, which fails with
/// EPERM for a user without CAP_NET_RAW ("Permission denied (you must be
/// root)"), and otherwise asks `IP_VS_SO_GET_INFO`, which a kernel
/// without IPVS refuses with ENOPROTOOPT ("Protocol not available"). Seen
/// with strace on this host (no ip_vs), as root and as nobody.
pub fn missing_family_errno() -> i32 {
    fallback_errno(open_raw_socket)
}

/// The decision, over how the raw socket is opened.
fn fallback_errno(open_raw: impl FnOnce() -> Result<(), i32>) -> i32 {
    match open_raw() {
        Err(errno) => errno,
        Ok(()) => libc::ENOPROTOOPT,
    }
}

/// Opens and closes the raw socket the reference's fallback opens.
fn open_raw_socket() -> Result<(), i32> {
    // The descriptor is closed at once, when the `OwnedFd` drops.
    socket(
        AddressFamily::Inet,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::Raw,
    )
    .map(drop)
    .map_err(|e| e as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn modprobe_gets_only_a_fixed_path() {
        let c = modprobe_command("/bin/sh");
        let envs: Vec<_> = c.get_envs().collect();
        let path = (OsStr::new("PATH"), Some(OsStr::new(MODPROBE_PATH)));
        assert_eq!(envs, [path]);
    }

    #[test]
    fn modprobe_inherits_nothing_from_the_caller() {
        // A stand-in for modprobe: `sh -- ip_vs` runs the script `ip_vs`
        // of the working directory, which prints its environment. This
        // test process has plenty (HOME, CARGO_*...) to leak.
        let dir = std::env::temp_dir().join(format!("ipvsadm-modprobe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("ip_vs"), "env\n").unwrap();
        let out = modprobe_command("/bin/sh").current_dir(&dir).output();
        std::fs::remove_dir_all(&dir).unwrap();
        let out = String::from_utf8(out.unwrap().stdout).unwrap();
        assert!(std::env::var_os("HOME").is_some());
        let names: Vec<&str> = out.lines().filter_map(|l| l.split('=').next()).collect();
        assert!(names.contains(&"PATH"), "{out}");
        // The shell adds its own PWD (and some SHLVL, _); nothing else.
        for n in names {
            assert!(
                ["PATH", "PWD", "OLDPWD", "SHLVL", "_"].contains(&n),
                "{out}"
            );
        }
    }

    #[test]
    fn missing_family_is_eperm_when_the_raw_socket_is_refused() {
        assert_eq!(fallback_errno(|| Err(libc::EPERM)), libc::EPERM);
        assert_eq!(fallback_errno(|| Ok(())), libc::ENOPROTOOPT);
    }
}
