//! What the operating system and SQLite said, in the officer's language: the common kinds of
//! failure in Chinese, the raw text kept in parentheses for the technician. English is the raw
//! text itself. The one place every `io::Error` or SQLite failure inside a message is said.

use super::Lang;
use super::rules::Arg;
use nix::libc;
use std::io::{self, ErrorKind};

/// The kind of an OS failure in Chinese, or None when it has no common name.
fn io_kind_zh(e: &io::Error) -> Option<&'static str> {
    // The errno first: the same failure whatever kind the standard library maps it to.
    if let Some(code) = e.raw_os_error() {
        let by_code = match code {
            libc::ENOENT => Some("文件或文件夹不存在"),
            libc::EACCES | libc::EPERM => Some("没有权限"),
            libc::EEXIST => Some("文件已存在"),
            libc::ENOSPC => Some("磁盘已满"),
            libc::EDQUOT => Some("超出磁盘配额"),
            libc::EROFS => Some("文件系统只读"),
            libc::EISDIR => Some("这是一个文件夹"),
            libc::ENOTDIR => Some("路径中有一部分不是文件夹"),
            libc::EINTR => Some("操作被中断"),
            libc::ETIMEDOUT => Some("操作超时"),
            libc::EFBIG => Some("文件过大"),
            libc::EIO => Some("磁盘输入输出错误"),
            _ => None,
        };
        if by_code.is_some() {
            return by_code;
        }
    }
    Some(match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::QuotaExceeded => "超出磁盘配额",
        ErrorKind::ReadOnlyFilesystem => "文件系统只读",
        ErrorKind::IsADirectory => "这是一个文件夹",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::InvalidData => "数据无效（不是有效的 UTF-8 文本，或格式损坏）",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::BrokenPipe => "管道已关闭",
        ErrorKind::UnexpectedEof => "文件意外结束",
        _ => return None,
    })
}

/// An OS failure in `lang`: `没有权限（Permission denied (os error 13)）` / the raw text.
pub fn io_error(lang: Lang, e: &io::Error) -> String {
    let raw = e.to_string();
    match (lang, io_kind_zh(e)) {
        (Lang::Zh, Some(zh)) => format!("{zh}（{raw}）"),
        _ => raw,
    }
}

/// An OS failure as an argument of a message, in both languages.
pub fn io_arg(e: &io::Error) -> Arg {
    Arg::Said {
        zh: io_error(Lang::Zh, e),
        en: io_error(Lang::En, e),
    }
}

/// SQLite's failure in Chinese, or None when it has no common name.
fn sqlite_zh(e: &rusqlite::Error) -> Option<&'static str> {
    use rusqlite::ErrorCode::*;
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return match e {
            rusqlite::Error::Utf8Error(..) | rusqlite::Error::NulError(_) => {
                Some("数据无效（不是有效的 UTF-8 文本）")
            }
            _ => None,
        };
    };
    Some(match f.code {
        DatabaseBusy => "数据库正忙（另一用户正在写入）",
        DatabaseLocked => "数据库被锁定",
        DatabaseCorrupt => "数据库文件已损坏",
        DiskFull => "磁盘已满",
        ReadOnly => "数据库只读",
        CannotOpen => "无法打开数据库文件",
        NotADatabase => "不是数据库文件",
        PermissionDenied => "没有权限",
        SystemIoFailure => "磁盘输入输出错误",
        OperationInterrupted => "操作被中断",
        FileLockingProtocolFailed => "文件锁定失败（网络文件系统？）",
        TooBig => "数据过大",
        ConstraintViolation => "违反数据约束",
        _ => return None,
    })
}

/// A failure of SQLite in `lang`: `数据库正忙（另一用户正在写入）（database is locked）` / the raw
/// text.
pub fn sqlite_error(lang: Lang, e: &rusqlite::Error) -> String {
    let raw = e.to_string();
    match (lang, sqlite_zh(e)) {
        (Lang::Zh, Some(zh)) => format!("{zh}（{raw}）"),
        _ => raw,
    }
}

/// A failure of SQLite as an argument of a message, in both languages.
pub fn sqlite_arg(e: &rusqlite::Error) -> Arg {
    Arg::Said {
        zh: sqlite_error(Lang::Zh, e),
        en: sqlite_error(Lang::En, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_os_failures_are_named_in_chinese_with_the_raw_text() {
        for (code, zh) in [
            (2, "文件或文件夹不存在"),
            (13, "没有权限"),
            (17, "文件已存在"),
            (28, "磁盘已满"),
            (122, "超出磁盘配额"),
            (30, "文件系统只读"),
            (21, "这是一个文件夹"),
            (20, "路径中有一部分不是文件夹"),
            (4, "操作被中断"),
            (110, "操作超时"),
        ] {
            let e = io::Error::from_raw_os_error(code);
            let raw = e.to_string();
            assert_eq!(io_error(Lang::Zh, &e), format!("{zh}（{raw}）"));
            assert_eq!(io_error(Lang::En, &e), raw);
        }
        let bad = io::Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        assert!(io_error(Lang::Zh, &bad).starts_with("数据无效"));
        let timeout = io::Error::from(ErrorKind::TimedOut);
        assert!(io_error(Lang::Zh, &timeout).starts_with("操作超时（"));
        // A failure without a common name: the raw text alone, in both languages.
        let odd = io::Error::other("something odd");
        assert_eq!(io_error(Lang::Zh, &odd), "something odd");
    }

    #[test]
    fn sqlites_failures_are_named_in_chinese_with_the_raw_text() {
        use rusqlite::ffi;
        for (code, zh) in [
            (ffi::SQLITE_BUSY, "数据库正忙"),
            (ffi::SQLITE_LOCKED, "数据库被锁定"),
            (ffi::SQLITE_CORRUPT, "数据库文件已损坏"),
            (ffi::SQLITE_FULL, "磁盘已满"),
            (ffi::SQLITE_READONLY, "数据库只读"),
            (ffi::SQLITE_CANTOPEN, "无法打开数据库文件"),
            (ffi::SQLITE_NOTADB, "不是数据库文件"),
        ] {
            let e = rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
            let (z, en) = (sqlite_error(Lang::Zh, &e), sqlite_error(Lang::En, &e));
            assert!(z.starts_with(zh), "{z}");
            assert!(z.ends_with(&format!("（{en}）")), "{z}");
            assert_eq!(en, e.to_string());
        }
    }
}
