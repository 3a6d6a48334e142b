//! `nldump`: the floor `-L -n`, `-S -n` and a converge's dump are measured
//! against. Opens the library's netlink socket and reads the whole table
//! with the same `read_table` the listing uses (one service dump, one
//! destination dump per service), prints only the counts: no sorting, no
//! formatting. (Temporary minimal version, bench-shapes branch; the
//! list-speed branch owns this file.)

use ipvsadm::ipvs::Ipvs;
use ipvsadm::netlink::client::IpvsSocket;

fn main() {
    let (mut ipvs, _info) = IpvsSocket::open().unwrap_or_else(|e| {
        eprintln!("nldump: {e}");
        std::process::exit(2)
    });
    let table = ipvs.read_table().unwrap_or_else(|e| {
        eprintln!("nldump: {e}");
        std::process::exit(1)
    });
    let dests: usize = table.iter().map(|e| e.dests.len()).sum();
    println!("{} services, {dests} destinations", table.len());
}
