//! "Export what you see" (`e`): the queue, the register, the log and the reports written
//! through the export prompt, opened again with real readers (calamine for XLSX, the csv crate
//! for CSV) and compared with the filtered list the screen holds; the prompt's snapshots at
//! 80×24 and 120×40 in Chinese and English; an existing file refused in the prompt and kept.

mod tui_common;

use certdesk::i18n::Lang;
use certdesk::store::register::RegisterQuery;
use certdesk::store::reports::EventFilter;
use certdesk::tui::app::Modal;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use tui_common::Harness;

/// Every cell of the first sheet of an .xlsx file, as text (the export writes nothing else).
fn read_xlsx(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("a cell that is not text: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// A CSV file written for Excel: the byte-order mark, then the header and the rows.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

/// `e`, the proposed path replaced by `path`, Enter: the prompt closes and says so.
fn export_to(h: &mut Harness, path: &Path) {
    h.type_str("e");
    assert!(
        matches!(h.app.modals.last(), Some(Modal::Export(_))),
        "e opens the prompt\n{}",
        h.text()
    );
    h.ctrl('u');
    h.type_str(&path.to_string_lossy());
    h.press(KeyCode::Enter);
    assert!(
        !matches!(h.app.modals.last(), Some(Modal::Export(_))),
        "written and closed\n{}",
        h.text()
    );
    assert!(path.exists(), "{} written", path.display());
}

fn out(h: &Harness, name: &str) -> PathBuf {
    h.dir.path().join(name)
}

#[test]
fn the_queue_exports_exactly_its_filtered_items_as_xlsx_in_chinese() {
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    // Narrow to one kind of thing due (the facet bar: Tab, then the next value).
    h.press(KeyCode::Tab);
    h.type_str("j");
    h.press(KeyCode::Esc);
    let shown: Vec<_> = h.app.queue.items().iter().map(|i| (**i).clone()).collect();
    assert!(!shown.is_empty() && shown.len() < h.app.queue.all().len());
    let path = out(&h, "待办.xlsx");
    export_to(&mut h, &path);
    let cells = read_xlsx(&path);
    assert_eq!(
        cells[0],
        [
            "机构名称",
            "统一社会信用代码",
            "批准号",
            "办件",
            "事项",
            "到期日",
            "剩余",
            "地区"
        ]
    );
    assert_eq!(cells.len() - 1, shown.len(), "one row per item shown");
    for (row, item) in cells[1..].iter().zip(&shown) {
        assert_eq!(row[0], item.name);
        assert_eq!(row[1], item.uscc);
        assert_eq!(row[2], item.approval_no.clone().unwrap_or_default());
        assert_eq!(
            row[4],
            certdesk::i18n::due_kind(Lang::Zh, &item.kind),
            "values in Chinese"
        );
        assert_eq!(row[5], item.due_on);
    }
    assert!(h.shows("已导出"), "{}", h.text());
}

/// 30 more certification bodies, so the register holds more rows than a window shows.
fn thirty_more(h: &mut Harness) {
    let base = certdesk::tui::fixture::grants()[0].clone();
    let rows: Vec<_> = (0..30u32)
        .map(|i| {
            let mut g = base.clone();
            g.row = i as usize + 2;
            g.uscc = certdesk::tui::fixture::uscc("110105", 100 + i);
            g.name = format!("测试{i:02}认证有限公司");
            g.approval_no =
                certdesk::domain::ids::ApprovalNo::parse(&format!("CNCA-R-2025-{}", 100 + i))
                    .unwrap();
            g
        })
        .collect();
    let mode = certdesk::store::import::BatchMode {
        dry_run: false,
        skip_invalid: false,
    };
    let outcome = h
        .app
        .store
        .import_grants("extra.csv", "extra", &rows, 0, mode)
        .unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
}

#[test]
fn the_register_exports_every_filtered_row_not_only_the_window_as_csv() {
    // 80×24 shows a window of the rows; the export holds all of them.
    let mut h = Harness::new(Lang::En, Theme::COLOR, 80, 24);
    thirty_more(&mut h);
    h.type_str("2/认证");
    h.press(KeyCode::Esc);
    let query = h.app.register.query.clone();
    assert_eq!(query.text, "认证");
    let expected = h
        .app
        .store
        .register_page(&query, None, false, 1000)
        .unwrap();
    assert!(
        expected.len() > h.app.register.win.rows.len(),
        "more than a window"
    );
    let everything = h
        .app
        .store
        .register_page(&RegisterQuery::default(), None, false, 1000)
        .unwrap();
    assert!(expected.len() < everything.len(), "the filter narrows");
    let path = out(&h, "register.csv");
    export_to(&mut h, &path);
    let rows = read_csv(&path);
    assert_eq!(rows[0][0], "Name");
    assert_eq!(rows[0][4], "Status");
    let approvals: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|r| r.approval_no.as_str()).collect();
    assert_eq!(approvals, want, "the same rows in the same order");
    let guoshi = rows.iter().find(|r| r[2] == "CNCA-R-2002-001").unwrap();
    assert_eq!(
        guoshi[3], "certification body",
        "English values under the English UI"
    );
    assert_eq!(guoshi[4], "active");
}

#[test]
fn the_log_exports_the_events_its_filter_finds() {
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    h.type_str("4/停业整顿");
    h.press(KeyCode::Enter);
    h.settle();
    let filter = EventFilter {
        text: "停业整顿".into(),
        acts: certdesk::i18n::sentences::acts_named("停业整顿"),
    };
    let expected = h.app.store.events_page(&filter, None, 1000).unwrap();
    assert!(!expected.is_empty());
    let all = h
        .app
        .store
        .events_page(&EventFilter::default(), None, 1000)
        .unwrap();
    assert!(expected.len() < all.len());
    let path = out(&h, "日志.csv");
    export_to(&mut h, &path);
    let rows = read_csv(&path);
    assert_eq!(rows[0][0], "#");
    assert_eq!(rows[0][1], "记录时间");
    let ids: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    let want: Vec<String> = expected.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids, want);
    assert!(rows[1..].iter().all(|r| r[2] == "责令停业整顿"), "{rows:?}");
}

#[test]
fn the_reports_export_what_they_show() {
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    h.type_str("3");
    h.settle();
    let r = h.app.reports.reports.clone().unwrap();
    let expected = certdesk::tui::screens::reports::table(&r, Lang::Zh, None);
    let path = out(&h, "统计.xlsx");
    export_to(&mut h, &path);
    let cells = read_xlsx(&path);
    assert_eq!(cells[0], expected.headers);
    assert_eq!(&cells[1..], &expected.rows[..]);
    assert!(cells.contains(&vec![
        "按状态".to_string(),
        "suspended".into(),
        "停业整顿".into(),
        "1".into()
    ]));
}

#[test]
fn an_existing_file_is_refused_in_the_prompt_and_kept() {
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 80, 24);
    let path = out(&h, "mine.xlsx");
    std::fs::write(&path, "an officer's own file").unwrap();
    h.type_str("e");
    h.ctrl('u');
    h.type_str(&path.to_string_lossy());
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modals.last(), Some(Modal::Export(_))));
    assert!(h.shows("已存在"), "{}", h.text());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "an officer's own file"
    );
    // The database is never a destination either.
    h.ctrl('u');
    h.type_str(&format!("{}", h.db_path().display()));
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modals.last(), Some(Modal::Export(_))));
    // Esc leaves, nothing written.
    h.press(KeyCode::Esc);
    assert!(h.app.modals.is_empty());
    let names: Vec<String> = std::fs::read_dir(h.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("fixture.db"))
        .collect();
    assert_eq!(names, ["mine.xlsx"]);
}

/// The prompt as proposed (in a home folder of a fixed name, so the snapshot is stable), and
/// with a refusal (a name without .xlsx or .csv), at both sizes in both languages.
#[test]
fn the_export_prompt_snapshots() {
    for (state, typed) in [
        ("export_prompt", None),
        ("export_prompt_refused", Some("名单.txt")),
    ] {
        for (w, hh) in [(80, 24), (120, 40)] {
            for lang in [Lang::Zh, Lang::En] {
                let mut h = Harness::new(lang, Theme::COLOR, w, hh);
                h.app.export_dir = PathBuf::from("/home/officer");
                h.type_str("2");
                h.type_str("e");
                if let Some(t) = typed {
                    h.ctrl('u');
                    h.type_str(t);
                    h.press(KeyCode::Enter);
                }
                let l = if lang == Lang::Zh { "zh" } else { "en" };
                insta::assert_snapshot!(format!("{state}_{w}x{hh}_{l}"), h.masked());
            }
        }
    }
}

/// The reports by period: the quarter's charts exported, then Enter on a bar opens the list
/// behind it, which `e` exports too — both compared with what the store counted.
#[test]
fn the_reports_by_period_and_the_list_behind_a_bar_export_what_they_show() {
    use certdesk::domain::period::{Period, PeriodKind};
    use certdesk::store::reports::Bar;
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    h.type_str("3p");
    let q4 = Period::containing(PeriodKind::Quarter, certdesk::tui::fixture::TODAY);
    assert_eq!(h.app.reports.period, Some(q4));
    assert!(h.shows("期间：2026年第4季度"), "{}", h.text());
    // Counted by the background reader.
    h.settle();
    let counted = h.app.store.period_report(&q4, None).unwrap();
    let path = out(&h, "按期间.xlsx");
    export_to(&mut h, &path);
    let cells = read_xlsx(&path);
    let expected = certdesk::tui::screens::reports::period_table(&counted, Lang::Zh, &q4);
    assert_eq!(cells[0], expected.headers);
    assert_eq!(&cells[1..], &expected.rows[..]);
    assert!(
        cells
            .iter()
            .any(|r| r[0] == "批准（按审批方式）（2026年第4季度）"
                && r[1] == "commitment"
                && r[3] == "1")
    );
    // The bar "责令停业整顿": the list of the events it counted.
    let bars = h.app.reports.period_bars();
    let at = bars
        .iter()
        .position(|(_, b, _, _)| *b == Bar::Act("suspend".into()))
        .unwrap();
    for _ in 0..at {
        h.type_str("j");
    }
    h.press(KeyCode::Enter);
    let Some(Modal::Rows(list)) = h.app.modals.last() else {
        panic!("Enter opens the list\n{}", h.text())
    };
    assert_eq!(list.rows.len(), 1);
    assert!(h.shows("按行为：责令停业整顿"), "{}", h.text());
    let path = out(&h, "停业整顿.csv");
    export_to(&mut h, &path);
    let rows = read_csv(&path);
    assert_eq!(rows[0][0], "日期");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "2026-11-20");
    assert_eq!(rows[1][1], "责令停业整顿");
    assert_eq!(rows[1][3], "CNCA-R-2019-077");
    // The list stays open under the prompt; Enter there opens the body's file.
    assert!(matches!(h.app.modals.last(), Some(Modal::Rows(_))));
    h.press(KeyCode::Enter);
    assert!(h.app.modals.is_empty());
    assert_eq!(h.app.screen, certdesk::tui::app::ScreenId::Body);
    // `[` and `]` step the period; a from–to range typed right replaces it.
    h.type_str("q3[");
    assert_eq!(h.app.reports.period, Some(q4.step(-1)));
    h.settle();
    h.type_str("f");
    h.ctrl('u');
    h.type_str("2026-10-01..2026-11-26");
    h.press(KeyCode::Enter);
    h.settle();
    let p = h.app.reports.period.unwrap();
    assert_eq!(
        (p.from.to_string(), p.to.to_string()),
        ("2026-10-01".into(), "2026-11-26".into())
    );
    assert_eq!(
        h.app.reports.by_period.as_ref().unwrap().overdue_at,
        // 中安's verification (due 10-20, not done), the approval ended 05-31 with no renewal;
        // on 11-26 also CNCA-R-2020-045's renewal filing, due 11-19.
        vec![("2026-10-31".to_string(), 2), ("2026-11-26".to_string(), 3)]
    );
}
