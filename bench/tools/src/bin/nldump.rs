//! `nldump`: the floor `-L -n` and `-S -n` are measured against. Opens our
//! netlink socket (`IpvsSocket::open`, with the same GET_INFO as the
//! listing) and reads the table with the same `Ipvs::read_table` the
//! listing and `-S` use, so it does the same dumps (one service dump, one
//! destination dump per service) without formatting or printing the
//! table. Prints `SERVICES DESTINATIONS` on stdout; exits 1 if the table
//! cannot be read.

use ipvsadm::ipvs::Ipvs;
use ipvsadm::netlink::client::IpvsSocket;

fn main() {
    let table = IpvsSocket::open().and_then(|(mut s, _info)| s.read_table());
    match table {
        Ok(entries) => {
            let dests: usize = entries.iter().map(|e| e.dests.len()).sum();
            println!("{} {dests}", entries.len());
        }
        Err(e) => {
            eprintln!("nldump: {e:?}");
            std::process::exit(1);
        }
    }
}
