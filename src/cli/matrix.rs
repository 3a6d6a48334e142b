//! The command x option legality matrix of ipvsadm 1.31 as data, plus the
//! pure checks that walk it and produce the reference's sentences
//! (shared/ipvsadm-behavior.md §2.3, §2.4): the generic matrix, the list
//! conflicts, and the tunnel-type matrix. Our own options get bits after the
//! reference's, so the reference's errors always come first.

use super::Command;

/// Declares `Bit` and `Bit::ALL` from one list, so the two cannot drift.
macro_rules! bits {
    ($($name:ident),* $(,)?) => {
        /// Counted options, in the reference's bit order (the order the
        /// matrix is walked, and the names its messages use).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Bit {
            $($name),*
        }

        impl Bit {
            pub const ALL: &'static [Bit] = &[$(Bit::$name),*];
        }
    };
}

bits! {
    Numeric, Connection, Service, Scheduler, Persistent, Netmask, Server, Forward, Weight,
    UThreshold, LThreshold, McastIfn, Timeout, Daemon, Stats, Rate, Thresholds, PersistentConn,
    NoSort, Syncid, Exact, Ops, Pe, SchedFlags, McastGroup, McastPort, McastTtl, SyncMaxlen,
    TunInfo, TunType, TunPort, TunNocsum, TunCsum, TunRemcsum,
    // Ours.
    Netns, Json, Table, FilterVip, FilterRip, FilterState, Metrics, MetricsConns, MetricsLabels,
}

/// A set of counted options.
pub type Options = u64;

impl Bit {
    pub fn mask(self) -> Options {
        1 << self as u8
    }

    /// The name in messages (`multiple 'numeric' options specified`).
    pub fn name(self) -> &'static str {
        MATRIX[self as usize].1
    }
}

/// Rows in bit order: one cell per command, then the option name. Cells in in the order
/// the order -A -E -D -C -L -a -d -e --set --start-daemon --stop-daemon -R -S -Z.
/// `+` required, `x` illegal, `1` at most one of the `1`s, blank allowed.
pub const MATRIX: &[(&str, &str)] = &[
    // AEDCLade-stRSZ (-A -E -D -C -L -a -d -e --set start stop -R -S -Z)
    ("xxxx xxxxxxx x", "numeric"),
    ("xxxx1xxxxxxxxx", "connection"),
    ("+++x1+++xxxxx ", "service-address"),
    ("  xxxxxxxxxxxx", "scheduler"),
    ("  xxxxxxxxxxxx", "persistent"),
    ("  xxxxxxxxxxxx", "netmask"),
    ("xxxxx+++xxxxxx", "real-server"),
    ("xxxxx x xxxxxx", "forwarding-method"),
    ("xxxxx x xxxxxx", "weight"),
    ("xxxxx x xxxxxx", "u-threshold"),
    ("xxxxx x xxxxxx", "l-threshold"),
    ("xxxxxxxxx xxxx", "mcast-interface"),
    ("xxxx1xxxxxxxxx", "timeout"),
    ("xxxx1xxxxxxxxx", "daemon"),
    ("xxxx xxxxxxxxx", "stats"),
    ("xxxx xxxxxxxxx", "rate"),
    // -S --thresholds is ours: save also writes -x/-y (the reference refuses it).
    ("xxxx xxxxxxx x", "thresholds"),
    ("xxxx xxxxxxxxx", "persistent-conn"),
    ("xxxx xxxxxxxxx", "nosort"),
    // -L --syncid is accepted (and ignored) by the 1.31 binary [VM, 11-matrix].
    ("xxxx xxxx  xxx", "syncid"),
    ("xxxx xxxxxxxxx", "exact"),
    ("  xxxxxxxxxxxx", "ops"),
    ("  xxxxxxxxxxxx", "pe"),
    ("  xxxxxxxxxxxx", "sched-flags"),
    ("xxxxxxxxx xxxx", "mcast-group"),
    ("xxxxxxxxx xxxx", "mcast-port"),
    ("xxxxxxxxx xxxx", "mcast-ttl"),
    ("xxxxxxxxx xxxx", "sync-maxlen"),
    ("xxxx xxxxxxxxx", "tun-info"),
    ("xxxxx x xxxxxx", "tun-type"),
    ("xxxxx x xxxxxx", "tun-port"),
    ("xxxxx x xxxxxx", "tun-nocsum"),
    ("xxxxx x xxxxxx", "tun-csum"),
    ("xxxxx x xxxxxx", "tun-remcsum"),
    // Ours: --netns with anything, the rest only with -L.
    ("              ", "netns"),
    ("xxxx xxxxxxxxx", "json"),
    ("xxxx xxxxxxxxx", "table"),
    ("xxxx xxxxxxxxx", "filter-vip"),
    ("xxxx xxxxxxxxx", "filter-rip"),
    ("xxxx xxxxxxxxx", "filter-state"),
    ("xxxx xxxxxxxxx", "metrics"),
    ("xxxx xxxxxxxxx", "metrics-conns"),
    ("xxxx xxxxxxxxx", "metrics-labels"),
];

/// Walk `rows` in order and report the first violation, as the reference's
/// `generic_opt_check` and `tunnel_opt_check` do. `what` is "command" or
/// "tunnel type".
fn walk(rows: &[(Bit, u8)], set: Options, target: &str, what: &str) -> Result<(), String> {
    let mut first_one: Option<Bit> = None;
    for &(bit, cell) in rows {
        let given = set & bit.mask() != 0;
        match (given, cell) {
            (false, b'+') => {
                return Err(format!(
                    "You need to supply the '{}' option for the '{target}' {what}",
                    bit.name()
                ))
            }
            (true, b'x') => {
                return Err(format!(
                    "Illegal '{}' option with the '{target}' {what}",
                    bit.name()
                ))
            }
            (true, b'1') => match first_one {
                None => first_one = Some(bit),
                Some(earlier) => {
                    return Err(format!(
                        "The option '{}' conflicts with the '{}' option in the '{target}' {what}",
                        bit.name(),
                        earlier.name()
                    ))
                }
            },
            _ => {}
        }
    }
    Ok(())
}

/// The generic matrix check for `cmd`.
pub fn check(cmd: Command, set: Options) -> Result<(), String> {
    let Some(col) = cmd.column() else {
        return Ok(());
    };
    let rows: Vec<(Bit, u8)> = Bit::ALL
        .iter()
        .map(|&b| (b, MATRIX[b as usize].0.as_bytes()[col]))
        .collect();
    walk(&rows, set, cmd.name(), "command")
}

/// The list-only conflicts the reference checks after the matrix.
pub fn check_list(set: Options) -> Result<(), String> {
    let any = |bits: &[Bit]| bits.iter().any(|b| set & b.mask() != 0);
    use Bit::*;
    if (any(&[Connection, Timeout, Daemon]) && any(&[Stats, Rate, Thresholds]))
        || (any(&[Timeout, Daemon]) && any(&[PersistentConn]))
    {
        return Err("options conflicts in the list command".into());
    }
    Ok(())
}

/// Tunnel types by number (`IP_VS_CONN_F_TUNNEL_TYPE_*`) and their cells for
/// tun-port, tun-nocsum, tun-csum, tun-remcsum.
pub const TUNNEL_MATRIX: &[(&str, &str)] = &[("ipip", "xxxx"), ("gue", "+111"), ("gre", "x11x")];
const TUNNEL_BITS: [Bit; 4] = [Bit::TunPort, Bit::TunNocsum, Bit::TunCsum, Bit::TunRemcsum];

/// The tunnel-type check of `-a`/`-e`.
pub fn check_tunnel(tun_type: u8, set: Options) -> Result<(), String> {
    let Some(&(name, cells)) = TUNNEL_MATRIX.get(tun_type as usize) else {
        return Ok(());
    };
    let rows: Vec<(Bit, u8)> = TUNNEL_BITS.iter().copied().zip(cells.bytes()).collect();
    walk(&rows, set, name, "tunnel type")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commands the matrix has a column for.
    fn commands() -> impl Iterator<Item = Command> {
        crate::cli::COMMANDS
            .iter()
            .filter(|r| r.3.is_some())
            .map(|r| r.0)
    }

    /// The options every command of this column requires.
    fn required(col: usize) -> Options {
        Bit::ALL
            .iter()
            .filter(|b| MATRIX[**b as usize].0.as_bytes()[col] == b'+')
            .fold(0, |m, b| m | b.mask())
    }

    #[test]
    fn table_shape() {
        assert_eq!(MATRIX.len(), Bit::ALL.len());
        for (i, b) in Bit::ALL.iter().enumerate() {
            assert_eq!(*b as usize, i);
            assert_eq!(MATRIX[i].0.len(), 14, "{}", MATRIX[i].1);
        }
        assert_eq!(Bit::Service.name(), "service-address");
        assert_eq!(Bit::TunRemcsum as u8, 33);
    }

    #[test]
    fn every_cell_gives_its_sentence() {
        for cmd in commands() {
            let col = cmd.column().unwrap();
            let base = required(col);
            assert_eq!(check(cmd, base), Ok(()), "{cmd:?}");
            for &bit in Bit::ALL {
                let cell = MATRIX[bit as usize].0.as_bytes()[col];
                let got = check(cmd, base | bit.mask());
                match cell {
                    b'x' => assert_eq!(
                        got,
                        Err(format!(
                            "Illegal '{}' option with the '{}' command",
                            bit.name(),
                            cmd.name()
                        ))
                    ),
                    _ => assert_eq!(got, Ok(()), "{cmd:?} {bit:?}"),
                }
                if cell == b'+' {
                    assert_eq!(
                        check(cmd, base & !bit.mask()),
                        Err(format!(
                            "You need to supply the '{}' option for the '{}' command",
                            bit.name(),
                            cmd.name()
                        ))
                    );
                }
            }
        }
    }

    #[test]
    fn conflicts_name_bit_order_not_line_order() {
        let set = Bit::Service.mask() | Bit::Connection.mask();
        assert_eq!(
            check(Command::List, set),
            Err("The option 'service-address' conflicts with the 'connection' option in the 'list' command".into())
        );
        let set = Bit::Timeout.mask() | Bit::Daemon.mask();
        assert_eq!(
            check(Command::List, set),
            Err(
                "The option 'daemon' conflicts with the 'timeout' option in the 'list' command"
                    .into()
            )
        );
    }

    #[test]
    fn first_violation_in_bit_order_wins() {
        // numeric (bit 0) is reported before the missing service (bit 2).
        assert_eq!(
            check(Command::AddService, Bit::Numeric.mask()),
            Err("Illegal 'numeric' option with the 'add-service' command".into())
        );
    }

    #[test]
    fn list_conflicts() {
        let e = Err("options conflicts in the list command".to_string());
        assert_eq!(check_list(Bit::Connection.mask() | Bit::Stats.mask()), e);
        assert_eq!(check_list(Bit::Daemon.mask() | Bit::Rate.mask()), e);
        assert_eq!(
            check_list(Bit::Timeout.mask() | Bit::PersistentConn.mask()),
            e
        );
        assert_eq!(
            check_list(Bit::Connection.mask() | Bit::PersistentConn.mask()),
            Ok(())
        );
        assert_eq!(check_list(Bit::Stats.mask() | Bit::Rate.mask()), Ok(()));
    }

    #[test]
    fn tunnel_matrix() {
        assert_eq!(
            check_tunnel(1, 0),
            Err("You need to supply the 'tun-port' option for the 'gue' tunnel type".into())
        );
        assert_eq!(
            check_tunnel(2, Bit::TunRemcsum.mask()),
            Err("Illegal 'tun-remcsum' option with the 'gre' tunnel type".into())
        );
        assert_eq!(
            check_tunnel(1, Bit::TunPort.mask() | Bit::TunCsum.mask() | Bit::TunRemcsum.mask()),
            Err("The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type".into())
        );
        // Missing '+' comes before a conflict (tun-port is the first column).
        assert_eq!(
            check_tunnel(1, Bit::TunCsum.mask() | Bit::TunRemcsum.mask()),
            Err("You need to supply the 'tun-port' option for the 'gue' tunnel type".into())
        );
        assert_eq!(
            check_tunnel(0, Bit::TunPort.mask()),
            Err("Illegal 'tun-port' option with the 'ipip' tunnel type".into())
        );
        assert_eq!(check_tunnel(2, Bit::TunCsum.mask()), Ok(()));
        assert_eq!(check_tunnel(0, 0), Ok(()));
    }
}
