//! Input limits for `-R`, against the in-memory kernel: a multi-megabyte
//! line, NUL bytes, invalid UTF-8, and many lines streamed with bounded
//! memory. Nothing may panic; every bad line is an error with the
//! reference's exit status, and the lines around it still count.

use ipvsadm::test_kernel::TestKernel;
use ipvsadm::testing::run_captured;
use std::io::{BufRead, BufReader, Read};

struct Outcome {
    code: i32,
    out: String,
    err: String,
}

fn restore(k: &mut TestKernel, input: &mut (dyn BufRead + Send)) -> Outcome {
    let args = ["ipvsadm".to_string(), "-R".to_string()];
    let c = run_captured(k, &args, input);
    Outcome {
        code: c.code,
        out: c.out_text(),
        err: c.err_text(),
    }
}

fn restore_bytes(k: &mut TestKernel, input: &[u8]) -> Outcome {
    restore(k, &mut BufReader::new(input))
}

/// Deliberate difference: the reference reads rule lines with `fgets`
/// into 4096 bytes and runs the pieces of a longer line as commands of
/// their own; ours refuses the line with its number and stops, like a
/// parse error, holding no more than the bound while it skips the line.
#[test]
fn lines_longer_than_the_reference_reads_are_refused_by_number() {
    let mut k = TestKernel::new();
    let mut input = b"-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s ".to_vec();
    input.extend(std::iter::repeat_n(b'x', 4 << 20));
    input.extend_from_slice(b"\n-A -t 10.0.0.3:80 -s rr\n");
    let o = restore_bytes(&mut k, &input);
    assert_eq!(
        (o.code, o.err.as_str()),
        (2, "line 2: too long: more than 4095 bytes\n")
    );
    assert_eq!(
        k.table().len(),
        1,
        "the lines before it applied, none after"
    );
    // 4 MiB of blanks is too long as well: the bound is on bytes read.
    let mut input = b"-A -t 10.0.0.1:80 -s rr\n".to_vec();
    input.extend(std::iter::repeat_n(b' ', 4 << 20));
    input.extend_from_slice(b"\n");
    let mut k = TestKernel::new();
    assert_eq!(restore_bytes(&mut k, &input).code, 2);
    // Exactly 4095 bytes is read whole, as the reference reads it.
    let mut line = b"-A -t 10.0.0.1:80 -s rr".to_vec();
    line.resize(4095, b' ');
    line.push(b'\n');
    let mut k = TestKernel::new();
    let o = restore_bytes(&mut k, &line);
    assert_eq!((o.code, o.err.as_str()), (0, ""));
    assert_eq!(k.table().len(), 1);
}

#[test]
fn huge_tokens_within_a_line_are_the_reference_errors() {
    // A long address: the reference's fail() class, which aborts.
    let mut input = b"-A -t ".to_vec();
    input.extend(std::iter::repeat_n(b'9', 4000));
    input.extend_from_slice(b".1:80\n-A -t 10.0.0.9:80 -s rr\n");
    let mut k = TestKernel::new();
    let o = restore_bytes(&mut k, &input);
    assert_eq!(o.code, 2);
    assert_eq!(o.err, "illegal virtual server address[:port] specified\n");
    assert!(k.table().is_empty(), "aborted before the next line");
}

#[test]
fn nul_bytes_and_invalid_utf8_are_errors_not_panics() {
    let cases: &[(&[u8], i32)] = &[
        (b"-A -t 10.0.0.1:80 -s r\0r\n", 255),
        (b"-A -t 10.0.0.1:80 -s \xff\xfe\n", 255),
        (b"-A -t 10.0.\xc3\x28.1:80 -s rr\n", 2),
        (b"-A\0-t 10.0.0.1:80\n", 255),
        (b"\0\0\0\n", 255),
        (b"-A -t 10.0.0.1:80 -s rr -p \xff\n", 2),
        (b"-A -t [\xff::1]:80\n", 2),
    ];
    for (input, want) in cases {
        let mut k = TestKernel::new();
        let o = restore_bytes(&mut k, input);
        assert_eq!(
            o.code,
            *want,
            "{:?}: {}",
            String::from_utf8_lossy(input),
            o.err
        );
        assert!(
            !o.err.is_empty(),
            "{:?}: no message",
            String::from_utf8_lossy(input)
        );
        assert!(k.table().is_empty());
        assert!(o.out.is_empty());
    }
}

/// An endless-looking rule stream made on the fly, so the test itself
/// holds no big buffer: `lines` lines alternating add and delete of one
/// service.
struct Rules {
    left: usize,
    pending: Vec<u8>,
}

impl Read for Rules {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.len() < buf.len() && self.left > 0 {
            self.left -= 1;
            self.pending.extend_from_slice(if self.left % 2 == 1 {
                b"-A -t 10.0.0.1:80 -s rr\n"
            } else {
                b"-D -t 10.0.0.1:80\n"
            });
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

fn max_rss_kib() -> i64 {
    // SAFETY: getrusage only writes the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru.ru_maxrss
}

#[test]
fn many_lines_stream_in_bounded_memory() {
    // 100,000 lines (a million take a minute in a debug build; the
    // million-line run is `ipvsadm-restore --check`, timed in the report).
    let lines = 100_000;
    let mut k = TestKernel::new();
    let before = max_rss_kib();
    let mut input = BufReader::with_capacity(
        64 * 1024,
        Rules {
            left: lines,
            pending: Vec::new(),
        },
    );
    let o = restore(&mut k, &mut input);
    let grown = max_rss_kib() - before;
    assert_eq!(o.code, 0, "{}", o.err);
    assert!(k.table().is_empty());
    assert_eq!(k.log.len(), lines);
    // The fake logs every request (~200 bytes each here, about 20 MiB);
    // the restore itself must not hold the input: allow the log plus a
    // margin, far below what holding every line as tokens would take.
    assert!(
        grown < 150 * 1024,
        "peak RSS grew by {grown} KiB for {lines} lines"
    );
}
