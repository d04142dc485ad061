//! Drawing the whole screen from the app's state: the tab bar, the current screen, the status
//! bar (or a toast), and any popups. Smaller than 80×24 shows only a request to enlarge.

use super::app::{ActMenu, App, AppMenu, CaseMenu, Detail, Modal, ScreenId};
use super::keymap;
use super::screens::Cx;
use super::widgets::centered;
use super::widgets::status::{render_hints, render_toast};
use super::widgets::text::{fit, width, wrap};
use crate::i18n::{Msg, act_of};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The area between the tab bar and the status bar.
pub fn content_area(area: Rect) -> Rect {
    Rect {
        x: area.x,
        y: area.y + 1.min(area.height),
        width: area.width,
        height: area.height.saturating_sub(2),
    }
}

pub fn draw(f: &mut Frame, app: &App) {
    draw_screen(f, app);
    if app.ambiguous_wide {
        super::widgets::text::narrow_ambiguous(f.buffer_mut());
    }
}

fn draw_screen(f: &mut Frame, app: &App) {
    let area = f.area();
    let cx = app.cx();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, &cx);
        return;
    }
    let top = Rect { height: 1, ..area };
    let content = content_area(area);
    let bottom = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };

    tabs(f, top, app, &cx);
    match app.screen {
        ScreenId::Queue => app.queue.render(f, content, &cx),
        ScreenId::Register => app.register.render(f, content, &cx),
        ScreenId::Reports => app.reports.render(f, content, &cx),
        ScreenId::Log => app.log.render(f, content, &cx),
        ScreenId::Body => {
            if let Some(b) = &app.body {
                b.render(f, content, &cx)
            }
        }
        ScreenId::Applications => app.applications.render(f, content, &cx),
        ScreenId::Risk => app.risk.render(f, content, &cx, &app.store.settings().risk),
        ScreenId::Tasks => app.tasks.render(f, content, &cx),
        ScreenId::Task => {
            if let Some(t) = &app.task {
                t.render(f, content, &cx)
            }
        }
        ScreenId::Roster => app.roster.render(f, content, &cx),
        ScreenId::Application => {
            if let Some(a) = &app.application {
                a.render(f, content, &cx)
            }
        }
    }
    for modal in &app.modals {
        match modal {
            Modal::Help(h) => h.render(f, content, &cx),
            Modal::Palette(p) => {
                let w = content.width.saturating_sub(8).min(76);
                p.render(
                    f,
                    centered(content, w, content.height.saturating_sub(4).min(18)),
                    &cx,
                )
            }
            Modal::Menu(m) => menu(f, content, m, &cx),
            Modal::CaseMenu(m) => case_menu(f, content, m, &cx),
            Modal::Case(form) => {
                let w = content.width.saturating_sub(4).min(100);
                form.render(
                    f,
                    centered(content, w, form.height(w, cx.lang).min(content.height)),
                    &cx,
                )
            }
            Modal::Form(form) => {
                let w = content.width.saturating_sub(4).min(100);
                form.render(
                    f,
                    centered(content, w, form.height(w, cx.lang).min(content.height)),
                    &cx,
                )
            }
            Modal::Record(form) => {
                let w = content.width.saturating_sub(4).min(100);
                form.render(
                    f,
                    centered(content, w, form.height(w, cx.lang).min(content.height)),
                    &cx,
                )
            }
            Modal::Detail(d) => detail(f, content, d, &cx),
            Modal::Export(p) => p.render(f, content, &cx),
            Modal::Rows(l) => l.render(f, content, &cx),
            Modal::AppMenu(m) => app_menu(f, content, m, &cx),
            Modal::Include(form) => form.render(f, content, &cx),
            Modal::Inspection(form) => {
                let w = content.width.saturating_sub(4).min(100);
                form.render(
                    f,
                    centered(content, w, form.height(w, cx.lang).min(content.height)),
                    &cx,
                )
            }
            Modal::AppForm(form) => {
                let w = content.width.saturating_sub(4).min(100);
                form.render(
                    f,
                    centered(content, w, form.height(w, cx.lang).min(content.height)),
                    &cx,
                )
            }
        }
    }
    match &app.toast {
        Some(t) => render_toast(f, bottom, t, cx.theme),
        None => render_hints(f, bottom, &keymap::hints(app.modes()), cx.lang, cx.theme),
    }
}

fn tabs(f: &mut Frame, area: Rect, app: &App, cx: &Cx) {
    let mut spans = vec![Span::styled(" certdesk ", cx.theme.title())];
    for (i, s) in ScreenId::TOP.iter().enumerate() {
        let text = format!(" {} {} ", i + 1, cx.lang.t(s.title()));
        let active = app.screen == *s
            || (matches!(app.screen, ScreenId::Body | ScreenId::Application)
                && app.back.first() == Some(s));
        spans.push(Span::styled(
            text,
            if active && app.screen == *s {
                cx.theme.tab_active()
            } else {
                cx.theme.tab()
            },
        ));
    }
    if app.screen == ScreenId::Body {
        spans.push(Span::styled(
            format!(" › {} ", cx.lang.t(Msg::ScreenBody)),
            cx.theme.tab_active(),
        ));
    }
    // The risk signals (key 7) and the inspections (key 6) are no tabs of their own: five
    // tabs fill 80 columns in English.
    if app.screen == ScreenId::Risk {
        spans.push(Span::styled(
            format!(" 7 {} ", cx.lang.t(Msg::ScreenRisk)),
            cx.theme.tab_active(),
        ));
    }
    if matches!(
        app.screen,
        ScreenId::Tasks | ScreenId::Task | ScreenId::Roster
    ) {
        spans.push(Span::styled(
            format!(" 6 {} ", cx.lang.t(Msg::ScreenTasks)),
            cx.theme.tab_active(),
        ));
        match (app.screen, &app.task) {
            (ScreenId::Task, Some(t)) => spans.push(Span::styled(
                format!(" › #{} ", t.id),
                cx.theme.tab_active(),
            )),
            (ScreenId::Roster, _) => spans.push(Span::styled(
                format!(" › {} ", cx.lang.t(Msg::ScreenRoster)),
                cx.theme.tab_active(),
            )),
            _ => {}
        }
    }
    if let (ScreenId::Application, Some(a)) = (app.screen, &app.application) {
        spans.push(Span::styled(
            format!(" › {} ", cx.lang.f(Msg::AppTab, &[("id", &a.id())])),
            cx.theme.tab_active(),
        ));
    }
    let tabs_w: usize = spans.iter().map(|s| width(&s.content)).sum();
    f.render_widget(Line::from(spans), area);
    // Today, where it leaves the tabs whole: else the date alone (five tabs fill 80 columns in
    // English), else nothing (a file's name after them).
    let right = [
        format!("{} ", cx.lang.f(Msg::Today, &[("date", &cx.today)])),
        format!("{} ", cx.today),
    ]
    .into_iter()
    .find(|r| area.width as usize >= tabs_w + width(r))
    .unwrap_or_default();
    let w = width(&right) as u16;
    if w > 0 && area.width > w + 60 {
        f.render_widget(
            Line::from(Span::styled(right, cx.theme.dim())).alignment(Alignment::Right),
            Rect {
                x: area.x + area.width - w,
                width: w,
                ..area
            },
        );
    }
}

fn too_small(f: &mut Frame, area: Rect, cx: &Cx) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = cx.lang.f(
        Msg::TooSmall,
        &[
            ("w", &area.width),
            ("h", &area.height),
            ("minw", &MIN_WIDTH),
            ("minh", &MIN_HEIGHT),
        ],
    );
    let lines = wrap(&text, area.width as usize).len() as u16;
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let a = Rect {
        y,
        height: area.height - (y - area.y),
        ..area
    };
    f.render_widget(
        Paragraph::new(text)
            .style(cx.theme.error())
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: false }),
        a,
    );
}

fn case_menu(f: &mut Frame, content: Rect, m: &CaseMenu, cx: &Cx) {
    let names: Vec<String> = m
        .steps
        .iter()
        .map(|s| crate::i18n::case_step(cx.lang, *s).to_string())
        .collect();
    let mut title = cx.lang.f(
        Msg::CaseMenuTitle,
        &[("approval", &super::widgets::text::clean(&m.approval))],
    );
    if let Some(c) = &m.case {
        title.push(' ');
        title.push_str(&super::widgets::text::clean(&c.case_no));
    }
    menu_box(
        f,
        content,
        &title,
        &names,
        m.selected,
        width(&title) + 4,
        cx,
    );
}

/// Lines kept under the menu of acts for why a greyed act cannot be chosen, so that the
/// layout does not change when the reason appears.
const MENU_WHY_ROOM: u16 = 3;

fn menu(f: &mut Frame, content: Rect, m: &ActMenu, cx: &Cx) {
    // Every act in its fixed place with its fixed letter; those not allowed now greyed. Where
    // one column of every act (and room for the reason) does not fit, two columns without the
    // CLI's act names: every act stays in view at 80×24.
    let one_column = m.acts.len() as u16 + 2 + MENU_WHY_ROOM <= content.height;
    let names: Vec<String> = m
        .acts
        .iter()
        .map(|(a, _)| {
            let name = act_of(cx.lang, m.kind, a.as_str());
            let key = super::keymap::act_key(*a);
            if name == a.as_str() || !one_column {
                format!("{key}  {name}")
            } else {
                format!("{key}  {name}  {}", a.as_str())
            }
        })
        .collect();
    let greyed: Vec<bool> = m.acts.iter().map(|(_, why)| why.is_some()).collect();
    let title = format!(
        "{} {}",
        cx.lang.t(Msg::KeyActs),
        super::widgets::text::clean(&m.approval)
    );
    let columns: u16 = if one_column { 1 } else { 2 };
    let rows = names.len().div_ceil(columns as usize).max(1);
    // An entry is drawn " name " (or "·name " when greyed).
    let column_w = names.iter().map(|n| width(n)).max().unwrap_or(10) as u16 + 2;
    let w = (column_w * columns + if one_column { 4 } else { 2 })
        .max(width(&m.approval) as u16 + 16)
        .max(50)
        .min(content.width);
    let why = m
        .why
        .as_ref()
        .map(|y| {
            wrap(
                &super::widgets::text::clean(&cx.lang.f(Msg::MenuNotNow, &[("why", y)])),
                w.saturating_sub(4) as usize,
            )
        })
        .unwrap_or_default();
    let area = centered(
        content,
        w,
        (rows as u16 + 2 + why.len() as u16).min(content.height),
    );
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(cx.theme.focus_border())
        .title(Span::styled(format!(" {title} "), cx.theme.title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = (inner.height as usize).saturating_sub(why.len()).max(1);
    // One column scrolls to the selected act when the window is very low; two always fit.
    let offset = (m.selected % rows + 1).saturating_sub(h);
    let column_w = (inner.width / columns).max(3);
    let entry = |i: usize| {
        let text = format!(" {} ", fit(&names[i], column_w.saturating_sub(2) as usize));
        let text = super::widgets::text::pad(&text, column_w as usize);
        let style = match (i == m.selected, greyed[i]) {
            (true, _) => cx.theme.selected(),
            (false, true) => cx.theme.dim(),
            (false, false) => cx.theme.normal(),
        };
        // Greyed is also said without colour: a "·" before the name (NO_COLOR).
        let text = if greyed[i] {
            format!("·{}", &text[1..])
        } else {
            text
        };
        Span::styled(text, style)
    };
    let mut lines: Vec<Line> = (offset..rows)
        .take(h)
        .map(|row| {
            Line::from(
                (0..columns as usize)
                    .map(|c| c * rows + row)
                    .filter(|&i| i < names.len())
                    .map(entry)
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    lines.extend(
        why.into_iter()
            .map(|l| Line::from(Span::styled(l, cx.theme.error()))),
    );
    f.render_widget(Paragraph::new(lines), inner);
}

fn app_menu(f: &mut Frame, content: Rect, m: &AppMenu, cx: &Cx) {
    let names: Vec<String> = m
        .acts
        .iter()
        .map(|a| {
            format!(
                "{}  {}",
                crate::i18n::application_act(cx.lang, *a),
                a.as_str()
            )
        })
        .collect();
    let title = cx.lang.f(Msg::AppMenuTitle, &[("id", &m.id)]);
    menu_box(
        f,
        content,
        &title,
        &names,
        m.selected,
        width(&title) + 4,
        cx,
    );
}

/// A bordered list of choices titled `title`, at least `min_w` columns wide.
fn menu_box(
    f: &mut Frame,
    content: Rect,
    title: &str,
    names: &[String],
    selected: usize,
    min_w: usize,
    cx: &Cx,
) {
    let w = names
        .iter()
        .map(|n| width(n))
        .max()
        .unwrap_or(10)
        .max(min_w) as u16
        + 6;
    let area = centered(
        content,
        w.min(content.width),
        (names.len() as u16 + 2).min(content.height),
    );
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(cx.theme.focus_border())
        .title(Span::styled(format!(" {title} "), cx.theme.title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    let offset = (selected + 1).saturating_sub(h);
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, n)| {
            let text = format!(" {} ", fit(n, inner.width.saturating_sub(2) as usize));
            Line::from(Span::styled(
                text,
                if i == selected {
                    cx.theme.selected()
                } else {
                    cx.theme.normal()
                },
            ))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn detail(f: &mut Frame, content: Rect, d: &Detail, cx: &Cx) {
    let w = content.width.saturating_sub(6).min(100);
    let inner_w = w.saturating_sub(2) as usize;
    let lines: Vec<String> = d.lines.iter().flat_map(|l| wrap(l, inner_w)).collect();
    let area = centered(content, w, (lines.len() as u16 + 2).min(content.height));
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(cx.theme.focus_border())
        .title(Span::styled(format!(" {} ", d.title), cx.theme.title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(d.scroll)
        .take(inner.height as usize)
        .map(Line::from)
        .collect();
    f.render_widget(Paragraph::new(visible), inner);
}
