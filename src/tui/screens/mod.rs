//! The screens. Each holds its state, turns actions into state changes and store calls
//! (`update`), and draws itself (`render`) from that state alone.

pub mod act_form;
pub mod application;
pub mod application_form;
pub mod applications;
pub mod bar_list;
pub mod body;
pub mod case_form;
pub mod export_prompt;
pub mod help;
pub mod inspection_forms;
pub mod inspection_task;
pub mod inspection_tasks;
pub mod lock_wait;
pub mod log;
pub mod palette;
pub mod queue;
pub mod queue_list;
pub mod record_form;
pub mod register;
pub mod reports;
pub mod risk;
pub mod roster;

use crate::i18n::Lang;
use crate::tui::theme::Theme;
use jiff::civil::Date;

/// What drawing needs besides the screen's state.
#[derive(Debug, Clone, Copy)]
pub struct Cx<'a> {
    pub lang: Lang,
    pub theme: Theme,
    pub today: Date,
    /// The zone recorded times are shown in (`TZ`, else the system's).
    pub zone: &'a jiff::tz::TimeZone,
    /// The jurisdiction or everywhere: the header of the queue, the register and the reports.
    pub scope: &'a Scope,
}

/// Where the queue, the register and the reports look: the officer's jurisdiction (from the
/// officer table, by login), or everywhere once widened (`W`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The login the jurisdiction was looked up for (named in the header when it has none).
    pub login: String,
    pub jurisdiction: Option<crate::domain::region::Region>,
    pub widened: bool,
}

impl Scope {
    /// What the screens are narrowed to before any facet: the jurisdiction, unless widened.
    pub fn root(&self) -> Option<crate::domain::region::Region> {
        if self.widened {
            None
        } else {
            self.jurisdiction.clone()
        }
    }

    /// The header line: "● 辖区 广东省深圳市南山区 · ○ 全部地区（W 切换）", the one in force
    /// marked ●; without a jurisdiction, that everything is shown and how to set one.
    pub fn line(&self, cx: &Cx) -> ratatui::text::Line<'static> {
        use ratatui::text::{Line, Span};
        let lang = cx.lang;
        let Some(j) = &self.jurisdiction else {
            return Line::from(Span::styled(
                lang.f(
                    crate::i18n::Msg::ScopeNoJurisdiction,
                    &[("login", &crate::tui::widgets::text::clean(&self.login))],
                ),
                cx.theme.dim(),
            ));
        };
        let mark = |on: bool| if on { "● " } else { "○ " };
        let style = |on: bool| if on { cx.theme.key() } else { cx.theme.dim() };
        let here = lang.f(
            crate::i18n::Msg::ScopeJurisdiction,
            &[("region", &crate::i18n::region_label(lang, j))],
        );
        let key = crate::tui::keymap::Key::ch(crate::tui::keymap::WIDEN_KEY).label();
        Line::from(vec![
            Span::styled(
                format!("{}{here}", mark(!self.widened)),
                style(!self.widened),
            ),
            Span::styled(" · ", cx.theme.dim()),
            Span::styled(
                format!(
                    "{}{}",
                    mark(self.widened),
                    lang.t(crate::i18n::Msg::ScopeEverything)
                ),
                style(self.widened),
            ),
            Span::styled(
                lang.f(crate::i18n::Msg::ScopeWidenKey, &[("key", &key)]),
                cx.theme.dim(),
            ),
        ])
    }
}

/// How a region facet shows what it filters by: "全部" at its root, else the names from below
/// the root down ("深圳市›南山区"; a level the table does not name by its code).
pub fn region_facet_value(f: &crate::domain::region::RegionFacet, lang: Lang) -> String {
    if !f.narrowed() {
        return lang.t(crate::i18n::Msg::FacetAll).to_string();
    }
    let path: Vec<String> = f
        .path()
        .iter()
        .map(|r| {
            if lang == Lang::En && r.as_str().len() == 2 {
                crate::i18n::region_name(lang, r)
            } else {
                r.name()
                    .map_or_else(|| r.as_str().to_string(), str::to_string)
            }
        })
        .collect();
    let code = f.filter().map(|r| r.as_str()).unwrap_or_default();
    format!("{} {code}", path.join("›"))
}

/// What a screen asks the app to do after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// Open a body's file, at one qualification if given.
    OpenBody {
        uscc: String,
        approval: Option<String>,
    },
    /// The menu of acts allowed on a qualification.
    OpenActs,
    /// The menu of a penalty case's steps on a qualification (its open case, if any).
    OpenCase {
        approval: String,
        case: Option<i64>,
    },
    /// The correction (or, with `annul`, the annulment) form of a recorded event.
    OpenRecord {
        event: i64,
        act: String,
        annul: bool,
    },
    /// A popup with a record's details.
    Detail {
        title: String,
        lines: Vec<String>,
    },
    /// Read the queue again (in the background: it can be long).
    LoadQueue,
    /// Open an application's file (办件档案).
    OpenApplication {
        id: i64,
    },
    /// Open an inspection task's page (from the tasks list, or its queue item: results to
    /// publish).
    OpenTask {
        id: i64,
    },
    /// The menu of acts an application allows now.
    OpenApplicationActs {
        id: i64,
    },
    /// The form that receives a new application (收件).
    ReceiveApplication,
    Toast(String),
    Error(String),
}

/// Move `selected` in a list of `len` items shown `height` at a time, keeping `offset` so the
/// selection stays visible. Returns whether anything moved.
pub fn move_in_list(
    action: crate::tui::keymap::Action,
    selected: &mut usize,
    offset: &mut usize,
    len: usize,
    height: usize,
) -> bool {
    use crate::tui::keymap::Action as A;
    let before = *selected;
    let last = len.saturating_sub(1);
    let page = height.max(1);
    *selected = match action {
        A::Down => (*selected + 1).min(last),
        A::Up => selected.saturating_sub(1),
        A::Top => 0,
        A::Bottom => last,
        A::PageDown => (*selected + page).min(last),
        A::PageUp => selected.saturating_sub(page),
        _ => return false,
    };
    keep_visible(*selected, offset, height);
    before != *selected
}

/// Adjust `offset` so row `selected` is within the `height` rows shown.
pub fn keep_visible(selected: usize, offset: &mut usize, height: usize) {
    let height = height.max(1);
    if selected < *offset {
        *offset = selected;
    } else if selected >= *offset + height {
        *offset = selected + 1 - height;
    }
}

/// A recorded time (stored in UTC) as shown: "2026-11-27 16:31" in `zone`, the zone named
/// elsewhere on the screen.
/// A region code as an exported cell: "北京市朝阳区 110105", or the code the table does not know.
/// The colon after a label on the screens: full-width in Chinese (法律依据：…).
pub(crate) fn colon(lang: Lang) -> &'static str {
    lang.pick("：", ": ")
}

pub fn region_cell(lang: Lang, code: &str) -> String {
    match crate::domain::region::Region::parse(code) {
        Ok(r) => crate::i18n::region_label(lang, &r),
        Err(_) => code.to_string(),
    }
}

pub fn format_at(at: &str, zone: &jiff::tz::TimeZone) -> String {
    crate::i18n::sentences::local_time(at, zone)
}

/// The status change an event records, from its before/after JSON: ("active", "suspended").
pub fn status_change(
    before: Option<&str>,
    after: Option<&str>,
) -> (Option<String>, Option<String>) {
    let status = |s: Option<&str>| {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.get("status").and_then(|x| x.as_str()).map(str::to_string))
    };
    (status(before), status(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;

    #[test]
    fn list_movement_keeps_the_selection_visible() {
        let (mut sel, mut off) = (0, 0);
        for _ in 0..7 {
            move_in_list(Action::Down, &mut sel, &mut off, 10, 5);
        }
        assert_eq!((sel, off), (7, 3));
        move_in_list(Action::Bottom, &mut sel, &mut off, 10, 5);
        assert_eq!((sel, off), (9, 5));
        assert!(!move_in_list(Action::Down, &mut sel, &mut off, 10, 5));
        move_in_list(Action::PageUp, &mut sel, &mut off, 10, 5);
        assert_eq!((sel, off), (4, 4));
        move_in_list(Action::Top, &mut sel, &mut off, 10, 5);
        assert_eq!((sel, off), (0, 0));
        assert!(!move_in_list(Action::Up, &mut sel, &mut off, 0, 5));
    }

    #[test]
    fn event_fields_are_read_for_display() {
        let shanghai = jiff::tz::TimeZone::posix("CST-8").unwrap();
        assert_eq!(
            format_at("2026-11-27T20:31:12.123Z", &shanghai),
            "2026-11-28 04:31"
        );
        assert_eq!(
            status_change(
                Some(r#"{"status":"active"}"#),
                Some(r#"{"status":"suspended"}"#)
            ),
            (Some("active".into()), Some("suspended".into()))
        );
        assert_eq!(status_change(None, Some("not json")), (None, None));
    }
}
