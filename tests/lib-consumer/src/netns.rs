//! A network namespace of the consumer's own, reachable both by path and
//! by descriptor: a helper thread `unshare(CLONE_NEWNET)`s, sets `lo` up
//! (the kernel refuses real servers in a namespace whose `lo` is down,
//! EINVAL), opens its `/proc/thread-self/ns/net` and bind-mounts it on
//! `/run/netns/NAME`, as `ip netns add` does. Dropping it unmounts and
//! removes the file; the namespace ends with the last handle in it.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

pub struct Netns {
    pub path: PathBuf,
    pub fd: File,
}

impl Netns {
    pub fn create(path: &Path) -> io::Result<Netns> {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("/")))?;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        let target = CString::new(path.as_os_str().as_bytes())?;
        let made = std::thread::scope(|s| {
            s.spawn(|| -> io::Result<File> {
                // SAFETY: unshare, ioctl and mount with valid pointers; they
                // change only this helper thread's namespace, and it ends
                // right after.
                unsafe {
                    if libc::unshare(libc::CLONE_NEWNET) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    lo_up()?;
                    let fd = File::open("/proc/thread-self/ns/net")?;
                    let source = c"/proc/thread-self/ns/net";
                    let none = std::ptr::null();
                    if libc::mount(
                        source.as_ptr(),
                        target.as_ptr(),
                        none,
                        libc::MS_BIND,
                        none.cast(),
                    ) != 0
                    {
                        return Err(io::Error::last_os_error());
                    }
                    Ok(fd)
                }
            })
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the namespace thread panicked")))
        });
        match made {
            Ok(fd) => Ok(Netns {
                path: path.to_path_buf(),
                fd,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(path);
                Err(e)
            }
        }
    }
}

/// `ip link set lo up` in the calling thread's namespace.
unsafe fn lo_up() -> io::Result<()> {
    let sock = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
    if sock < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut req: libc::ifreq = std::mem::zeroed();
    for (dst, src) in req.ifr_name.iter_mut().zip(b"lo\0") {
        *dst = *src as libc::c_char;
    }
    let mut r = libc::ioctl(sock, libc::SIOCGIFFLAGS, &mut req);
    if r == 0 {
        req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        r = libc::ioctl(sock, libc::SIOCSIFFLAGS, &req);
    }
    let e = io::Error::last_os_error();
    libc::close(sock);
    if r == 0 {
        Ok(())
    } else {
        Err(e)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        if let Ok(target) = CString::new(self.path.as_os_str().as_bytes()) {
            // SAFETY: a valid C string.
            unsafe { libc::umount2(target.as_ptr(), libc::MNT_DETACH) };
        }
        let _ = std::fs::remove_file(&self.path);
    }
}
