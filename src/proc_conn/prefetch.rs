//! Reading /proc/net/ip_vs_conn on a second thread, so that formatting one
//! page overlaps the kernel's production of the next (issue 15). The
//! kernel's seq_file gives about one page per `read()` whatever the buffer
//! size, and each read walks the connection hash from its start
//! (`ip_vs_conn_seq_start`, net/netfilter/ipvs/ip_vs_conn.c): that walk is
//! most of `-c`'s time, and on a second core our parsing and formatting
//! hide behind it. The pages travel through a bounded channel and their
//! buffers come back for reuse, so memory stays flat however large the
//! table.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::thread;

use super::READ_BUFFER;

/// Pages read ahead of the consumer, at most.
const AHEAD: usize = 4;

/// A filled buffer and how many of its bytes the read gave; 0 is the end.
type Page = io::Result<(Vec<u8>, usize)>;

/// A `BufRead` over `input` read by a thread of its own, one `read()` of
/// `READ_BUFFER` bytes per page. The thread ends at the end of the input,
/// at its first error (which the consumer then sees), or when this reader
/// is dropped.
#[derive(Debug)]
pub struct Prefetch {
    pages: Receiver<Page>,
    spare: Sender<Vec<u8>>,
    cur: Vec<u8>,
    pos: usize,
    len: usize,
    done: bool,
}

impl Prefetch {
    pub fn spawn<R: Read + Send + 'static>(input: R) -> io::Result<Prefetch> {
        let (page_tx, pages) = sync_channel(AHEAD);
        let (spare, spare_rx) = channel();
        thread::Builder::new()
            .name("ip_vs_conn reader".into())
            .spawn(move || read_pages(input, &page_tx, &spare_rx))?;
        Ok(Prefetch {
            pages,
            spare,
            cur: Vec::new(),
            pos: 0,
            len: 0,
            done: false,
        })
    }
}

/// The thread's loop: a spare buffer (or a new one), one read, send.
fn read_pages<R: Read>(
    mut input: R,
    pages: &std::sync::mpsc::SyncSender<Page>,
    spare: &Receiver<Vec<u8>>,
) {
    loop {
        let mut buf = spare.try_recv().unwrap_or_else(|_| vec![0; READ_BUFFER]);
        let page = loop {
            match input.read(&mut buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
                Ok(n) => break Ok((buf, n)),
            }
        };
        let last = !matches!(page, Ok((_, n)) if n > 0);
        if pages.send(page).is_err() || last {
            return;
        }
    }
}

impl Read for Prefetch {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Prefetch {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.len && !self.done {
            let page = self.pages.recv().unwrap_or(Ok((Vec::new(), 0)));
            let old = std::mem::take(&mut self.cur);
            if !old.is_empty() {
                // The thread may have ended; then the buffer is just freed.
                let _ = self.spare.send(old);
            }
            self.pos = 0;
            self.len = 0;
            match page {
                Ok((buf, n)) => {
                    self.done = n == 0;
                    self.cur = buf;
                    self.len = n;
                }
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
        }
        Ok(&self.cur[self.pos..self.len])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Gives `rows` copies of a row, at most `chunk` bytes per read, and
    /// records the size of every read it is asked for.
    struct Rows {
        left: usize,
        chunk: usize,
        asked: Arc<Mutex<Vec<usize>>>,
    }

    const ROW: &[u8] = b"TCP 0A000002 C350 0A000001 0050 0A000064 0050 ESTABLISHED     900\n";

    impl Read for Rows {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.asked.lock().unwrap().push(buf.len());
            let mut n = 0;
            while self.left > 0 && n + ROW.len() <= buf.len().min(self.chunk) {
                buf[n..n + ROW.len()].copy_from_slice(ROW);
                n += ROW.len();
                self.left -= 1;
            }
            Ok(n)
        }
    }

    #[test]
    fn pages_arrive_whole_in_order_and_reads_ask_for_64_kib() {
        // The kernel's seq_file restarts its hash walk on every read(), so
        // every read must offer the whole buffer (the reference's 1 KiB
        // stdio reads cost it more than linear time).
        let asked = Arc::new(Mutex::new(Vec::new()));
        let rows = Rows {
            left: 10_000,
            chunk: 4096,
            asked: asked.clone(),
        };
        let mut r = Prefetch::spawn(rows).unwrap();
        let mut all = Vec::new();
        r.read_to_end(&mut all).unwrap();
        assert_eq!(all, ROW.repeat(10_000));
        let asked = asked.lock().unwrap();
        assert!(asked.len() > 10_000 * ROW.len() / 4096, "{}", asked.len());
        assert!(asked.iter().all(|&n| n == READ_BUFFER), "{asked:?}");
    }

    #[test]
    fn an_error_reaches_the_consumer() {
        struct Fails;
        impl Read for Fails {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("boom"))
            }
        }
        let mut r = Prefetch::spawn(Fails).unwrap();
        assert_eq!(r.fill_buf().unwrap_err().to_string(), "boom");
        assert!(r.fill_buf().unwrap().is_empty());
    }
}
