//! Tables that hold only the visible rows: a keyset window over a store query (never OFFSET,
//! never the whole table), and a renderer that hands ratatui's `Table` just those rows with
//! cells already cut to their column width (in display columns).

use super::text::pad;
use crate::store::Result;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Table};

/// A query that can be read in pages from any row, both ways.
pub trait Keyset {
    type Row: Clone;
    /// At most `n` rows strictly after `row` (None: from the start), in display order.
    fn after(&self, row: Option<&Self::Row>, n: usize) -> Result<Vec<Self::Row>>;
    /// At most `n` rows strictly before `row` (None: the last ones), in display order.
    fn before(&self, row: Option<&Self::Row>, n: usize) -> Result<Vec<Self::Row>>;
    /// At most `n` rows from `row` on, `row` included if it still exists.
    fn from(&self, row: &Self::Row, n: usize) -> Result<Vec<Self::Row>>;
    /// Whether two rows are the same record.
    fn same(a: &Self::Row, b: &Self::Row) -> bool;
}

/// The visible rows of a keyset-paged list and the selection among them.
#[derive(Debug, Clone)]
pub struct Window<R> {
    pub rows: Vec<R>,
    pub selected: usize,
    /// How many rows fit on the screen: every fetch asks for at most this many.
    pub page: usize,
    /// No row comes before the first one shown.
    pub at_start: bool,
    /// No row comes after the last one shown.
    pub at_end: bool,
}

impl<R: Clone> Default for Window<R> {
    fn default() -> Self {
        Window {
            rows: Vec::new(),
            selected: 0,
            page: 10,
            at_start: true,
            at_end: true,
        }
    }
}

impl<R: Clone> Window<R> {
    pub fn selected_row(&self) -> Option<&R> {
        self.rows.get(self.selected)
    }

    /// From the first row.
    pub fn top<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        self.rows = src.after(None, self.page)?;
        self.selected = 0;
        self.at_start = true;
        self.at_end = self.rows.len() < self.page;
        Ok(())
    }

    /// The last page, the last row selected.
    pub fn bottom<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        self.rows = src.before(None, self.page)?;
        self.selected = self.rows.len().saturating_sub(1);
        self.at_end = true;
        self.at_start = self.rows.len() < self.page;
        Ok(())
    }

    /// Read the window again from its first row (after another user's change, or a resize),
    /// keeping the selected record selected if it is still there.
    pub fn reload<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        let Some(first) = self.rows.first().cloned() else {
            return self.top(src);
        };
        let was = self.selected_row().cloned();
        let old_index = self.selected;
        let mut rows = src.from(&first, self.page)?;
        self.at_end = rows.len() < self.page;
        if rows.len() < self.page {
            let anchor = rows.first().cloned();
            let mut more = src.before(anchor.as_ref(), self.page - rows.len())?;
            if anchor.is_none() {
                // Everything from the first row on is gone: show the end.
                self.at_start = more.len() < self.page;
            } else if more.len() < self.page - rows.len() {
                self.at_start = true;
            }
            more.append(&mut rows);
            rows = more;
        } else if let Some(first) = rows.first() {
            // Someone may have added rows before the first one shown.
            self.at_start = src.before(Some(first), 1)?.is_empty();
        }
        self.rows = rows;
        self.selected = match was {
            Some(w) => self
                .rows
                .iter()
                .position(|r| S::same(r, &w))
                .unwrap_or(old_index),
            None => 0,
        }
        .min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    /// A new page size (the terminal was resized).
    pub fn set_page<S: Keyset<Row = R>>(&mut self, src: &S, page: usize) -> Result<()> {
        let page = page.max(1);
        if page == self.page {
            return Ok(());
        }
        self.page = page;
        if self.rows.len() > page {
            // Keep the selection visible.
            let drop = (self.selected + 1).saturating_sub(page);
            self.rows.drain(..drop);
            self.selected -= drop;
            if drop > 0 {
                self.at_start = false;
            }
            self.rows.truncate(page);
            self.at_end = false;
            Ok(())
        } else {
            self.reload(src)
        }
    }

    /// `g`: the first row — read only if the first row is not already shown.
    pub fn home<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.at_start {
            self.selected = 0;
            return Ok(());
        }
        self.top(src)
    }

    /// `G`: the last row — read only if the last row is not already shown.
    pub fn end<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.at_end {
            self.selected = self.rows.len().saturating_sub(1);
            return Ok(());
        }
        self.bottom(src)
    }

    // Moving past a known end reads nothing: under a rare filter, looking for a row beyond the
    // last would read the whole table again.
    pub fn down<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.selected + 1 < self.rows.len() {
            self.selected += 1;
            return Ok(());
        }
        if self.at_end {
            return Ok(());
        }
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let next = src.after(Some(last), 1)?;
        if next.is_empty() {
            self.at_end = true;
            return Ok(());
        }
        self.rows.extend(next);
        if self.rows.len() > self.page {
            self.rows.remove(0);
            self.at_start = false;
        }
        self.selected = self.rows.len() - 1;
        Ok(())
    }

    pub fn up<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.selected > 0 {
            self.selected -= 1;
            return Ok(());
        }
        if self.at_start {
            return Ok(());
        }
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let prev = src.before(Some(first), 1)?;
        if prev.is_empty() {
            self.at_start = true;
            return Ok(());
        }
        let mut rows = prev;
        rows.append(&mut self.rows);
        if rows.len() > self.page {
            rows.truncate(self.page);
            self.at_end = false;
        }
        self.rows = rows;
        self.selected = 0;
        Ok(())
    }

    pub fn page_down<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.at_end {
            self.selected = self.rows.len().saturating_sub(1);
            return Ok(());
        }
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let next = src.after(Some(last), self.page)?;
        if next.len() < self.page {
            self.at_end = true;
        }
        if next.is_empty() {
            self.selected = self.rows.len().saturating_sub(1);
            return Ok(());
        }
        let shift = next.len();
        self.rows.extend(next);
        let excess = self.rows.len().saturating_sub(self.page);
        self.rows.drain(..excess);
        if excess > 0 {
            self.at_start = false;
        }
        if shift < self.page {
            self.selected = self.rows.len() - 1;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn page_up<S: Keyset<Row = R>>(&mut self, src: &S) -> Result<()> {
        if self.at_start {
            self.selected = 0;
            return Ok(());
        }
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let prev = src.before(Some(first), self.page)?;
        if prev.len() < self.page {
            self.at_start = true;
        }
        if prev.is_empty() {
            self.selected = 0;
            return Ok(());
        }
        let shift = prev.len();
        let mut rows = prev;
        rows.append(&mut self.rows);
        if rows.len() > self.page {
            rows.truncate(self.page);
            self.at_end = false;
        }
        self.rows = rows;
        if shift < self.page {
            self.selected = 0;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }
}

/// A column: its heading, its minimum width in columns, and whether it takes the spare room.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: u16,
    pub flex: bool,
}

impl Column {
    pub fn fixed(title: impl Into<String>, width: u16) -> Self {
        Column {
            title: title.into(),
            width,
            flex: false,
        }
    }
    pub fn flex(title: impl Into<String>, width: u16) -> Self {
        Column {
            title: title.into(),
            width,
            flex: true,
        }
    }
}

/// The width of each column in `total` columns (one space between columns); flexible
/// columns share what is left.
pub fn widths(total: u16, cols: &[Column]) -> Vec<u16> {
    let gaps = cols.len().saturating_sub(1) as u16;
    let fixed: u16 = cols.iter().map(|c| c.width).sum::<u16>() + gaps;
    let spare = total.saturating_sub(fixed);
    let flexes = cols.iter().filter(|c| c.flex).count() as u16;
    let mut given = 0;
    let mut seen = 0;
    cols.iter()
        .map(|c| {
            if c.flex && flexes > 0 {
                seen += 1;
                let share = if seen == flexes {
                    spare - given
                } else {
                    spare / flexes
                };
                given += share;
                c.width + share
            } else {
                c.width
            }
        })
        .collect()
}

/// One cell: text (already clean) and its style.
pub type Cell = (String, Style);

/// Draw a table of exactly the rows given (the visible ones); `selected` is reversed.
pub fn render(
    f: &mut Frame,
    area: Rect,
    cols: &[Column],
    rows: Vec<Vec<Cell>>,
    selected: Option<usize>,
    theme: Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let w = widths(area.width, cols);
    let header = Row::new(
        cols.iter()
            .zip(&w)
            .map(|(c, &cw)| Line::from(Span::styled(pad(&c.title, cw as usize), theme.header())))
            .collect::<Vec<_>>(),
    );
    let body_rows: Vec<Row> = rows
        .into_iter()
        .take(area.height.saturating_sub(1) as usize)
        .enumerate()
        .map(|(i, cells)| {
            let selected = Some(i) == selected;
            let row = Row::new(
                cells
                    .into_iter()
                    .zip(&w)
                    .map(|((text, style), &cw)| {
                        let style = if selected {
                            super::on_selection_bar(style, theme.selected())
                        } else {
                            style
                        };
                        Line::from(Span::styled(pad(&text, cw as usize), style))
                    })
                    .collect::<Vec<_>>(),
            );
            if selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let table = Table::new(
        body_rows,
        w.iter().map(|&x| Constraint::Length(x)).collect::<Vec<_>>(),
    )
    .header(header)
    .column_spacing(1);
    f.render_widget(table, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers 0..n as a keyset source.
    struct Numbers(Vec<i64>);
    impl Keyset for Numbers {
        type Row = i64;
        fn after(&self, row: Option<&i64>, n: usize) -> Result<Vec<i64>> {
            Ok(self
                .0
                .iter()
                .copied()
                .filter(|x| row.is_none_or(|r| x > r))
                .take(n)
                .collect())
        }
        fn before(&self, row: Option<&i64>, n: usize) -> Result<Vec<i64>> {
            let mut v: Vec<i64> = self
                .0
                .iter()
                .rev()
                .copied()
                .filter(|x| row.is_none_or(|r| x < r))
                .take(n)
                .collect();
            v.reverse();
            Ok(v)
        }
        fn from(&self, row: &i64, n: usize) -> Result<Vec<i64>> {
            Ok(self
                .0
                .iter()
                .copied()
                .filter(|x| x >= row)
                .take(n)
                .collect())
        }
        fn same(a: &i64, b: &i64) -> bool {
            a == b
        }
    }

    fn window(page: usize) -> Window<i64> {
        Window {
            page,
            ..Default::default()
        }
    }

    #[test]
    fn moving_down_past_the_window_fetches_one_row() {
        let src = Numbers((0..100).collect());
        let mut w = window(5);
        w.top(&src).unwrap();
        assert_eq!(w.rows, vec![0, 1, 2, 3, 4]);
        for _ in 0..6 {
            w.down(&src).unwrap();
        }
        assert_eq!(w.rows, vec![2, 3, 4, 5, 6]);
        assert_eq!(w.selected_row(), Some(&6));
        for _ in 0..7 {
            w.up(&src).unwrap();
        }
        assert_eq!(w.rows, vec![0, 1, 2, 3, 4]);
        assert_eq!(w.selected_row(), Some(&0));
        assert!(w.at_start);
    }

    #[test]
    fn pages_and_ends() {
        let src = Numbers((0..12).collect());
        let mut w = window(5);
        w.top(&src).unwrap();
        w.page_down(&src).unwrap();
        assert_eq!(w.rows, vec![5, 6, 7, 8, 9]);
        w.page_down(&src).unwrap();
        assert_eq!(w.rows, vec![7, 8, 9, 10, 11]);
        assert_eq!(w.selected_row(), Some(&11));
        assert!(w.at_end);
        w.page_up(&src).unwrap();
        assert_eq!(w.rows, vec![2, 3, 4, 5, 6]);
        w.page_up(&src).unwrap();
        assert_eq!(w.rows, vec![0, 1, 2, 3, 4]);
        assert_eq!(w.selected_row(), Some(&0));
        w.bottom(&src).unwrap();
        assert_eq!(w.rows, vec![7, 8, 9, 10, 11]);
        assert_eq!(w.selected_row(), Some(&11));
    }

    /// Counts the reads, to check nothing is read past a known end.
    struct Counting(Numbers, std::cell::Cell<usize>);
    impl Keyset for Counting {
        type Row = i64;
        fn after(&self, row: Option<&i64>, n: usize) -> Result<Vec<i64>> {
            self.1.set(self.1.get() + 1);
            self.0.after(row, n)
        }
        fn before(&self, row: Option<&i64>, n: usize) -> Result<Vec<i64>> {
            self.1.set(self.1.get() + 1);
            self.0.before(row, n)
        }
        fn from(&self, row: &i64, n: usize) -> Result<Vec<i64>> {
            self.0.from(row, n)
        }
        fn same(a: &i64, b: &i64) -> bool {
            a == b
        }
    }

    #[test]
    fn nothing_is_read_past_a_known_end() {
        let src = Counting(Numbers(vec![1, 2, 3]), std::cell::Cell::new(0));
        let mut w = window(5);
        w.top(&src).unwrap();
        assert!(w.at_start && w.at_end);
        let reads = src.1.get();
        for _ in 0..5 {
            w.down(&src).unwrap();
        }
        w.page_down(&src).unwrap();
        w.end(&src).unwrap();
        assert_eq!(w.selected_row(), Some(&3));
        w.page_up(&src).unwrap();
        w.up(&src).unwrap();
        w.home(&src).unwrap();
        assert_eq!(w.selected_row(), Some(&1));
        assert_eq!(src.1.get(), reads, "every row was on screen already");
    }

    #[test]
    fn reload_keeps_the_selected_record() {
        let mut src = Numbers((0..20).map(|x| x * 2).collect());
        let mut w = window(4);
        w.top(&src).unwrap();
        w.down(&src).unwrap();
        w.down(&src).unwrap();
        assert_eq!(w.selected_row(), Some(&4));
        // Another user inserts 1 and 3, deletes 0.
        src.0 = vec![1, 2, 3, 4, 6, 8, 10];
        w.reload(&src).unwrap();
        assert_eq!(w.rows, vec![1, 2, 3, 4]);
        assert_eq!(w.selected_row(), Some(&4));
        // Near the end the window fills up from before.
        src.0 = vec![1, 2];
        w.reload(&src).unwrap();
        assert_eq!(w.rows, vec![1, 2]);
    }

    #[test]
    fn resizing_keeps_the_selection_visible() {
        let src = Numbers((0..50).collect());
        let mut w = window(10);
        w.top(&src).unwrap();
        for _ in 0..8 {
            w.down(&src).unwrap();
        }
        w.set_page(&src, 4).unwrap();
        assert_eq!(w.rows.len(), 4);
        assert_eq!(w.selected_row(), Some(&8));
        w.set_page(&src, 6).unwrap();
        assert_eq!(w.rows.len(), 6);
        assert_eq!(w.selected_row(), Some(&8));
    }

    #[test]
    fn flexible_columns_share_the_room() {
        let cols = [
            Column::flex("a", 10),
            Column::fixed("b", 5),
            Column::flex("c", 4),
        ];
        let w = widths(40, &cols);
        assert_eq!(w.iter().sum::<u16>() + 2, 40);
        assert_eq!(w[1], 5);
    }
}
