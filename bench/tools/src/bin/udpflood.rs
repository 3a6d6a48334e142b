//! `udpflood VIP:PORT COUNT`: one UDP datagram from each of COUNT source
//! (address, port) pairs to a UDP virtual service, so that IPVS makes COUNT
//! connection entries. Sources are 127.0.0.1, 127.0.0.2, ... (all of
//! 127/8 is local on `lo`), ports 10000-59999 on each. Prints how many
//! datagrams were sent.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

const FIRST_PORT: u16 = 10000;
const PORTS_PER_ADDR: u32 = 50000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: udpflood VIP:PORT COUNT");
        std::process::exit(2);
    }
    let vip: SocketAddr = args[1].parse().expect("VIP:PORT");
    let count: u32 = args[2].parse().expect("COUNT");
    let (mut sent, mut failed) = (0u32, 0u32);
    for i in 0..count {
        let src = Ipv4Addr::new(127, 0, 0, 1 + (i / PORTS_PER_ADDR) as u8);
        let port = FIRST_PORT + (i % PORTS_PER_ADDR) as u16;
        match UdpSocket::bind((src, port)).and_then(|s| s.send_to(b"x", vip)) {
            Ok(_) => sent += 1,
            Err(_) => failed += 1,
        }
    }
    println!("{sent}");
    if failed > 0 {
        eprintln!("udpflood: {failed} datagrams not sent");
        std::process::exit(1);
    }
}
