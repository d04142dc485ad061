//! Section 3: the queue and exports through the CLI.

use crate::Config;
use crate::common::*;
use crate::report::Table;
use std::fs;
use std::path::Path;

pub fn bench_queue(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n3. queue and exports (process wall time)");
    let out = scratch.join("out.json");
    let n = cfg.runs.min(3);
    let (mut queue, mut queue_rss) = (Vec::new(), Vec::new());
    let mut items = 0;
    for _ in 0..n {
        let r = certdesk(demo, &["queue", "--format", "json"], Some(&out));
        queue.push(r.ms);
        queue_rss.push(r.rss_kb);
        items = serde_json::from_str::<Vec<serde_json::Value>>(
            &fs::read_to_string(&out).expect("read the queue"),
        )
        .expect("the queue as JSON")
        .len();
    }
    t.runs(
        "queue",
        format!(
            "certdesk queue --format json ({items} items, peak RSS {})",
            mb(worst(&queue_rss))
        ),
        None,
        &queue,
    );
    let (mut export, mut export_rss) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let _ = fs::remove_file(&out);
        let r = certdesk(
            demo,
            &[
                "export",
                "qualifications",
                "--format",
                "json",
                "--out",
                out.to_str().expect("a UTF-8 path"),
            ],
            None,
        );
        export.push(r.ms);
        export_rss.push(r.rss_kb);
    }
    t.runs(
        "queue",
        format!(
            "certdesk export qualifications --format json ({:.1} MB, peak RSS {})",
            file_mb(&out),
            mb(worst(&export_rss))
        ),
        None,
        &export,
    );
    let _ = fs::remove_file(&out);
}
