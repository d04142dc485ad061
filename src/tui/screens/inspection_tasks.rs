//! 抽查任务 (key 6): every inspection task with its counts and its publication clock, read on
//! the background reader (`Request::Tasks`); `/` filters by text (number, name, authority),
//! `f` by state, `s`/`S` sort, Enter opens the task's page, `r` the inspector roster, `e`
//! exports what is shown.

use super::{Cx, Effect, keep_visible, move_in_list};
use crate::domain::Date;
use crate::domain::calendar::Calendar;
use crate::i18n::Lang;
use crate::i18n::inspection_screens::{InspMsg, short_kind, state_of};
use crate::store::inspections::TaskSummary;
use crate::tui::export::Table;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Where a task's publication stands, from its dates, today and the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// Not completed yet: no clock runs.
    NotDue,
    /// Due on the date, this many working days from today (negative: overdue).
    Due {
        on: String,
        days: i64,
    },
    Published(String),
}

impl Publication {
    pub fn of(
        due: Option<&str>,
        published: Option<&str>,
        today: Date,
        calendar: &Calendar,
    ) -> Self {
        match (published, due) {
            (Some(p), _) => Publication::Published(p.to_string()),
            (None, Some(d)) => match d.parse::<Date>() {
                Ok(date) => Publication::Due {
                    on: d.to_string(),
                    days: calendar.working_days_between(today, date),
                },
                Err(_) => Publication::Due {
                    on: d.to_string(),
                    days: 0,
                },
            },
            (None, None) => Publication::NotDue,
        }
    }

    pub fn overdue(&self) -> bool {
        matches!(self, Publication::Due { days, .. } if *days < 0)
    }

    pub fn text(&self, lang: Lang) -> String {
        match self {
            Publication::NotDue => lang.t(InspMsg::NotYet).to_string(),
            Publication::Published(on) => lang.f(InspMsg::PublishedOn, &[("date", on)]),
            Publication::Due { on, days: 0 } => lang.f(InspMsg::DueToday, &[("date", on)]),
            Publication::Due { on, days } if *days < 0 => {
                lang.f(InspMsg::Overdue, &[("date", on), ("days", &-days)])
            }
            Publication::Due { on, days } => {
                lang.f(InspMsg::DueIn, &[("date", on), ("days", days)])
            }
        }
    }
}

/// A task as listed, with its clock worked out when read.
#[derive(Debug, Clone)]
pub struct TaskRow {
    pub task: TaskSummary,
    pub publication: Publication,
}

/// The columns the list sorts by (`s` the next, `S` the other way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskSort {
    #[default]
    Number,
    Name,
    Year,
    State,
    Publication,
}

impl TaskSort {
    const ALL: [TaskSort; 5] = [
        TaskSort::Number,
        TaskSort::Name,
        TaskSort::Year,
        TaskSort::State,
        TaskSort::Publication,
    ];
    fn next(self) -> TaskSort {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
    fn heading(self) -> InspMsg {
        match self {
            TaskSort::Number => InspMsg::ColNo,
            TaskSort::Name => InspMsg::ColName,
            TaskSort::Year => InspMsg::ColYear,
            TaskSort::State => InspMsg::ColState,
            TaskSort::Publication => InspMsg::ColPublication,
        }
    }
}

/// The states `f` cycles through (then all).
const STATES: [InspMsg; 5] = [
    InspMsg::StateNotDrawn,
    InspMsg::StateDrawn,
    InspMsg::StateCompleted,
    InspMsg::StateClosed,
    InspMsg::StatePublished,
];

#[derive(Debug, Clone, Default)]
pub struct TasksScreen {
    pub all: Vec<TaskRow>,
    /// Positions in `all` shown, in the sort's order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
    pub filter: TextInput,
    pub filtering: bool,
    pub state: Option<InspMsg>,
    pub sort: TaskSort,
    pub descending: bool,
    /// Read once the reader answers; `stale` asks it again when next shown.
    pub loaded: bool,
    pub stale: bool,
    pub error: Option<String>,
}

impl TasksScreen {
    pub fn new() -> Self {
        TasksScreen {
            stale: true,
            height: 10,
            // The newest task first, as the CLI lists them.
            descending: true,
            ..Default::default()
        }
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.filtering {
            &[Mode::Filter, Mode::TextEdit, Mode::Any]
        } else {
            &[Mode::Tasks, Mode::List, Mode::Global, Mode::Any]
        }
    }

    /// The reader's answer: every task, the selected one kept selected.
    pub fn set_tasks(&mut self, tasks: Vec<TaskSummary>, today: Date, calendar: &Calendar) {
        let was = self.selected_task().map(|t| t.task.id);
        self.all = tasks
            .into_iter()
            .map(|task| TaskRow {
                publication: Publication::of(
                    task.publication_due.as_deref(),
                    task.published_on.as_deref(),
                    today,
                    calendar,
                ),
                task,
            })
            .collect();
        self.loaded = true;
        self.error = None;
        self.refilter();
        if let Some(id) = was
            && let Some(i) = self.shown.iter().position(|&k| self.all[k].task.id == id)
        {
            self.selected = i;
            keep_visible(self.selected, &mut self.offset, self.height);
        }
    }

    fn refilter(&mut self) {
        let needle = self.filter.text().trim().to_lowercase();
        let mut shown: Vec<usize> = (0..self.all.len())
            .filter(|&i| {
                let t = &self.all[i].task;
                self.state.is_none_or(|s| state_of(t) == s)
                    && (needle.is_empty()
                        || t.id.to_string() == needle
                        || t.name.to_lowercase().contains(&needle)
                        || t.authority.to_lowercase().contains(&needle))
            })
            .collect();
        let key = |r: &TaskRow| -> (String, i64) {
            let t = &r.task;
            match self.sort {
                TaskSort::Number => (String::new(), t.id),
                TaskSort::Name => (crate::domain::collation::name_sort_key(&t.name), t.id),
                TaskSort::Year => (format!("{:06}", t.year), t.id),
                TaskSort::State => (
                    format!(
                        "{}",
                        STATES.iter().position(|s| *s == state_of(t)).unwrap_or(0)
                    ),
                    t.id,
                ),
                TaskSort::Publication => (
                    match &r.publication {
                        Publication::Due { on, .. } => format!("0{on}"),
                        Publication::Published(on) => format!("1{on}"),
                        Publication::NotDue => "2".to_string(),
                    },
                    t.id,
                ),
            }
        };
        shown.sort_by_key(|&i| key(&self.all[i]));
        if self.descending {
            shown.reverse();
        }
        self.shown = shown;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn selected_task(&self) -> Option<&TaskRow> {
        self.shown.get(self.selected).and_then(|&i| self.all.get(i))
    }

    /// Rows of the table in the content `area`.
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(3) as usize
    }

    pub fn set_height(&mut self, h: usize) {
        self.height = h.max(1);
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn update(&mut self, action: Action) -> Effect {
        if self.filtering {
            match action {
                Action::Open | Action::Close => self.filtering = false,
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    move_in_list(
                        action,
                        &mut self.selected,
                        &mut self.offset,
                        self.shown.len(),
                        self.height,
                    );
                }
                edit => {
                    if self.filter.edit(edit) {
                        self.selected = 0;
                        self.offset = 0;
                        self.refilter();
                    }
                }
            }
            return Effect::None;
        }
        match action {
            Action::Open => match self.selected_task() {
                Some(t) => Effect::OpenTask { id: t.task.id },
                None => Effect::None,
            },
            Action::Filter => {
                self.filtering = true;
                self.filter.end();
                Effect::None
            }
            Action::TaskState => {
                self.state = match self.state.and_then(|s| STATES.iter().position(|x| *x == s)) {
                    None => Some(STATES[0]),
                    Some(i) if i + 1 < STATES.len() => Some(STATES[i + 1]),
                    Some(_) => None,
                };
                self.selected = 0;
                self.offset = 0;
                self.refilter();
                Effect::None
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.descending = false;
                self.refilter();
                Effect::None
            }
            Action::ReverseSort => {
                self.descending = !self.descending;
                self.refilter();
                Effect::None
            }
            Action::ClearFilters | Action::Close
                if self.state.is_some() || !self.filter.text().is_empty() =>
            {
                self.state = None;
                self.filter.set("");
                self.refilter();
                Effect::None
            }
            other => {
                move_in_list(
                    other,
                    &mut self.selected,
                    &mut self.offset,
                    self.shown.len(),
                    self.height,
                );
                Effect::None
            }
        }
    }

    fn cells(r: &TaskRow, lang: Lang) -> Vec<String> {
        let t = &r.task;
        vec![
            t.id.to_string(),
            clean(&t.name).into_owned(),
            t.year.to_string(),
            short_kind(lang, &t.kind),
            clean(&t.authority).into_owned(),
            t.population
                .map_or_else(|| lang.t(InspMsg::NotYet).to_string(), |n| n.to_string()),
            if t.drawn_on.is_some() {
                t.drawn.to_string()
            } else {
                lang.t(InspMsg::NotYet).to_string()
            },
            format!("{}/{}", t.recorded, t.drawn),
            lang.t(state_of(t)).to_string(),
            r.publication.text(lang),
        ]
    }

    fn headers(lang: Lang) -> Vec<String> {
        [
            InspMsg::ColNo,
            InspMsg::ColName,
            InspMsg::ColYear,
            InspMsg::ColKind,
            InspMsg::ColAuthority,
            InspMsg::ColPopulation,
            InspMsg::ColDrawn,
            InspMsg::ColResults,
            InspMsg::ColState,
            InspMsg::ColPublication,
        ]
        .iter()
        .map(|m| lang.t(*m).to_string())
        .collect()
    }

    /// Exactly the tasks shown, every column, in `lang` (what `e` exports).
    pub fn table(&self, lang: Lang) -> Table {
        Table {
            headers: Self::headers(lang),
            rows: self
                .shown
                .iter()
                .map(|&i| Self::cells(&self.all[i], lang))
                .collect(),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [bar, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let count = if self.shown.len() == self.all.len() {
            lang.f(InspMsg::Count, &[("n", &self.all.len())])
        } else {
            lang.f(
                InspMsg::Shown,
                &[("shown", &self.shown.len()), ("n", &self.all.len())],
            )
        };
        let count_w = width(&count) as u16 + 1;
        let [left, right] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(count_w)]).areas(bar);
        let state = self
            .state
            .map_or_else(|| lang.t(InspMsg::All), |s| lang.t(s));
        let arrow = if self.descending { "▼" } else { "▲" };
        let mut spans = vec![
            Span::styled(format!("{}:", lang.t(InspMsg::StateLabel)), theme.label()),
            Span::styled(
                state.to_string(),
                if self.state.is_some() {
                    theme.key()
                } else {
                    theme.normal()
                },
            ),
            Span::styled(
                format!("  {}:", lang.t(InspMsg::FilterLabel)),
                theme.label(),
            ),
        ];
        let filter_x = left.x + spans.iter().map(|s| width(&s.content)).sum::<usize>() as u16;
        spans.push(Span::styled(
            clean(&self.filter.text()).into_owned(),
            if self.filtering {
                theme.selected_unfocused()
            } else {
                theme.normal()
            },
        ));
        spans.push(Span::styled(
            format!("  {arrow}{}", lang.t(self.sort.heading())),
            theme.dim(),
        ));
        f.render_widget(Line::from(spans), left);
        f.render_widget(
            Line::from(Span::styled(count, theme.label())).right_aligned(),
            right,
        );
        if self.filtering {
            let col = self.filter.cursor_column() as u16;
            f.set_cursor_position((filter_x + col, left.y));
        }
        let empty = if let Some(e) = &self.error {
            Some((clean(e).into_owned(), theme.error()))
        } else if !self.loaded {
            Some((lang.t(InspMsg::Loading).to_string(), theme.dim()))
        } else if self.all.is_empty() {
            Some((lang.t(InspMsg::Empty).to_string(), theme.dim()))
        } else if self.shown.is_empty() {
            Some((lang.t(InspMsg::NoneShown).to_string(), theme.dim()))
        } else {
            None
        };
        if let Some((text, style)) = empty {
            f.render_widget(Line::from(Span::styled(text, style)), rest);
            return;
        }
        let wide = area.width >= 110;
        let en = lang == Lang::En;
        let h = Self::headers(lang);
        let mut cols = vec![
            Column::fixed(h[0].clone(), 4),
            Column::flex(h[1].clone(), 12),
            Column::fixed(h[2].clone(), 4),
            Column::fixed(h[3].clone(), if en { 5 } else { 8 }),
            Column::fixed(h[6].clone(), 5),
            Column::fixed(h[7].clone(), 7),
            Column::fixed(h[8].clone(), if en { 10 } else { 12 }),
            Column::fixed(h[9].clone(), if wide { 30 } else { 22 }),
        ];
        if wide {
            cols.insert(4, Column::fixed(h[4].clone(), 20));
            cols.insert(5, Column::fixed(h[5].clone(), 5));
        }
        let rows = self
            .shown
            .iter()
            .skip(self.offset)
            .take(self.height)
            .map(|&i| {
                let r = &self.all[i];
                let style: Style = if r.publication.overdue() {
                    theme.overdue()
                } else {
                    theme.normal()
                };
                let mut c = Self::cells(r, lang);
                if !wide {
                    c.remove(5);
                    c.remove(4);
                }
                c.into_iter().map(|s| (s, style)).collect()
            })
            .collect();
        table::render(
            f,
            rest,
            &cols,
            rows,
            Some(self.selected - self.offset.min(self.selected)),
            theme,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn task(id: i64, name: &str, due: Option<&str>, published: Option<&str>) -> TaskSummary {
        TaskSummary {
            id,
            name: name.into(),
            year: 2026,
            kind: "cb".into(),
            authority: "北京市市场监督管理局".into(),
            drawn_on: Some("2026-03-02".into()),
            population: Some(10),
            drawn: 3,
            recorded: if due.is_some() { 3 } else { 1 },
            completed_on: due.map(|_| "2026-11-02".into()),
            closed_on: None,
            publication_due: due.map(str::to_string),
            published_on: published.map(str::to_string),
        }
    }

    #[test]
    fn the_list_filters_by_state_and_text_sorts_and_marks_the_overdue() {
        let cal = Calendar::official();
        let mut s = TasksScreen::new();
        s.set_tasks(
            vec![
                task(3, "乙任务", Some("2026-11-20"), None),
                task(2, "甲任务", None, None),
                task(1, "丙任务", Some("2026-11-20"), Some("2026-11-19")),
            ],
            date(2026, 11, 27),
            &cal,
        );
        // Newest first.
        assert_eq!(s.selected_task().unwrap().task.id, 3);
        assert!(s.all[0].publication.overdue());
        assert_eq!(
            s.all[0].publication.text(Lang::En),
            "2026-11-20, 5 working days overdue"
        );
        assert!(!s.all[2].publication.overdue());
        s.update(Action::TaskState);
        s.update(Action::TaskState);
        assert_eq!(s.state, Some(InspMsg::StateDrawn));
        assert_eq!(s.shown.len(), 1);
        assert_eq!(s.selected_task().unwrap().task.id, 2);
        s.update(Action::ClearFilters);
        assert_eq!(s.shown.len(), 3);
        s.update(Action::Filter);
        for c in "丙".chars() {
            s.update(Action::Insert(c));
        }
        s.update(Action::Open);
        assert_eq!(s.shown.len(), 1);
        assert_eq!(
            s.update(Action::Open),
            Effect::OpenTask { id: 1 },
            "Enter opens the task"
        );
        s.update(Action::Close);
        s.update(Action::Sort);
        assert_eq!(s.sort, TaskSort::Name);
        let t = s.table(Lang::Zh);
        assert_eq!(t.rows.len(), 3);
        // By pinyin: 丙 (bing), 甲 (jia), 乙 (yi).
        assert_eq!(t.rows[0][1], "丙任务");
        assert_eq!(t.rows[0][8], "已公示");
        assert_eq!(t.rows[2][8], "待公示");
    }
}
