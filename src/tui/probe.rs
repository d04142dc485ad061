//! Asking the terminal, once before the event loop: its background colour (OSC 11) and how wide
//! it draws an ambiguous-width character (`·` followed by a cursor position report), then the
//! primary device attributes (DA1), which every terminal answers, in order, last — so once its
//! answer is in, nothing of ours is left in the input for the screens to read as keys. A
//! terminal that answers nothing within `FIRST_ANSWER` (100 ms) is taken to answer nothing; one
//! that has begun answering gets `ALL_ANSWERS` for the rest. Never asked when standard input or
//! output is not a terminal.

use super::theme::Background;
use std::time::{Duration, Instant};

/// How long a terminal may take to begin answering (longer over SSH: a round trip).
pub const FIRST_ANSWER: Duration = Duration::from_millis(100);
pub const FIRST_ANSWER_SSH: Duration = Duration::from_millis(300);
/// How long, once it has begun, until its last answer (DA1) must be in.
pub const ALL_ANSWERS: Duration = Duration::from_millis(500);

/// What to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Questions {
    pub background: bool,
    pub ambiguous_width: bool,
}

/// What the terminal answered (None: it did not say).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Answers {
    pub background: Option<Background>,
    /// Whether `·` took two columns.
    pub ambiguous_wide: Option<bool>,
    /// Its answer to DA1 came: nothing more will follow.
    pub complete: bool,
}

/// A colour as the terminal reports it, each channel from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    pub r: f64,
    pub g: f64,
    pub b: f64,
}

impl Rgb {
    /// Light when its relative luminance (ITU-R BT.709, linear channels) is above the middle.
    pub fn background(self) -> Background {
        let lin = |c: f64| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let y = 0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b);
        // 0.18 is mid-gray's luminance (sRGB #767676 ≈ L* 50).
        if y > 0.18 {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

/// The bytes that ask `q`: OSC 11, then `·` at the line's start with a cursor position report
/// and the line cleared again, then DA1.
pub fn questions(q: Questions) -> Vec<u8> {
    let mut out = Vec::new();
    if q.background {
        out.extend_from_slice(b"\x1b]11;?\x07");
    }
    if q.ambiguous_width {
        out.extend_from_slice("\r·\x1b[6n\r\x1b[2K".as_bytes());
    }
    out.extend_from_slice(b"\x1b[c");
    out
}

/// One channel of an X11 colour specification: 1 to 4 hex digits, scaled to 0..=1.
fn channel(hex: &str) -> Option<f64> {
    if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    Some(f64::from(v) / f64::from(max))
}

/// The colour of an OSC 11 answer's text: `rgb:RRRR/GGGG/BBBB` (1–4 hex digits a channel) or
/// `rgba:RRRR/GGGG/BBBB/AAAA`.
pub fn parse_colour(spec: &str) -> Option<Rgb> {
    let (kind, rest) = spec.trim().split_once(':')?;
    let parts: Vec<&str> = rest.split('/').collect();
    let n = match kind.to_ascii_lowercase().as_str() {
        "rgb" => 3,
        "rgba" => 4,
        _ => return None,
    };
    if parts.len() != n {
        return None;
    }
    if n == 4 {
        channel(parts[3])?;
    }
    Some(Rgb {
        r: channel(parts[0])?,
        g: channel(parts[1])?,
        b: channel(parts[2])?,
    })
}

/// The OSC 11 answer in `bytes`: `ESC ] 11 ; spec` ended by BEL, `ESC \` or C1 ST.
pub fn parse_osc11(bytes: &[u8]) -> Option<Rgb> {
    const START: &[u8] = b"\x1b]11;";
    let at = find(bytes, START)? + START.len();
    let rest = &bytes[at..];
    let end = rest
        .iter()
        .position(|&b| b == 0x07 || b == 0x1b || b == 0x9c)?;
    if rest[end] == 0x1b && rest.get(end + 1) != Some(&b'\\') {
        return None;
    }
    parse_colour(std::str::from_utf8(&rest[..end]).ok()?)
}

/// The column (from 1) of the first cursor position report `ESC [ row ; col R` in `bytes`.
fn parse_cursor_column(bytes: &[u8]) -> Option<u16> {
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"\x1b[") {
        let start = from + i + 2;
        let body = &bytes[start..];
        let end = body
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'));
        if let Some(end) = end
            && body[end] == b'R'
            && let Ok(text) = std::str::from_utf8(&body[..end])
            && let Some((row, col)) = text.split_once(';')
            && !row.is_empty()
            && let Ok(col) = col.parse::<u16>()
        {
            return Some(col);
        }
        from = start;
    }
    None
}

/// Whether the DA1 answer `ESC [ ? … c` is in `bytes`.
fn has_device_attributes(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"\x1b[?") {
        let start = from + i + 3;
        let body = &bytes[start..];
        match body
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'))
        {
            Some(end) if body[end] == b'c' => return true,
            Some(_) => from = start,
            None => return false,
        }
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Everything `bytes` (what the terminal sent) answers; the rest is ignored.
pub fn parse_answers(bytes: &[u8]) -> Answers {
    Answers {
        background: parse_osc11(bytes).map(Rgb::background),
        // `·` written at column 1: the cursor stands at 2 when it took one column, 3 for two.
        ambiguous_wide: match parse_cursor_column(bytes) {
            Some(2) => Some(false),
            Some(3) => Some(true),
            _ => None,
        },
        complete: has_device_attributes(bytes),
    }
}

/// The terminal, as far as the questions need it.
pub trait Tty {
    fn send(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    /// What has arrived, waiting at most `timeout`; an empty Vec when nothing came in time.
    fn receive(&mut self, timeout: Duration) -> std::io::Result<Vec<u8>>;
    /// Drop whatever input has arrived and not been read.
    fn discard_input(&mut self) {}
}

/// Ask `q`; read until the DA1 answer, or `first` passed without a byte, or `all` once the
/// terminal began. An error of the terminal is an answer of nothing.
pub fn ask(tty: &mut impl Tty, q: Questions, first: Duration, all: Duration) -> Answers {
    if tty.send(&questions(q)).is_err() {
        return Answers::default();
    }
    let started = Instant::now();
    let mut got: Vec<u8> = Vec::new();
    loop {
        let limit = if got.is_empty() { first } else { all };
        let Some(left) = limit
            .checked_sub(started.elapsed())
            .filter(|d| !d.is_zero())
        else {
            break;
        };
        match tty.receive(left) {
            Ok(bytes) if !bytes.is_empty() => {
                got.extend_from_slice(&bytes);
                if has_device_attributes(&got) {
                    break;
                }
            }
            _ => break,
        }
    }
    let answers = parse_answers(&got);
    if !got.is_empty() && !answers.complete {
        // It began and did not finish: what comes late must not be read as keys.
        tty.discard_input();
    }
    answers
}

/// Standard input and output, in raw mode.
pub struct Stdio;

impl Tty for Stdio {
    fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()
    }

    fn receive(&mut self, timeout: Duration) -> std::io::Result<Vec<u8>> {
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        use std::os::fd::AsFd;
        let stdin = std::io::stdin();
        let ms = u16::try_from(timeout.as_millis().max(1)).unwrap_or(u16::MAX);
        let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
        if poll(&mut fds, PollTimeout::from(ms))? == 0 {
            return Ok(Vec::new());
        }
        if !fds[0]
            .revents()
            .is_some_and(|r| r.contains(PollFlags::POLLIN))
        {
            return Ok(Vec::new());
        }
        let mut buf = [0u8; 256];
        let n = nix::unistd::read(stdin.as_fd(), &mut buf)?;
        Ok(buf[..n].to_vec())
    }

    fn discard_input(&mut self) {
        let _ = nix::sys::termios::tcflush(std::io::stdin(), nix::sys::termios::FlushArg::TCIFLUSH);
    }
}

/// Ask this process's terminal, unless standard input or output is not one.
pub fn ask_terminal(q: Questions) -> Answers {
    use std::io::IsTerminal;
    if q == Questions::default()
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
    {
        return Answers::default();
    }
    let over_ssh =
        std::env::var_os("SSH_TTY").is_some() || std::env::var_os("SSH_CONNECTION").is_some();
    let first = if over_ssh {
        FIRST_ANSWER_SSH
    } else {
        FIRST_ANSWER
    };
    ask(&mut Stdio, q, first, ALL_ANSWERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_answers_of_real_terminals() {
        // xterm on its default white, 16 bits a channel, BEL as the query was.
        let white = parse_osc11(b"\x1b]11;rgb:ffff/ffff/ffff\x07").unwrap();
        assert_eq!((white.r, white.g, white.b), (1.0, 1.0, 1.0));
        assert_eq!(white.background(), Background::Light);
        // 8 bits a channel, ST as the terminator (VTE, kitty answer with ST).
        let black = parse_osc11(b"\x1b]11;rgb:00/00/00\x1b\\").unwrap();
        assert_eq!(black.background(), Background::Dark);
        // tmux's "white" (colour 7).
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:c0c0/c0c0/c0c0\x07")
                .unwrap()
                .background(),
            Background::Light
        );
        // Solarized dark, Solarized light, GNOME's dark gray.
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:0000/2b2b/3636\x1b\\")
                .unwrap()
                .background(),
            Background::Dark
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x07")
                .unwrap()
                .background(),
            Background::Light
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:3030/3030/3030\x07")
                .unwrap()
                .background(),
            Background::Dark
        );
        // rxvt-unicode with transparency: rgba, alpha ignored.
        assert_eq!(
            parse_osc11(b"\x1b]11;rgba:ffff/ffff/ffff/dddd\x07")
                .unwrap()
                .background(),
            Background::Light
        );
        // 4 and 12 bits a channel, the C1 terminator.
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:f/f/f\x9c").unwrap().background(),
            Background::Light
        );
        assert_eq!(
            parse_osc11(b"\x1b]11;rgb:100/100/100\x07")
                .unwrap()
                .background(),
            Background::Dark
        );
    }

    #[test]
    fn eight_and_sixteen_bits_scale_alike() {
        let a = parse_colour("rgb:80/80/80").unwrap();
        let b = parse_colour("rgb:8080/8080/8080").unwrap();
        assert!((a.r - b.r).abs() < 1e-9);
        assert!((a.r - 128.0 / 255.0).abs() < 1e-9);
    }

    #[test]
    fn garbage_is_no_answer() {
        for bad in [
            &b""[..],
            b"\x1b]11;\x07",
            b"\x1b]11;rgb:ffff/ffff\x07",
            b"\x1b]11;rgb:ffff/ffff/ffff/ffff\x07",
            b"\x1b]11;rgb:fffff/ffff/ffff\x07",
            b"\x1b]11;rgb:gg/00/00\x07",
            b"\x1b]11;#ffffff\x07",
            b"\x1b]11;rgb:ffff/ffff/ffff", // no terminator: cut short
            b"\x1b]11;rgb:ffff/ffff/ffff\x1bX", // ESC not followed by '\'
            b"\x1b]10;rgb:ffff/ffff/ffff\x07", // the foreground, not the background
            b"\x1b]11;rgb:\xff\xfe/00/00\x07",
            b"rgb:ffff/ffff/ffff",
        ] {
            assert_eq!(parse_osc11(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_answer_in_one_read() {
        let a = parse_answers(b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[12;3R\x1b[?62;22c");
        assert_eq!(a.background, Some(Background::Light));
        assert_eq!(a.ambiguous_wide, Some(true));
        assert!(a.complete);
        // tmux without a background to tell: the width and DA1 only.
        let a = parse_answers(b"\x1b[1;2R\x1b[?1;2c");
        assert_eq!(a.background, None);
        assert_eq!(a.ambiguous_wide, Some(false));
        assert!(a.complete);
        // A cursor report for another column, a key that looks like one (F3 is ESC [ 1 ; 2 R
        // only with a modifier, and then it comes with the row 1): the column decides.
        assert_eq!(parse_answers(b"\x1b[5;9R").ambiguous_wide, None);
        assert!(!parse_answers(b"\x1b[?1;2").complete);
        assert!(!parse_answers(b"\x1b[1;2c").complete);
    }

    /// A terminal that answers from a script: each `receive` the next chunk, an empty chunk
    /// standing for a wait that ran out.
    struct Scripted {
        sent: Vec<u8>,
        chunks: Vec<Vec<u8>>,
        discarded: bool,
    }

    impl Scripted {
        fn new(chunks: &[&[u8]]) -> Scripted {
            Scripted {
                sent: Vec::new(),
                chunks: chunks.iter().rev().map(|c| c.to_vec()).collect(),
                discarded: false,
            }
        }
    }

    impl Tty for Scripted {
        fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
            self.sent.extend_from_slice(bytes);
            Ok(())
        }
        fn receive(&mut self, _timeout: Duration) -> std::io::Result<Vec<u8>> {
            Ok(self.chunks.pop().unwrap_or_default())
        }
        fn discard_input(&mut self) {
            self.discarded = true;
        }
    }

    const BOTH: Questions = Questions {
        background: true,
        ambiguous_width: true,
    };
    const LONG: Duration = Duration::from_secs(3600);

    #[test]
    fn answers_in_pieces_are_read_to_the_last() {
        let mut t = Scripted::new(&[
            b"\x1b]11;rgb:ff",
            b"ff/ffff/ffff\x07\x1b[1;",
            b"2R\x1b[?6",
            b"2c",
        ]);
        let a = ask(&mut t, BOTH, LONG, LONG);
        assert_eq!(a.background, Some(Background::Light));
        assert_eq!(a.ambiguous_wide, Some(false));
        assert!(a.complete && !t.discarded);
        assert!(t.chunks.is_empty(), "read to the end of DA1");
        assert!(t.sent.starts_with(b"\x1b]11;?\x07"));
        assert!(t.sent.ends_with(b"\x1b[c"));
    }

    #[test]
    fn nothing_read_after_the_last_answer() {
        let mut t = Scripted::new(&[b"\x1b[?1;2c", b"j"]);
        let a = ask(&mut t, BOTH, LONG, LONG);
        assert!(a.complete);
        assert_eq!(
            t.chunks.len(),
            1,
            "the key typed after it stays for the screens"
        );
    }

    #[test]
    fn a_silent_terminal_is_the_fallback() {
        let mut t = Scripted::new(&[]);
        let a = ask(&mut t, BOTH, LONG, LONG);
        assert_eq!(a, Answers::default());
        assert!(!t.discarded, "nothing began, nothing to throw away");
        // No time at all: not even one wait.
        let mut t = Scripted::new(&[b"\x1b[?1;2c"]);
        assert_eq!(ask(&mut t, BOTH, Duration::ZERO, LONG), Answers::default());
    }

    #[test]
    fn a_terminal_that_stops_half_way_has_its_late_answers_discarded() {
        let mut t = Scripted::new(&[b"\x1b]11;rgb:0000/0000/0000\x07", b""]);
        let a = ask(&mut t, BOTH, LONG, LONG);
        assert_eq!(a.background, Some(Background::Dark));
        assert!(!a.complete);
        assert!(t.discarded);
    }

    #[test]
    fn garbage_from_the_terminal_is_the_fallback() {
        let mut t = Scripted::new(&[b"\x1b]11;rgb:zz/zz/zz\x07\x1b[x;yR", b"\x1b[?1;2c"]);
        let a = ask(&mut t, BOTH, LONG, LONG);
        assert_eq!((a.background, a.ambiguous_wide), (None, None));
        assert!(a.complete);
    }

    #[test]
    fn only_what_is_needed_is_asked() {
        assert_eq!(
            questions(Questions {
                background: false,
                ambiguous_width: true
            }),
            "\r·\x1b[6n\r\x1b[2K\x1b[c".as_bytes()
        );
        assert_eq!(
            questions(Questions {
                background: true,
                ambiguous_width: false
            }),
            b"\x1b]11;?\x07\x1b[c"
        );
    }
}
