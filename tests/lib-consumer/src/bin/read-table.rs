//! `read-table`: reads the whole table once through the library's public
//! `Backend::read_table` on a fresh `Ipvs` handle and prints `SERVICES
//! DESTINATIONS`; exits 1 with the error if it cannot. What a program
//! built on the library pays for a listing, without formatting: timed
//! against the reference's `ipvsadm -Ln` by bench/library-list.

use ipvs::{Backend, Ipvs};
use std::process::ExitCode;

fn main() -> ExitCode {
    match Ipvs::open().and_then(|mut ipvs| ipvs.read_table()) {
        Ok(table) => {
            let dests: usize = table.iter().map(|e| e.dests.len()).sum();
            println!("{} {dests}", table.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("read-table: {e}");
            ExitCode::FAILURE
        }
    }
}
