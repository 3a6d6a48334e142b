//! A newer kernel: replies the reference captured on 6.1
//! (tests/wire/reference.txt, family id 0x20) with attributes we do not
//! know added at every level. They must decode, be kept as `Other`, and
//! leave the model exactly as it was.

use ipvsadm::error::KernelOp;
use ipvsadm::model::Family;
use ipvsadm::netlink::client::{daemons_of, dests_of, info_of, services_of, timeouts_of};
use ipvsadm::netlink::message::{decode, FamilyId, Frame, IpvsMessage};

const REFERENCE: &str = include_str!("wire/reference.txt");

fn family() -> FamilyId {
    FamilyId::new(0x20).unwrap()
}

/// Every received IPVS datagram of `cmdline` whose first message is a data
/// message (not an ACK or DONE).
fn replies(cmdline: &str) -> Vec<Vec<u8>> {
    REFERENCE
        .lines()
        .filter_map(|l| {
            let mut p = l.split(" | ");
            let (c, d, hex) = (p.next()?, p.next()?, p.next()?);
            (c.trim() == cmdline && d == "recv").then(|| {
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect::<Vec<u8>>()
            })
        })
        .filter(|b| b.len() > 20 && u16::from_ne_bytes([b[4], b[5]]) == 0x20)
        .collect()
}

fn nla(kind: u16, value: &[u8]) -> Vec<u8> {
    let mut v = ((4 + value.len()) as u16).to_ne_bytes().to_vec();
    v.extend_from_slice(&kind.to_ne_bytes());
    v.extend_from_slice(value);
    v.resize((v.len() + 3) & !3, 0);
    v
}

/// The one message of `datagram` with `extra` inserted at byte `at` of the
/// message, and the lengths of the message and of the attributes that
/// enclose `at` (`parents`: their offsets) grown to match.
fn insert(datagram: &[u8], at: usize, parents: &[usize], extra: &[u8]) -> Vec<u8> {
    let mut m = datagram[..u32::from_ne_bytes(datagram[..4].try_into().unwrap()) as usize].to_vec();
    m.splice(at..at, extra.iter().copied());
    let len = u32::from_ne_bytes(m[..4].try_into().unwrap()) + extra.len() as u32;
    m[..4].copy_from_slice(&len.to_ne_bytes());
    for &p in parents {
        let l = u16::from_ne_bytes([m[p], m[p + 1]]) + extra.len() as u16;
        m[p..p + 2].copy_from_slice(&l.to_ne_bytes());
    }
    m
}

fn data(bytes: &[u8]) -> Vec<IpvsMessage> {
    decode(bytes, Some(family()))
        .unwrap_or_else(|e| panic!("decode: {e}"))
        .into_iter()
        .filter_map(|(f, _)| match f {
            Frame::Data { msg, .. } => Some(msg),
            _ => None,
        })
        .collect()
}

fn models(msgs: &[IpvsMessage]) -> String {
    let m = || msgs.to_vec();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        info_of(m()),
        timeouts_of(m()),
        services_of(m(), KernelOp::GetServices).unwrap(),
        dests_of(m(), Family::Inet).unwrap(),
        daemons_of(m()).unwrap()
    )
}

fn count_other(msgs: &[IpvsMessage]) -> usize {
    // Debug output names every `Other` variant, whatever the level.
    msgs.iter()
        .map(|m| format!("{m:?}").matches("Other(").count())
        .sum()
}

/// Offsets in one message: 16 netlink + 4 genl header, then the first
/// top-level attribute (a nest for services, dests and daemons).
const FIRST_ATTR: usize = 20;

#[test]
fn unknown_attributes_are_kept_and_change_nothing() {
    let cases = [
        ("-L -n", true),
        ("-L --daemon", true),
        ("-L --timeout", false),
        ("-A -t 10.0.0.1:80 -s rr", false), // GET_INFO reply
    ];
    let mut checked = 0;
    for (cmd, nested) in cases {
        for dg in replies(cmd) {
            // The first message only: `insert` keeps only that one.
            let dg = dg[..u32::from_ne_bytes(dg[..4].try_into().unwrap()) as usize].to_vec();
            let before = data(&dg);
            if before.is_empty() {
                continue;
            }
            let want = models(&before);
            let base = count_other(&before);
            let unknown = nla(0x3ff0, b"new kernel\0");
            // A new first-level attribute at the end of the message.
            let mlen = u32::from_ne_bytes(dg[..4].try_into().unwrap()) as usize;
            let top = insert(&dg, mlen, &[], &unknown);
            let after = data(&top);
            assert_eq!(count_other(&after), base + 1, "{cmd}: top level");
            assert_eq!(models(&after), want, "{cmd}: top level");
            // GET_INFO replies (IPVS_CMD_SET_INFO, 14) have no nest.
            if nested && dg[16] != 14 {
                // A new attribute first inside the first nest...
                let inner = insert(&dg, FIRST_ATTR + 4, &[FIRST_ATTR], &unknown);
                let after = data(&inner);
                assert_eq!(count_other(&after), base + 1, "{cmd}: in the nest");
                assert_eq!(models(&after), want, "{cmd}: in the nest");
                // ...and a new nest of its own, with the NLA_F_NESTED flag.
                let nest = nla(0x8000 | 0x3ff1, &nla(1, &7u32.to_ne_bytes()));
                let inner = insert(&dg, FIRST_ATTR + 4, &[FIRST_ATTR], &nest);
                assert_eq!(models(&data(&inner)), want, "{cmd}: new nest");
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} captured replies found");
}

#[test]
fn unknown_counter_inside_the_stats_nest_is_skipped() {
    // -L -n's GET_DEST reply carries a STATS64 nest: grow it with an
    // unknown counter (a future IPVS_STATS_ATTR_*).
    let dg = replies("-L -n")
        .into_iter()
        .find(|d| d.len() > 21 && d[16] == 5 /* IPVS_CMD_NEW_DEST */)
        .expect("a captured dest reply");
    let dg = dg[..u32::from_ne_bytes(dg[..4].try_into().unwrap()) as usize].to_vec();
    let before = data(&dg);
    // Find the STATS64 nest (dest attr 12) inside the dest nest by walking.
    let dest_nest = FIRST_ATTR;
    let mut off = dest_nest + 4;
    let end = dest_nest + u16::from_ne_bytes([dg[dest_nest], dg[dest_nest + 1]]) as usize;
    let mut stats64 = None;
    while off < end {
        let len = u16::from_ne_bytes([dg[off], dg[off + 1]]) as usize;
        if u16::from_ne_bytes([dg[off + 2], dg[off + 3]]) & 0x3fff == 12 {
            stats64 = Some(off);
        }
        off += (len + 3) & !3;
    }
    let s = stats64.expect("STATS64 in the captured dest");
    let grown = insert(&dg, s + 4, &[dest_nest, s], &nla(200, &9u64.to_ne_bytes()));
    assert_eq!(models(&data(&grown)), models(&before));
}
