//! The status bar (the keys that matter here, from the keymap) and toasts (a short message
//! that replaces it for a few seconds).

use super::text::width;
use crate::i18n::Lang;
use crate::tui::keymap::Binding;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

/// A message for the officer: what just happened, or what went wrong.
#[derive(Debug, Clone)]
pub struct Toast {
    pub text: String,
    pub kind: ToastKind,
    pub until: Instant,
}

impl Toast {
    pub fn new(text: impl Into<String>, kind: ToastKind) -> Self {
        let secs = if kind == ToastKind::Error { 8 } else { 4 };
        Toast {
            text: text.into(),
            kind,
            until: Instant::now() + Duration::from_secs(secs),
        }
    }
}

/// "Enter 打开  / 筛选  ? 帮助 …" as far as it fits.
pub fn render_hints(f: &mut Frame, area: Rect, hints: &[&Binding], lang: Lang, theme: Theme) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let room = area.width as usize;
    for b in hints {
        let keys = b.keys.first().map(|k| k.label()).unwrap_or_default();
        let desc = lang.t(b.desc);
        let w = width(&keys) + 1 + width(desc) + 2;
        if used + w > room {
            break;
        }
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {desc}  ")));
        used += w;
    }
    f.render_widget(Line::from(spans), area);
}

/// The toast in place of the hints.
pub fn render_toast(f: &mut Frame, area: Rect, toast: &Toast, theme: Theme) {
    let style = match toast.kind {
        ToastKind::Info => theme.ok(),
        ToastKind::Error => theme.error(),
    };
    let text = super::text::fit(&super::text::clean(&toast.text), area.width as usize);
    f.render_widget(Line::from(Span::styled(text, style)), area);
}
