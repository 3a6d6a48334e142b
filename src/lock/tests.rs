use super::*;
use std::process::{Child, Command};

/// A fresh lock directory under the temporary directory (not created: the
/// lock creates it, as it creates /run/ipvsadm).
fn lock_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ipvsadm-lock-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn the_path_is_the_namespaces() {
    let dir = lock_dir("path");
    let ino = std::fs::metadata("/proc/self/ns/net").unwrap().ino();
    assert_eq!(
        path_in(&dir).unwrap(),
        dir.join(format!("netns-{ino}.lock"))
    );
    let lock = acquire(&dir, Wait::No).unwrap();
    assert_eq!(lock.path(), dir.join(format!("netns-{ino}.lock")));
    let meta = std::fs::metadata(lock.path()).unwrap();
    // 0644, less the umask.
    assert_eq!(meta.mode() & 0o7133, 0, "{:o}", meta.mode());
    let pid = std::fs::read_to_string(lock.path()).unwrap();
    assert_eq!(pid, format!("{}\n", std::process::id()));
    drop(lock);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_open_conflicts_and_names_us() {
    // flock locks belong to the open file description: a second open in
    // the same process is another would-be holder.
    let dir = lock_dir("twice");
    let first = acquire(&dir, Wait::No).unwrap();
    match acquire(&dir, Wait::No) {
        Err(LockError::Held {
            path,
            holder,
            waited: None,
        }) => {
            assert_eq!(path, first.path());
            assert_eq!(holder, Some(std::process::id()));
        }
        other => panic!("{other:?}"),
    }
    drop(first);
    // Released with its descriptor; the file stays.
    let again = acquire(&dir, Wait::No).unwrap();
    assert!(again.path().exists());
    drop(again);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_limited_wait_ends_about_on_time() {
    let dir = lock_dir("wait");
    let held = acquire(&dir, Wait::No).unwrap();
    let limit = Duration::from_millis(300);
    let start = Instant::now();
    let e = acquire(&dir, Wait::Upto(limit)).unwrap_err();
    let took = start.elapsed();
    assert!(
        took >= limit && took < limit + Duration::from_millis(500),
        "{took:?}"
    );
    let text = e.to_string();
    assert!(
        text.starts_with(&format!(
            "another apply is running (pid {} holds {})",
            std::process::id(),
            held.path().display()
        )) && text.ends_with("; gave up after waiting 0.3 s"),
        "{text}"
    );
    // A wait that outlasts the holder gets the lock.
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        drop(held);
    });
    acquire(&dir, Wait::Upto(Duration::from_secs(5))).unwrap();
    holder.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `flock -o FILE sleep 3`, once it holds the lock (`-o`: only flock(1)
/// holds it, not the `sleep` it starts, so killing it releases the lock).
fn flock_holder(path: &Path) -> Child {
    let mut child = Command::new("flock")
        .arg("-o")
        .arg(path)
        .args(["sleep", "3"])
        .spawn()
        .expect("util-linux flock");
    let dev_ino = || {
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino()))
    };
    for _ in 0..200 {
        let locks = std::fs::read_to_string("/proc/locks").unwrap();
        if dev_ino().and_then(|(d, i)| holder_in(&locks, d, i)) == Some(child.id()) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("flock(1) did not take the lock");
}

#[test]
fn another_process_is_named_by_the_kernel_not_the_file() {
    let dir = lock_dir("flock");
    std::fs::create_dir_all(&dir).unwrap();
    let path = path_in(&dir).unwrap();
    // A stale pid in the file, as a crashed holder leaves it.
    std::fs::write(&path, "999999\n").unwrap();
    let mut child = flock_holder(&path);
    let e = acquire(&dir, Wait::No).unwrap_err();
    let _ = child.kill();
    let _ = child.wait();
    match e {
        LockError::Held { holder, .. } => assert_eq!(holder, Some(child.id())),
        other => panic!("{other:?}"),
    }
    // Killed, it holds nothing; the `sleep` it forked may still hold a
    // copy of the descriptor for a moment, until its `-o` closes it.
    acquire(&dir, Wait::Upto(Duration::from_secs(2))).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn proc_locks_lines() {
    let dev = libc::makedev(0xfe, 0);
    let locks = "\
1: POSIX  ADVISORY  WRITE 11 fe:00:77 0 EOF
2: FLOCK  ADVISORY  READ 12 fe:00:77 0 EOF
3: -> FLOCK  ADVISORY  WRITE 13 fe:00:77 0 EOF
4: FLOCK  ADVISORY  WRITE 14 fe:01:77 0 EOF
5: FLOCK  ADVISORY  WRITE 15 fe:00:770 0 EOF
6: FLOCK  ADVISORY  WRITE 16 fe:00:77 0 EOF
";
    assert_eq!(holder_in(locks, dev, 77), Some(16));
    assert_eq!(holder_in(locks, dev, 78), None);
    // A holder in another pid namespace shows as 0.
    let hidden = "1: FLOCK  ADVISORY  WRITE 0 fe:00:77 0 EOF\n";
    assert_eq!(holder_in(hidden, dev, 77), None);
    // Minors above 255 are not padded further.
    let big = "1: FLOCK  ADVISORY  WRITE 9 00:1a3:5 0 EOF\n";
    assert_eq!(holder_in(big, libc::makedev(0, 0x1a3), 5), Some(9));
}

#[test]
fn a_lock_file_that_cannot_be_opened_says_why() {
    // A file where the lock directory should be.
    let dir = lock_dir("open");
    std::fs::write(&dir, "").unwrap();
    let e = acquire(&dir, Wait::No).unwrap_err();
    assert!(matches!(e, LockError::Open { .. }), "{e:?}");
    let want = format!(
        "cannot take the apply lock {}: Not a directory",
        path_in(&dir).unwrap().display()
    );
    assert_eq!(e.to_string(), want);
    std::fs::remove_file(&dir).unwrap();
}
