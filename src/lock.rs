//! One apply at a time (issue 28): the apply lock, an exclusive `flock`
//! on one file per network namespace, `<dir>/netns-<INODE>.lock`, where
//! INODE is the inode of the namespace (what `lsns` shows) and the
//! programs pass `DIR` (/run/ipvsadm) as `dir`. Without it two applies (a
//! configuration-management run and a timer, two operators) plan from
//! their own reads and interleave their writes; iptables serialises its
//! writers the same way (the xtables lock, `-w`).
//!
//! Owns the lock file, taking the lock (at once or waiting), and naming
//! the holder; not who takes it nor what they say (app/). The kernel
//! releases the lock when the holder's last descriptor of the file closes,
//! also when it dies, so the file is never removed. The holder writes its
//! pid into it, for people; a failed try names the holder from
//! /proc/locks, the kernel's own record, which is right for any holder
//! (`flock(1)` too) even when the file's pid is missing or stale.

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};
use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the programs keep the lock files.
pub const DIR: &str = "/run/ipvsadm";

/// How often a wait tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// How long to wait for a lock another process holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Fail at once.
    No,
    /// Until it is free.
    Forever,
    /// At most this long.
    Upto(Duration),
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// The lock file (or the namespace file that names it) could not be
    /// opened or created, or `flock` itself failed.
    Open { path: PathBuf, source: io::Error },
    /// Another process holds it. `holder` is its pid if known; `waited`
    /// the `Wait::Upto` limit that ran out.
    Held {
        path: PathBuf,
        holder: Option<u32>,
        waited: Option<Duration>,
    },
    /// A stop signal was caught (`process::catch`) while waiting.
    Interrupted(i32),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            LockError::Open { path, source } => {
                let why = match source.raw_os_error() {
                    Some(errno) => crate::error::strerror(errno),
                    None => source.to_string(),
                };
                write!(f, "cannot take the apply lock {}: {why}", path.display())
            }
            LockError::Held {
                path,
                holder,
                waited,
            } => {
                let who = match holder {
                    Some(pid) => format!("pid {pid}"),
                    None => "an unknown process".into(),
                };
                write!(
                    f,
                    "another apply is running ({who} holds {})",
                    path.display()
                )?;
                match waited {
                    Some(d) => write!(f, "; gave up after waiting {} s", d.as_secs_f64()),
                    None => Ok(()),
                }
            }
            LockError::Interrupted(sig) => {
                write!(
                    f,
                    "interrupted by signal {sig} while waiting for the apply lock"
                )
            }
        }
    }
}

impl std::error::Error for LockError {}

/// The lock, held until dropped (which unlocks and closes the file).
#[derive(Debug)]
pub struct ApplyLock {
    _file: Flock<File>,
    path: PathBuf,
}

impl ApplyLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The inode of the calling thread's network namespace (`setns` moves
/// one thread; the programs call it from the main one).
pub fn netns_inode() -> io::Result<u64> {
    std::fs::metadata("/proc/thread-self/ns/net")
        .or_else(|_| std::fs::metadata("/proc/self/ns/net"))
        .map(|m| m.ino())
}

/// The lock file of the current network namespace under `dir`.
pub fn path_in(dir: &Path) -> io::Result<PathBuf> {
    Ok(dir.join(format!("netns-{}.lock", netns_inode()?)))
}

/// Takes the current network namespace's apply lock under `dir` (created,
/// as the file, if missing), waiting as `wait` says. A stop signal while
/// waiting ends the process if nothing catches it, or ends the wait with
/// `Interrupted` after `process::catch`.
pub fn acquire(dir: &Path, wait: Wait) -> Result<ApplyLock, LockError> {
    let path = path_in(dir).map_err(|source| LockError::Open {
        path: PathBuf::from("/proc/thread-self/ns/net"),
        source,
    })?;
    let file = open(dir, &path).map_err(|source| LockError::Open {
        path: path.clone(),
        source,
    })?;
    let start = Instant::now();
    let mut file = file;
    let file = loop {
        file = match try_flock(file) {
            Ok(locked) => break locked,
            Err((file, None)) => file,
            Err((_, Some(source))) => return Err(LockError::Open { path, source }),
        };
        let waited = start.elapsed();
        let left = match wait {
            Wait::No => Duration::ZERO,
            Wait::Forever => POLL,
            Wait::Upto(limit) => limit.saturating_sub(waited),
        };
        if left.is_zero() {
            let waited = match wait {
                Wait::Upto(limit) => Some(limit),
                _ => None,
            };
            let holder = holder(&file);
            return Err(LockError::Held {
                path,
                holder,
                waited,
            });
        }
        if let Some(sig) = crate::process::caught() {
            return Err(LockError::Interrupted(sig));
        }
        std::thread::sleep(left.min(POLL));
    };
    // For people only: /proc/locks is what names a holder.
    let pid = format!("{}\n", std::process::id());
    let _ = file
        .set_len(0)
        .and_then(|()| file.write_all_at(pid.as_bytes(), 0));
    Ok(ApplyLock { _file: file, path })
}

/// Opens (creating it and `dir`) the lock file; read-only where it exists
/// but cannot be written (a read-only /run), since `flock` needs no write
/// access.
fn open(dir: &Path, path: &Path) -> io::Result<File> {
    let _ = DirBuilder::new().recursive(true).mode(0o755).create(dir);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(0o644)
        .custom_flags(libc::O_NOCTTY)
        .open(path)
        .or_else(|e| File::open(path).map_err(|_| e))
}

/// One non-blocking `flock(LOCK_EX)`: the file, locked; or given back
/// with the error, `None` when another holds the lock.
fn try_flock(file: File) -> Result<Flock<File>, (File, Option<io::Error>)> {
    let mut file = file;
    loop {
        file = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(locked) => return Ok(locked),
            Err((file, Errno::EINTR)) => file,
            Err((file, Errno::EWOULDBLOCK)) => return Err((file, None)),
            Err((file, errno)) => return Err((file, Some(errno.into()))),
        };
    }
}

/// The pid holding `file`'s lock: from /proc/locks, else from the file.
pub fn holder(file: &File) -> Option<u32> {
    let meta = file.metadata().ok()?;
    std::fs::read_to_string("/proc/locks")
        .ok()
        .and_then(|locks| holder_in(&locks, meta.dev(), meta.ino()))
        .or_else(|| {
            let mut buf = [0u8; 32];
            let n = file.read_at(&mut buf, 0).ok()?;
            let pid = std::str::from_utf8(&buf[..n]).ok()?.trim().parse().ok()?;
            (pid > 0).then_some(pid)
        })
}

/// The pid of the exclusive `flock` on device `dev`, inode `ino` in the
/// text of /proc/locks, whose lines read (fs/locks.c, lock_get_status)
/// `1: FLOCK  ADVISORY  WRITE 1234 fe:00:5456063 0 EOF`, the device as
/// hexadecimal major:minor; a waiter's line has `->` after the number.
/// A pid outside our pid namespace shows as 0: unknown.
pub fn holder_in(locks: &str, dev: u64, ino: u64) -> Option<u32> {
    let want = (libc::major(dev), libc::minor(dev), ino);
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().skip(1).collect();
        let ["FLOCK", _, "WRITE", pid, id, ..] = fields.as_slice() else {
            return None;
        };
        let mut parts = id.split(':');
        let maj = u32::from_str_radix(parts.next()?, 16).ok()?;
        let min = u32::from_str_radix(parts.next()?, 16).ok()?;
        let inode: u64 = parts.next()?.parse().ok()?;
        let pid: u32 = pid.parse().ok()?;
        ((maj, min, inode) == want && pid > 0).then_some(pid)
    })
}

#[cfg(test)]
mod tests;
