//! Shared by the screen tests: the fixture register in a temporary database, an app over it
//! drawn on ratatui's TestBackend, keys, and the buffer as text (and its emphasis, for NO_COLOR).
#![allow(dead_code)]

use certdesk::i18n::Lang;
use certdesk::tui::App;
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

pub struct Harness {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new(lang: Lang, theme: Theme, w: u16, h: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = certdesk::tui::fixture::build(&dir.path().join("fixture.db"));
        let mut app = App::new(store, lang, theme).unwrap();
        app.export_dir = dir.path().to_path_buf();
        // Recorded times in a fixed zone, whatever the machine's.
        app.zone = test_zone();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut h = Harness { app, term, dir };
        h.draw();
        h
    }

    /// The fixture with its officer (张三, the login every fixture act is recorded under) given
    /// the jurisdiction `code`, as `certdesk officer set 张三 --jurisdiction CODE` records it.
    pub fn in_jurisdiction(lang: Lang, theme: Theme, w: u16, h: u16, code: &str) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let mut store = certdesk::tui::fixture::build(&dir.path().join("fixture.db"));
        let region = certdesk::domain::region::Region::parse(code).unwrap();
        store
            .set_officer(
                certdesk::tui::fixture::ACTOR,
                &certdesk::store::officers::OfficerChange {
                    authority: Some("北京市市场监督管理局".into()),
                    jurisdiction: Some(Some(region)),
                    ..Default::default()
                },
            )
            .unwrap();
        let mut app = App::new(store, lang, theme).unwrap();
        app.export_dir = dir.path().to_path_buf();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut h = Harness { app, term, dir };
        h.draw();
        h
    }

    /// The fixture with applications (办件) in every state (`fixture::add_applications`).
    pub fn with_applications(lang: Lang, theme: Theme, w: u16, h: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let mut store = certdesk::tui::fixture::build(&dir.path().join("fixture.db"));
        certdesk::tui::fixture::add_applications(&mut store);
        let mut app = App::new(store, lang, theme).unwrap();
        app.export_dir = dir.path().to_path_buf();
        app.zone = test_zone();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut h = Harness { app, term, dir };
        h.draw();
        h
    }

    /// The fixture with an inspection task (`fixture::add_inspection_task`), drawn and its
    /// officers assigned when `drawn`.
    pub fn with_inspection(lang: Lang, theme: Theme, w: u16, h: u16, drawn: bool) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let mut store = certdesk::tui::fixture::build(&dir.path().join("fixture.db"));
        if drawn {
            certdesk::tui::fixture::add_drawn_inspection(&mut store);
        } else {
            certdesk::tui::fixture::add_inspection_task(&mut store);
        }
        let mut app = App::new(store, lang, theme).unwrap();
        app.export_dir = dir.path().to_path_buf();
        app.zone = test_zone();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut h = Harness { app, term, dir };
        h.draw();
        h
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("fixture.db")
    }

    /// Prepare and draw, as the event loop does.
    pub fn draw(&mut self) {
        // TestBackend does not emulate a wide character covering the next cell, so cells left
        // from an earlier frame would show through: draw every frame in full.
        self.term.clear().unwrap();
        let size = self.term.size().unwrap();
        let area = Rect::new(0, 0, size.width, size.height);
        // Queries the app sends to the background are answered before the screen is read.
        self.app.prepare(area);
        for _ in 0..3 {
            if !self.app.reader_busy() {
                break;
            }
            self.app.wait_for_reader();
            self.app.prepare(area);
        }
        let app = &self.app;
        self.term
            .draw(|f| certdesk::tui::view::draw(f, app))
            .unwrap();
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.draw();
    }

    pub fn press(&mut self, code: KeyCode) {
        self.press_mod(code, KeyModifiers::NONE);
    }

    pub fn press_mod(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_key(KeyEvent::new(code, mods));
        self.draw();
    }

    pub fn ctrl(&mut self, c: char) {
        self.press_mod(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Type each character (as a terminal would send it) and draw once at the end, like the loop
    /// does for keys that arrive together.
    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            let mods = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.app.handle_key(KeyEvent::new(KeyCode::Char(c), mods));
        }
        self.draw();
    }

    /// Wait for background work (reports, hash chain), then draw.
    pub fn settle(&mut self) {
        self.app.wait_for_jobs();
        self.draw();
    }

    pub fn buffer(&self) -> &Buffer {
        self.term.backend().buffer()
    }

    /// The screen as text, one line per row, wide characters once, trailing spaces trimmed.
    pub fn text(&self) -> String {
        screen_text(self.buffer())
    }

    /// The screen as text, with the recorded times of events (wall-clock) masked.
    pub fn masked(&self) -> String {
        mask_times(&self.text())
    }

    /// Whether the screen shows `needle` somewhere.
    pub fn shows(&self, needle: &str) -> bool {
        self.text().contains(needle)
    }

    pub fn cursor(&mut self) -> (u16, u16) {
        let p = self.term.get_cursor_position().unwrap();
        (p.x, p.y)
    }
}

/// The zone the screen tests show recorded times in: UTC+8 (China Standard Time) with no
/// summer time, given as a POSIX TZ string so that no zone database is needed.
pub fn test_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::posix("CST-8").expect("a POSIX zone")
}

pub fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The emphasis of every cell: '.' none, 'r' reversed, 'b' bold, 'u' underlined, 'R' reversed
/// and bold, 'd' dim, '*' another mix. Panics if any cell has a colour (NO_COLOR).
pub fn emphasis_without_colour(buf: &Buffer) -> String {
    cell_map(buf, |cell, x, y| {
        assert_eq!(
            cell.fg,
            Color::Reset,
            "a foreground colour at ({x},{y}) under NO_COLOR"
        );
        assert_eq!(
            cell.bg,
            Color::Reset,
            "a background colour at ({x},{y}) under NO_COLOR"
        );
        let m = cell.modifier;
        let r = m.contains(Modifier::REVERSED);
        let b = m.contains(Modifier::BOLD);
        let u = m.contains(Modifier::UNDERLINED);
        match (r, b, u, m.is_empty()) {
            (_, _, _, true) => '.',
            (true, false, false, _) => 'r',
            (false, true, false, _) => 'b',
            (false, false, true, _) => 'u',
            (true, true, false, _) => 'R',
            _ if m == Modifier::DIM => 'd',
            _ => '*',
        }
    })
}

/// One character per cell, from `f(cell, x, y)`, each line without its trailing '.'; the cell a
/// wide character covers repeats that character's.
fn cell_map(buf: &Buffer, f: impl Fn(&ratatui::buffer::Cell, u16, u16) -> char) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                let last = line.chars().last().unwrap_or('.');
                line.push(last);
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            line.push(f(cell, x, y));
        }
        out.push_str(line.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

/// Replace "YYYY-MM-DD HH:MM" recorded times (the wall clock of the test run), also when a
/// narrow column shows only "YYYY-MM-DD HH", by a mask.
pub fn mask_times(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let is_d = |c: char| c.is_ascii_digit();
    // The wall clock's date and hour now and an hour either side (a run crossing the hour), in
    // UTC and in the screens' test zone (UTC+8).
    let now = jiff::Timestamp::now();
    let recorded_hours: Vec<String> = [-1i64, 0, 1, 7, 8, 9]
        .iter()
        .map(|h| {
            (now + jiff::SignedDuration::from_hours(*h))
                .strftime("%Y-%m-%d %H")
                .to_string()
        })
        .collect();
    while i < chars.len() {
        let w: String = chars[i..(i + 16).min(chars.len())].iter().collect();
        let cs: Vec<char> = w.chars().collect();
        if cs.len() == 16
            && cs[..4].iter().all(|&c| is_d(c))
            && cs[4] == '-'
            && cs[7] == '-'
            && cs[10] == ' '
            && is_d(cs[11])
            && is_d(cs[12])
            && cs[13] == ':'
            && is_d(cs[14])
            && is_d(cs[15])
        {
            out.push_str("####-##-## ##:##");
            i += 16;
        } else if cs.len() >= 14
            && cs[13] == ' '
            && recorded_hours.iter().any(|h| w.starts_with(h.as_str()))
        {
            // A narrow column cuts the recorded time after the hour ("2026-11-27 17 "); only
            // the wall clock's date and hour are masked, so due dates stay in the snapshot.
            out.push_str("####-##-## ##");
            i += 13;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The foreground colour of every cell, for the light theme's snapshots: '.' the terminal's own,
/// 'k' black, 'r' red, 'g' green, 'y' yellow, 'b' blue, 'm' magenta, 'c' cyan, 'w' gray (ANSI 7),
/// 'K' dark gray, 'W' white, '?' any other; '=' a reversed cell in the terminal's own colours
/// (the selection bar). A wide character's second cell repeats its first.
pub fn colour_map(buf: &Buffer) -> String {
    cell_map(buf, |cell, _, _| {
        let reversed = cell.modifier.contains(Modifier::REVERSED);
        match cell.fg {
            Color::Reset if reversed => '=',
            Color::Reset => '.',
            Color::Black => 'k',
            Color::Red => 'r',
            Color::Green => 'g',
            Color::Yellow => 'y',
            Color::Blue => 'b',
            Color::Magenta => 'm',
            Color::Cyan => 'c',
            Color::Gray => 'w',
            Color::DarkGray => 'K',
            Color::White => 'W',
            _ => '?',
        }
    })
}

/// Every cell that shows text in white or gray (ANSI 7 or 15) — or yellow or cyan, which vanish
/// on xterm's white as well — on the terminal's own background: "(x,y) colour".
pub fn unreadable_on_white(buf: &Buffer) -> Vec<String> {
    let mut bad = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let on_default = cell.bg == Color::Reset && !cell.modifier.contains(Modifier::REVERSED);
            let pale = matches!(
                cell.fg,
                Color::Gray
                    | Color::White
                    | Color::Yellow
                    | Color::LightYellow
                    | Color::Cyan
                    | Color::LightCyan
            );
            if on_default && pale && !cell.symbol().trim().is_empty() {
                bad.push(format!("({x},{y}) {:?} {:?}", cell.fg, cell.symbol()));
            }
        }
    }
    bad
}

/// The rows drawn as a selection bar from the first to the last column (every cell reversed),
/// with what is not uniform in them: a cell whose colours differ from the bar's first cell.
pub fn selection_bars(buf: &Buffer) -> Vec<(u16, Vec<String>)> {
    let mut bars = Vec::new();
    for y in 0..buf.area.height {
        // The cell a wide character covers is never drawn: it has no style of its own.
        let mut row = Vec::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            row.push((x, cell));
        }
        let reversed = row
            .iter()
            .filter(|(_, c)| c.modifier.contains(Modifier::REVERSED))
            .count();
        // A table's selected row: reversed over most of the width (the tab bar is not).
        if reversed * 2 < row.len() {
            continue;
        }
        let first = row[0].1;
        let odd: Vec<String> = row
            .iter()
            .filter(|(_, c)| {
                !c.modifier.contains(Modifier::REVERSED) || c.fg != first.fg || c.bg != first.bg
            })
            .map(|(x, c)| format!("({x},{y}) {:?}/{:?} {:?}", c.fg, c.bg, c.modifier))
            .collect();
        bars.push((y, odd));
    }
    bars
}

/// Each row's width as a terminal that draws ambiguous-width characters two columns wide
/// would lay it out (wide characters counted once): more than the buffer's width means the
/// row's last characters fall off the screen.
pub fn widths_under_cjk(buf: &Buffer) -> Vec<usize> {
    (0..buf.area.height)
        .map(|y| {
            let mut w = 0;
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                w += unicode_width::UnicodeWidthStr::width_cjk(sym).max(1);
            }
            w
        })
        .collect()
}
