//! Shared fixtures for the integration tests: valid codes, CSV batches, temp databases.
#![allow(dead_code)]

pub mod sheets;

use certdesk::domain::ids::uscc_check_char;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-27";

/// A valid USCC whose serial part is `n` (region 110000, Beijing).
pub fn uscc(n: u32) -> String {
    let base = format!("91110000{:09}", n);
    format!("{base}{}", uscc_check_char(&base).unwrap())
}

/// A CMA certificate number for `n`.
pub fn cma_no(n: u32) -> String {
    format!("2411{:08}", n)
}

pub const HEADER_EN: &str = "uscc,name,kind,approval_no,route,decided_on,valid_until,scope,region,authority,doc_no,risk_class";
pub const HEADER_ZH: &str = "统一社会信用代码,机构名称,机构类型,批准号,审批方式,批准日期,有效期至,认证领域,行政区划代码,批准机关,文号,风险等级";

/// One valid CSV row (English words) for body `n`.
pub fn row(n: u32, route: &str) -> String {
    format!(
        "{},北京第{n}检测有限公司,cma,{},{route},2024-03-05,2030-03-04,食品检测;环境监测,110000,北京市市场监督管理局,京市监认〔2024〕{n}号,B",
        uscc(n),
        cma_no(n)
    )
}

pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// A CSV of `count` valid rows starting at body `from`.
pub fn batch(dir: &Path, name: &str, from: u32, count: u32) -> PathBuf {
    let routes = ["commitment", "optimized", "general"];
    let mut s = String::from(HEADER_EN);
    s.push('\n');
    for n in from..from + count {
        s.push_str(&row(n, routes[n as usize % 3]));
        s.push('\n');
    }
    write(dir, name, &s)
}

pub fn certdesk(db: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("certdesk").unwrap();
    // The commands speak English under a non-Chinese locale: the texts the tests pin.
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("CERTDESK_DB")
        .env_remove("CERTDESK_TODAY")
        .env("USER", "tester")
        .arg("--db")
        .arg(db)
        .arg("--today")
        .arg(TODAY);
    c
}

/// `certdesk --db DB --today TODAY`: for tests whose clocks run across several days.
pub fn certdesk_on(db: &Path, today: &str) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("certdesk").unwrap();
    // The commands speak English under a non-Chinese locale: the texts the tests pin.
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("CERTDESK_DB")
        .env_remove("CERTDESK_TODAY")
        .arg("--db")
        .arg(db)
        .arg("--today")
        .arg(today);
    c
}

/// A pipe of one page (4 KiB, the smallest Linux makes) for a child's standard output: an output
/// larger than that cannot end by fitting in it, so the child meets whatever the test does to
/// the reading end.
pub fn small_pipe() -> (std::io::PipeReader, std::process::Stdio) {
    let (reader, writer) = std::io::pipe().unwrap();
    nix::fcntl::fcntl(&writer, nix::fcntl::FcntlArg::F_SETPIPE_SZ(4096)).unwrap();
    (reader, std::os::fd::OwnedFd::from(writer).into())
}
