//! Name look-ups the reference does through libc: /etc/services port names
//! for a protocol, IPv4 host names (gethostbyname), and reverse names for
//! listings. Behind a trait so that parsing and printing stay pure and tests
//! use a fixed table.

use std::net::{IpAddr, Ipv4Addr};

pub trait Resolver {
    /// A port from its /etc/services name for `proto` ("tcp", "udp", "sctp").
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16>;
    /// An IPv4 address from a host name (the reference uses gethostbyname,
    /// IPv4 only).
    fn host_by_name(&self, name: &str) -> Option<Ipv4Addr>;
    /// The /etc/services name of a port for `proto`.
    fn port_name(&self, port: u16, proto: &str) -> Option<String>;
    /// The reverse name of an address.
    fn host_name(&self, addr: &IpAddr) -> Option<String>;
}

/// Resolves nothing: what `-n` needs, and a base for tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoResolver;

impl Resolver for NoResolver {
    fn port_by_name(&self, _: &str, _: &str) -> Option<u16> {
        None
    }
    fn host_by_name(&self, _: &str) -> Option<Ipv4Addr> {
        None
    }
    fn port_name(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host_name(&self, _: &IpAddr) -> Option<String> {
        None
    }
}

/// A name that parsing looked up: a host (`www.example.com`) or a port
/// of a protocol (`http`), and whether it resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Host { name: String, found: bool },
    Port { name: String, found: bool },
}

/// Passes look-ups to another resolver and keeps the forward ones (names
/// to addresses and ports), so that `--check` can tell which words of a
/// rule line were names. The parser asks only for what is not numeric.
pub struct Recording<'a> {
    inner: &'a dyn Resolver,
    seen: std::cell::RefCell<Vec<Lookup>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Resolver) -> Recording<'a> {
        Recording {
            inner,
            seen: Default::default(),
        }
    }

    /// The look-ups since the last call, in order, each once.
    pub fn take(&self) -> Vec<Lookup> {
        let mut seen = self.seen.take();
        let mut i = 0;
        while i < seen.len() {
            if seen[..i].contains(&seen[i]) {
                seen.remove(i);
            } else {
                i += 1;
            }
        }
        seen
    }
}

impl Resolver for Recording<'_> {
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
        let port = self.inner.port_by_name(name, proto);
        self.seen.borrow_mut().push(Lookup::Port {
            name: name.to_string(),
            found: port.is_some(),
        });
        port
    }
    fn host_by_name(&self, name: &str) -> Option<Ipv4Addr> {
        let addr = self.inner.host_by_name(name);
        self.seen.borrow_mut().push(Lookup::Host {
            name: name.to_string(),
            found: addr.is_some(),
        });
        addr
    }
    fn port_name(&self, port: u16, proto: &str) -> Option<String> {
        self.inner.port_name(port, proto)
    }
    fn host_name(&self, addr: &IpAddr) -> Option<String> {
        self.inner.host_name(addr)
    }
}

/// The libc look-ups the reference uses: getservbyname/getservbyport,
/// gethostbyname (IPv4 only, so `ip6-localhost` maps to 127.0.0.1 as in
/// glibc) and getnameinfo with NI_NAMEREQD. Not thread-safe (the libc
/// calls return static buffers); the tool is single-threaded. Names with
/// an interior NUL resolve to nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemResolver;

mod sys {
    use std::ffi::{c_char, CStr, CString};

    extern "C" {
        // In glibc; not exposed by the libc crate.
        fn gethostbyname(name: *const c_char) -> *mut libc::hostent;
    }

    pub fn cstring(s: &str) -> Option<CString> {
        CString::new(s).ok()
    }

    /// `getservbyname(name, proto)`, the port in host order.
    pub fn serv_port(name: &str, proto: &str) -> Option<u16> {
        let (name, proto) = (cstring(name)?, cstring(proto)?);
        // SAFETY: both pointers are valid NUL-terminated strings; the
        // result is either NULL or points to libc's static servent.
        let ent = unsafe { libc::getservbyname(name.as_ptr(), proto.as_ptr()) };
        if ent.is_null() {
            return None;
        }
        // SAFETY: non-NULL servent from libc. s_port holds the port in
        // network order in its low 16 bits.
        let port = unsafe { (*ent).s_port };
        Some(u16::from_be(port as u16))
    }

    /// `getservbyport(htons(port), proto)`.
    pub fn serv_name(port: u16, proto: &str) -> Option<String> {
        let proto = cstring(proto)?;
        // SAFETY: valid C string; result NULL or libc's static servent.
        let ent = unsafe { libc::getservbyport(i32::from(port.to_be()), proto.as_ptr()) };
        if ent.is_null() {
            return None;
        }
        // SAFETY: s_name of a non-NULL servent is a NUL-terminated string.
        let name = unsafe { CStr::from_ptr((*ent).s_name) };
        Some(name.to_string_lossy().into_owned())
    }

    /// `gethostbyname(name)`: the first IPv4 address.
    pub fn host_v4(name: &str) -> Option<[u8; 4]> {
        let name = cstring(name)?;
        // SAFETY: valid C string; result NULL or libc's static hostent.
        let ent = unsafe { gethostbyname(name.as_ptr()) };
        if ent.is_null() {
            return None;
        }
        // SAFETY: a non-NULL hostent has a NULL-terminated h_addr_list of
        // h_length-byte addresses; we read 4 bytes only when h_length is 4.
        unsafe {
            let ent = &*ent;
            if ent.h_addrtype != libc::AF_INET || ent.h_length != 4 || ent.h_addr_list.is_null() {
                return None;
            }
            let first = *ent.h_addr_list;
            if first.is_null() {
                return None;
            }
            let mut a = [0u8; 4];
            std::ptr::copy_nonoverlapping(first as *const u8, a.as_mut_ptr(), 4);
            Some(a)
        }
    }

    /// `getnameinfo(addr, NI_NAMEREQD)`: the reverse name.
    pub fn name_of(addr: &std::net::IpAddr) -> Option<String> {
        let mut host = [0 as c_char; libc::NI_MAXHOST as usize];
        // SAFETY: sockaddr_storage is large enough for both families and
        // all-zero is a valid value for it.
        let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let len = match addr {
            std::net::IpAddr::V4(a) => {
                let sin = &mut ss as *mut _ as *mut libc::sockaddr_in;
                // SAFETY: sockaddr_in fits in sockaddr_storage.
                unsafe {
                    (*sin).sin_family = libc::AF_INET as libc::sa_family_t;
                    (*sin).sin_addr.s_addr = u32::from_ne_bytes(a.octets());
                }
                std::mem::size_of::<libc::sockaddr_in>()
            }
            std::net::IpAddr::V6(a) => {
                let sin6 = &mut ss as *mut _ as *mut libc::sockaddr_in6;
                // SAFETY: sockaddr_in6 fits in sockaddr_storage.
                unsafe {
                    (*sin6).sin6_family = libc::AF_INET6 as libc::sa_family_t;
                    (*sin6).sin6_addr.s6_addr = a.octets();
                }
                std::mem::size_of::<libc::sockaddr_in6>()
            }
        };
        // SAFETY: the sockaddr and the host buffer are valid for the
        // lengths passed; no service buffer is requested.
        let rc = unsafe {
            libc::getnameinfo(
                &ss as *const _ as *const libc::sockaddr,
                len as libc::socklen_t,
                host.as_mut_ptr(),
                host.len() as libc::socklen_t,
                std::ptr::null_mut(),
                0,
                libc::NI_NAMEREQD,
            )
        };
        if rc != 0 {
            return None;
        }
        // SAFETY: on success getnameinfo wrote a NUL-terminated string.
        let name = unsafe { CStr::from_ptr(host.as_ptr()) };
        Some(name.to_string_lossy().into_owned())
    }
}

impl Resolver for SystemResolver {
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
        sys::serv_port(name, proto)
    }
    fn host_by_name(&self, name: &str) -> Option<Ipv4Addr> {
        sys::host_v4(name).map(Ipv4Addr::from)
    }
    fn port_name(&self, port: u16, proto: &str) -> Option<String> {
        sys::serv_name(port, proto)
    }
    fn host_name(&self, addr: &IpAddr) -> Option<String> {
        sys::name_of(addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_resolver_rejects_interior_nul() {
        let r = SystemResolver;
        assert_eq!(r.port_by_name("ht\0tp", "tcp"), None);
        assert_eq!(r.port_by_name("http", "t\0cp"), None);
        assert_eq!(r.host_by_name("local\0host"), None);
        assert_eq!(r.port_name(80, "\0"), None);
    }

    #[test]
    fn recording_keeps_forward_lookups_once() {
        let r = Recording::new(&NoResolver);
        assert_eq!(r.host_by_name("www"), None);
        r.port_by_name("http", "tcp");
        r.host_by_name("www");
        r.host_name(&IpAddr::V4(Ipv4Addr::LOCALHOST));
        let host = Lookup::Host {
            name: "www".into(),
            found: false,
        };
        let port = Lookup::Port {
            name: "http".into(),
            found: false,
        };
        assert_eq!(r.take(), [host, port]);
        assert_eq!(r.take(), []);
    }

    #[test]
    fn system_resolver_numeric_host() {
        // glibc's gethostbyname accepts dotted quads without any lookup.
        assert_eq!(
            SystemResolver.host_by_name("127.0.0.1"),
            Some(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(SystemResolver.host_by_name(""), None);
    }

    #[test]
    fn system_resolver_services_when_available() {
        // /etc/services may be absent in minimal containers: only check
        // consistency when the name resolves.
        if let Some(p) = SystemResolver.port_by_name("http", "tcp") {
            assert_eq!(p, 80);
            assert_eq!(SystemResolver.port_name(80, "tcp").as_deref(), Some("http"));
        }
    }
}
