//! Flag words the kernel defines bit by bit: a service's `IP_VS_SVC_F_*`
//! and a tunnel's `IP_VS_TUNNEL_ENCAP_FLAG_*`, each a typed set over the
//! kernel's integer. Bits this code does not know are kept, never dropped:
//! a set read from a newer kernel is sent back as it came.

use std::fmt;
use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not, Sub, SubAssign};

/// The set operations both flag words share.
macro_rules! bit_set {
    ($name:ident, $int:ty, $names:expr) => {
        impl $name {
            /// No flag set.
            pub const fn empty() -> $name {
                $name(0)
            }

            /// The kernel's integer, unknown bits included.
            pub const fn bits(self) -> $int {
                self.0
            }

            /// The set of these bits, every one kept (known or not).
            pub const fn from_bits_retain(bits: $int) -> $name {
                $name(bits)
            }

            /// No bit set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// Every bit of `other` is set here.
            pub const fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Some bit of `other` is set here.
            pub const fn intersects(self, other: $name) -> bool {
                self.0 & other.0 != 0
            }

            /// Sets the bits of `other`.
            pub fn insert(&mut self, other: $name) {
                self.0 |= other.0;
            }

            /// Clears the bits of `other`.
            pub fn remove(&mut self, other: $name) {
                self.0 &= !other.0;
            }

            /// Sets (`on`) or clears the bits of `other`.
            pub fn set(&mut self, other: $name, on: bool) {
                if on {
                    self.insert(other)
                } else {
                    self.remove(other)
                }
            }
        }

        impl BitOr for $name {
            type Output = $name;
            fn bitor(self, rhs: $name) -> $name {
                $name(self.0 | rhs.0)
            }
        }

        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: $name) {
                self.0 |= rhs.0;
            }
        }

        impl BitAnd for $name {
            type Output = $name;
            fn bitand(self, rhs: $name) -> $name {
                $name(self.0 & rhs.0)
            }
        }

        impl BitAndAssign for $name {
            fn bitand_assign(&mut self, rhs: $name) {
                self.0 &= rhs.0;
            }
        }

        /// The bits of `self` that are not in `rhs`.
        impl Sub for $name {
            type Output = $name;
            fn sub(self, rhs: $name) -> $name {
                $name(self.0 & !rhs.0)
            }
        }

        impl SubAssign for $name {
            fn sub_assign(&mut self, rhs: $name) {
                self.0 &= !rhs.0;
            }
        }

        /// Every bit of the word flipped, unknown ones included.
        impl Not for $name {
            type Output = $name;
            fn not(self) -> $name {
                $name(!self.0)
            }
        }

        /// The names of the known bits, then any others in hex:
        /// `PERSISTENT | SCHED1 | 0x100`.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}(", stringify!($name))?;
                let mut rest = self.0;
                let mut first = true;
                for &(bit, name) in $names {
                    if rest & bit != 0 {
                        f.write_str(if first { "" } else { " | " })?;
                        f.write_str(name)?;
                        rest &= !bit;
                        first = false;
                    }
                }
                if rest != 0 || first {
                    f.write_str(if first { "" } else { " | " })?;
                    write!(f, "{rest:#x}")?;
                }
                f.write_str(")")
            }
        }
    };
}

/// A service's flags (`IP_VS_SVC_F_*` in the kernel's uapi `ip_vs.h`),
/// as the kernel lists them: `PERSISTENT`, `ONEPACKET` and the scheduler
/// flags are set by a request; `HASHED` is the kernel's own and comes back
/// on every service it lists.
///
/// ```
/// use ipvs::model::ServiceFlags;
///
/// let mut f = ServiceFlags::PERSISTENT | ServiceFlags::SCHED_SH_PORT;
/// assert!(f.contains(ServiceFlags::SCHED2));
/// f.remove(ServiceFlags::PERSISTENT);
/// assert_eq!(f.bits(), 0x0010);
/// // A bit no kernel defines yet is kept.
/// assert_eq!(ServiceFlags::from_bits_retain(0x0100 | 0x0001).bits(), 0x0101);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ServiceFlags(u32);

impl ServiceFlags {
    /// `IP_VS_SVC_F_PERSISTENT`: a client keeps its real server for the
    /// service's timeout.
    pub const PERSISTENT: ServiceFlags = ServiceFlags(0x0001);
    /// `IP_VS_SVC_F_HASHED`: the service is in the kernel's table (set by
    /// the kernel, ignored in requests).
    pub const HASHED: ServiceFlags = ServiceFlags(0x0002);
    /// `IP_VS_SVC_F_ONEPACKET`: one-packet scheduling (UDP).
    pub const ONEPACKET: ServiceFlags = ServiceFlags(0x0004);
    /// `IP_VS_SVC_F_SCHED1`: scheduler flag 1.
    pub const SCHED1: ServiceFlags = ServiceFlags(0x0008);
    /// `IP_VS_SVC_F_SCHED2`: scheduler flag 2.
    pub const SCHED2: ServiceFlags = ServiceFlags(0x0010);
    /// `IP_VS_SVC_F_SCHED3`: scheduler flag 3.
    pub const SCHED3: ServiceFlags = ServiceFlags(0x0020);
    /// `IP_VS_SVC_F_SCHED_SH_FALLBACK` (`SCHED1` for `sh`): pick another
    /// server when the hashed one is unavailable.
    pub const SCHED_SH_FALLBACK: ServiceFlags = Self::SCHED1;
    /// `IP_VS_SVC_F_SCHED_SH_PORT` (`SCHED2` for `sh`): hash the source
    /// port too.
    pub const SCHED_SH_PORT: ServiceFlags = Self::SCHED2;
    /// `IP_VS_SVC_F_SCHED_MH_FALLBACK` (`SCHED1` for `mh`).
    pub const SCHED_MH_FALLBACK: ServiceFlags = Self::SCHED1;
    /// `IP_VS_SVC_F_SCHED_MH_PORT` (`SCHED2` for `mh`).
    pub const SCHED_MH_PORT: ServiceFlags = Self::SCHED2;
    /// `SCHED1 | SCHED2 | SCHED3`, the scheduler's flags (ours; the
    /// header has no name for it).
    pub const SCHED_MASK: ServiceFlags = ServiceFlags(0x0038);
}

bit_set!(
    ServiceFlags,
    u32,
    &[
        (0x0001u32, "PERSISTENT"),
        (0x0002, "HASHED"),
        (0x0004, "ONEPACKET"),
        (0x0008, "SCHED1"),
        (0x0010, "SCHED2"),
        (0x0020, "SCHED3"),
    ]
);

/// A tunnel's encapsulation flags (`IP_VS_TUNNEL_ENCAP_FLAG_*`), sent for
/// GUE and GRE tunnels. [`TunnelFlags::csum`] says which checksum mode
/// they mean.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TunnelFlags(u16);

impl TunnelFlags {
    /// `IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM`: no checksum (no bit at all).
    pub const NOCSUM: TunnelFlags = TunnelFlags(0);
    /// `IP_VS_TUNNEL_ENCAP_FLAG_CSUM`: checksum the encapsulated packet.
    pub const CSUM: TunnelFlags = TunnelFlags(1 << 0);
    /// `IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM`: remote checksum offload.
    pub const REMCSUM: TunnelFlags = TunnelFlags(1 << 1);

    /// The checksum mode the flags mean: remote checksum wins over
    /// checksum, as the kernel (`ipvs_gue_encap`, `ipvs_gre_encap`) and
    /// ipvsadm read them.
    pub const fn csum(self) -> TunnelCsum {
        if self.0 & Self::REMCSUM.0 != 0 {
            TunnelCsum::RemCsum
        } else if self.0 & Self::CSUM.0 != 0 {
            TunnelCsum::Csum
        } else {
            TunnelCsum::NoCsum
        }
    }
}

bit_set!(
    TunnelFlags,
    u16,
    &[(0x0001u16, "CSUM"), (0x0002, "REMCSUM")]
);

/// A tunnel's checksum mode, as its [`TunnelFlags`] mean it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TunnelCsum {
    /// No checksum (`--tun-nocsum`).
    NoCsum,
    /// A checksum in the encapsulation header (`--tun-csum`).
    Csum,
    /// Remote checksum offload (`--tun-remcsum`).
    RemCsum,
}

impl TunnelCsum {
    /// The flag that asks for this mode.
    pub const fn flags(self) -> TunnelFlags {
        match self {
            TunnelCsum::NoCsum => TunnelFlags::NOCSUM,
            TunnelCsum::Csum => TunnelFlags::CSUM,
            TunnelCsum::RemCsum => TunnelFlags::REMCSUM,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_bits_are_kept_and_shown() {
        let f = ServiceFlags::from_bits_retain(0x0103);
        assert_eq!(f.bits(), 0x0103);
        assert!(f.contains(ServiceFlags::PERSISTENT | ServiceFlags::HASHED));
        assert_eq!(
            format!("{f:?}"),
            "ServiceFlags(PERSISTENT | HASHED | 0x100)"
        );
        assert_eq!(format!("{:?}", ServiceFlags::empty()), "ServiceFlags(0x0)");
        assert_eq!((f - ServiceFlags::HASHED).bits(), 0x0101);
        assert_eq!((!ServiceFlags::HASHED & f).bits(), 0x0101);
    }

    #[test]
    fn set_operations() {
        let mut f = ServiceFlags::empty();
        f.insert(ServiceFlags::ONEPACKET);
        f |= ServiceFlags::SCHED3;
        assert!(f.intersects(ServiceFlags::SCHED_MASK));
        f.set(ServiceFlags::ONEPACKET, false);
        assert_eq!(f, ServiceFlags::SCHED3);
        f -= ServiceFlags::SCHED3;
        assert!(f.is_empty());
    }

    #[test]
    fn remote_checksum_wins() {
        assert_eq!(TunnelFlags::NOCSUM.csum(), TunnelCsum::NoCsum);
        assert_eq!(TunnelFlags::CSUM.csum(), TunnelCsum::Csum);
        let both = TunnelFlags::CSUM | TunnelFlags::REMCSUM;
        assert_eq!(both.csum(), TunnelCsum::RemCsum);
        assert_eq!(
            TunnelFlags::from_bits_retain(0x8000).csum(),
            TunnelCsum::NoCsum
        );
        for m in [TunnelCsum::NoCsum, TunnelCsum::Csum, TunnelCsum::RemCsum] {
            assert_eq!(m.flags().csum(), m);
        }
    }
}
