//! The connections summary on /proc/net/ip_vs_conn text as the kernel
//! writes it (format: src/proc_conn.rs).

use super::*;

const HEADER: &str =
    "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n";

fn line(client: u32, cport: u16, dest: u8, state: &str) -> String {
    format!(
        "TCP {client:08X} {cport:04X} 0A000001 0050 C0A800{dest:02X} 0050 {state:<11} {:>7}\n",
        60
    )
}

#[test]
fn counts_by_state_server_and_client() {
    let mut text = HEADER.to_string();
    for i in 0..5 {
        text += &line(0x0A0A0A01, 1000 + i, 1, "ESTABLISHED");
    }
    for i in 0..3 {
        text += &line(0x0A0A0A02, 2000 + i, 2, "TIME_WAIT");
    }
    text += &line(0x0A0A0A03, 3000, 2, "ESTABLISHED");
    text += "UDP garbage\n";
    text += "IP  0A0A0A04 0000 00000000 0000 C0A80001 0000 NONE           300\n";
    let s = summarize(text.as_bytes(), 2).unwrap();
    assert_eq!(s.total, 10);
    assert_eq!(s.unreadable, 1);
    assert_eq!(s.states[0], ("TCP".into(), "ESTABLISHED".into(), 6));
    assert_eq!(s.states[1], ("TCP".into(), "TIME_WAIT".into(), 3));
    assert_eq!(s.states[2], ("IP".into(), "NONE".into(), 1));
    // The template's server has port 0: a server entry of its own.
    assert_eq!(s.dest_count, 3);
    assert_eq!(s.dests[0], ("192.168.0.1:80".parse().unwrap(), 5));
    assert_eq!(s.dests[1], ("192.168.0.2:80".parse().unwrap(), 4));
    assert_eq!(s.clients.len(), 2, "top 2 only");
    assert_eq!(s.clients[0], ("10.10.10.1".parse().unwrap(), 5));
    assert_eq!(s.clients[1], ("10.10.10.2".parse().unwrap(), 3));
    assert_eq!(s.client_count, 4);
}

#[test]
fn memory_is_bounded_at_many_clients() {
    let n = MAX_CLIENTS as u32 + 1000;
    let mut text = HEADER.to_string();
    for c in 0..n {
        text += &line(0x0B000000 + c, 1, 1, "SYN_RECV");
    }
    let s = summarize(text.as_bytes(), 10).unwrap();
    assert_eq!(s.total, u64::from(n));
    assert_eq!(s.client_count, MAX_CLIENTS);
    assert_eq!(s.other_clients, 1000);
    assert_eq!(s.clients.len(), 10);
}

#[test]
fn an_empty_table_is_an_empty_summary_and_no_header_is_fine() {
    let s = summarize(HEADER.as_bytes(), 10).unwrap();
    assert_eq!(s, ConnSummary::default());
    let s = summarize(line(1, 1, 1, "CLOSE").as_bytes(), 10).unwrap();
    assert_eq!(s.total, 1);
}
