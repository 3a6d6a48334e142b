//! Lengths of names the kernel takes, spelled as in the kernel's uapi
//! `ip_vs.h`. Both the netlink layer (what it may send) and the kernel
//! model (what the kernel refuses) use them from here.

/// `IP_VS_SCHEDNAME_MAXLEN`: a scheduler name's buffer, its NUL included
/// (so at most 15 bytes of name).
pub const IP_VS_SCHEDNAME_MAXLEN: usize = 16;
/// `IP_VS_PENAME_MAXLEN`: a persistence engine name's buffer, its NUL
/// included.
pub const IP_VS_PENAME_MAXLEN: usize = 16;
/// `IP_VS_IFNAME_MAXLEN`: a sync daemon interface name's buffer, its NUL
/// included (`IFNAMSIZ`).
pub const IP_VS_IFNAME_MAXLEN: usize = 16;
