//! A service's scheduler: one of the kernel's, `none`, or any other name
//! (an out-of-tree module, or whatever a newer kernel adds), kept as given.

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The scheduler a service uses to pick a real server, by the name the
/// kernel knows it under (`ip_vs_NAME` is its module).
///
/// Reading a name never fails: a name that is none of the kernel's is
/// [`Scheduler::Other`], kept byte for byte, so that what a newer kernel
/// lists is sent back unchanged. A known name always reads as its own
/// variant, and two schedulers are equal when their names are, so
/// `Other("rr")`, if built by hand, equals [`Scheduler::Rr`].
///
/// ```
/// use ipvs::model::Scheduler;
///
/// assert_eq!(Scheduler::from_name("wrr"), Scheduler::Wrr);
/// assert_eq!("mh".parse::<Scheduler>().unwrap(), Scheduler::Mh);
/// let custom = Scheduler::from_name("my_sched");
/// assert_eq!(custom, Scheduler::Other("my_sched".into()));
/// assert_eq!(custom.to_string(), "my_sched");
/// ```
#[derive(Debug, Clone, Eq)]
#[non_exhaustive]
pub enum Scheduler {
    /// `rr`: round robin.
    Rr,
    /// `wrr`: weighted round robin.
    Wrr,
    /// `lc`: least connections.
    Lc,
    /// `wlc`: weighted least connections (ipvsadm's default).
    Wlc,
    /// `lblc`: locality-based least connections.
    Lblc,
    /// `lblcr`: locality-based least connections with replication.
    Lblcr,
    /// `dh`: destination hashing.
    Dh,
    /// `sh`: source hashing (flags `SCHED_SH_FALLBACK`, `SCHED_SH_PORT`).
    Sh,
    /// `sed`: shortest expected delay.
    Sed,
    /// `nq`: never queue.
    Nq,
    /// `fo`: weighted failover.
    Fo,
    /// `ovf`: weighted overflow.
    Ovf,
    /// `mh`: Maglev hashing (flags `SCHED_MH_FALLBACK`, `SCHED_MH_PORT`).
    Mh,
    /// `twos`: weighted random twos choice.
    Twos,
    /// `none`: the service has no scheduler (`ip_vs_add_service` loads
    /// none, and the kernel lists such a service as `none`).
    None,
    /// Any other name, as given (even empty, or with a NUL in it: the
    /// kernel reads a name up to its first NUL).
    Other(String),
}

/// Each known scheduler and its name.
const NAMES: [(Scheduler, &str); 15] = [
    (Scheduler::Rr, "rr"),
    (Scheduler::Wrr, "wrr"),
    (Scheduler::Lc, "lc"),
    (Scheduler::Wlc, "wlc"),
    (Scheduler::Lblc, "lblc"),
    (Scheduler::Lblcr, "lblcr"),
    (Scheduler::Dh, "dh"),
    (Scheduler::Sh, "sh"),
    (Scheduler::Sed, "sed"),
    (Scheduler::Nq, "nq"),
    (Scheduler::Fo, "fo"),
    (Scheduler::Ovf, "ovf"),
    (Scheduler::Mh, "mh"),
    (Scheduler::Twos, "twos"),
    (Scheduler::None, "none"),
];

impl Scheduler {
    /// The scheduler of this name; a name the kernel does not have is
    /// `Other`. Never fails.
    pub fn from_name(name: &str) -> Scheduler {
        NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| Scheduler::Other(name.to_string()))
    }

    /// The name as the kernel spells it (`wlc`), or the other name as
    /// given.
    pub fn as_str(&self) -> &str {
        match self {
            Scheduler::Rr => "rr",
            Scheduler::Wrr => "wrr",
            Scheduler::Lc => "lc",
            Scheduler::Wlc => "wlc",
            Scheduler::Lblc => "lblc",
            Scheduler::Lblcr => "lblcr",
            Scheduler::Dh => "dh",
            Scheduler::Sh => "sh",
            Scheduler::Sed => "sed",
            Scheduler::Nq => "nq",
            Scheduler::Fo => "fo",
            Scheduler::Ovf => "ovf",
            Scheduler::Mh => "mh",
            Scheduler::Twos => "twos",
            Scheduler::None => "none",
            Scheduler::Other(name) => name,
        }
    }

    /// The kernel's own schedulers (fourteen in Linux 6.1), without
    /// `none`, which is no module.
    pub fn kernel_schedulers() -> impl Iterator<Item = Scheduler> {
        NAMES
            .into_iter()
            .map(|(s, _)| s)
            .filter(|s| *s != Scheduler::None)
    }
}

/// Equal when the names are: a hand-built `Other` of a known name equals
/// that name's variant.
impl PartialEq for Scheduler {
    fn eq(&self, other: &Scheduler) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Hash for Scheduler {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Display for Scheduler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// [`Scheduler::from_name`]: never fails.
impl FromStr for Scheduler {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Scheduler, Infallible> {
        Ok(Scheduler::from_name(s))
    }
}

impl From<&str> for Scheduler {
    fn from(name: &str) -> Scheduler {
        Scheduler::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_read_as_their_variant_both_ways() {
        for (s, name) in NAMES {
            assert_eq!(Scheduler::from_name(name), s);
            assert!(!matches!(Scheduler::from_name(name), Scheduler::Other(_)));
            assert_eq!(s.as_str(), name);
        }
        assert_eq!(Scheduler::kernel_schedulers().count(), 14);
    }

    #[test]
    fn other_names_are_kept_as_given() {
        for name in [
            "",
            "RR",
            "rr\0junk",
            "my-sched",
            "a-very-long-scheduler-name",
        ] {
            let s = Scheduler::from_name(name);
            assert_eq!(s, Scheduler::Other(name.to_string()));
            assert_eq!(s.as_str(), name);
        }
        assert_eq!(Scheduler::Other("sh".into()), Scheduler::Sh);
    }
}
