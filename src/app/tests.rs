//! The apply lock as the programs take it: messages and exit statuses.

use super::*;
use std::path::PathBuf;
use std::time::Duration;

fn lock_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ipvsadm-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// `take_lock`'s exit status (0: taken or gone on without) and stderr.
fn take(dir: &Path, wait: Wait, needed: bool) -> (i32, String, bool) {
    let mut err = Vec::new();
    let (code, held) = match take_lock("ipvsadm-restore", dir, wait, needed, &mut err) {
        Ok(lock) => (0, lock.is_some()),
        Err(e) => (e.report(&mut err), false),
    };
    (code, String::from_utf8(err).unwrap(), held)
}

#[test]
fn a_converge_fails_at_once_naming_the_holder() {
    let dir = lock_dir("held");
    let other = crate::lock::acquire(&dir, Wait::No).unwrap();
    let path = other.path().display().to_string();
    let pid = std::process::id();
    assert_eq!(
        take(&dir, Wait::No, true),
        (
            4,
            format!(
                "ipvsadm-restore: another apply is running (pid {pid} holds {path}); \
                 nothing was changed; use --wait[=SECONDS] to wait for it\n"
            ),
            false
        )
    );
    // --wait=0.2, for a converge or a classic restore.
    for needed in [true, false] {
        assert_eq!(
            take(&dir, Wait::Upto(Duration::from_millis(200)), needed),
            (
                4,
                format!(
                    "ipvsadm-restore: another apply is running (pid {pid} holds {path}); \
                     gave up after waiting 0.2 s; nothing was changed\n"
                ),
                false
            )
        );
    }
    drop(other);
    assert_eq!(take(&dir, Wait::No, true), (0, String::new(), true));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_lock_file_a_converge_stops_and_a_restore_goes_on() {
    // A file where the lock directory should be: nothing can be opened.
    let dir = lock_dir("nofile");
    std::fs::write(&dir, "").unwrap();
    let path = crate::lock::path_in(&dir).unwrap();
    assert_eq!(
        take(&dir, Wait::No, true),
        (
            4,
            format!(
                "ipvsadm-restore: cannot take the apply lock {}: Not a directory; \
                 nothing was changed\n",
                path.display()
            ),
            false
        )
    );
    // The classic restore, as the C tool: no lock, not a word.
    assert_eq!(take(&dir, Wait::Forever, false), (0, String::new(), false));
    std::fs::remove_file(&dir).unwrap();
}
