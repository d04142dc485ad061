//! What one input file may hold (README, "Import limits"). A file over a limit is refused at
//! once, before its rows are checked and before the database is touched, with the limit named:
//! these are far beyond any real register and bound the time and memory a hostile file costs.

/// Columns of the header row (Excel allows 16,384; a register has 13–20).
pub const MAX_COLUMNS: usize = 200;
/// Data rows in one file (Excel's sheet limit; a national register has about 100,000).
pub const MAX_ROWS: usize = 1_048_576;
/// Characters in one cell (Excel's own cell limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Bytes of one input file.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// Bytes of one row's cells (a register row is a few hundred bytes).
pub const MAX_ROW_BYTES: usize = 4 * 1024 * 1024;
/// Non-empty cells in one file (a national register of 100,000 rows × 20 columns has 2 million).
/// For .xls and .ods, whose reader loads every sheet at once, the cells it would allocate: the
/// span of each sheet's cells, repeated cells expanded, all sheets together.
pub const MAX_CELLS: u64 = 20_000_000;
/// Distinct keys (column names) in one JSON file, and so in any one of its objects.
pub const MAX_KEYS: usize = MAX_COLUMNS;

/// The limit a file broke, for [`ReadError::Limit`](super::ReadError::Limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Columns,
    Rows,
    CellChars,
    FileBytes,
    RowBytes,
    Cells,
    Keys,
}

impl Limit {
    /// The limit's value.
    pub fn max(self) -> u64 {
        match self {
            Limit::Columns => MAX_COLUMNS as u64,
            Limit::Rows => MAX_ROWS as u64,
            Limit::CellChars => MAX_CELL_CHARS as u64,
            Limit::FileBytes => MAX_FILE_BYTES,
            Limit::RowBytes => MAX_ROW_BYTES as u64,
            Limit::Cells => MAX_CELLS,
            Limit::Keys => MAX_KEYS as u64,
        }
    }

    /// What is counted, as the message names it.
    pub fn what(self) -> &'static str {
        match self {
            Limit::Columns => "columns",
            Limit::Rows => "data rows",
            Limit::CellChars => "characters in one cell",
            Limit::FileBytes => "bytes",
            Limit::RowBytes => "bytes in one row",
            Limit::Cells => "cells",
            Limit::Keys => "distinct keys (column names)",
        }
    }

    /// What the officer can do about it.
    pub fn fix(self) -> &'static str {
        match self {
            Limit::Columns => {
                "delete the columns the register does not use (or the stray cells far to the right) and save again"
            }
            Limit::Rows => "split the file into batches and import them one after another",
            Limit::CellChars => "the cell is not a register value: correct it and save again",
            Limit::FileBytes => "split the file into batches and import them one after another",
            Limit::RowBytes => {
                "the row is not a register row (a cell holds a whole document?): correct it and save again"
            }
            Limit::Cells => {
                "split the file into batches, or delete the sheets and stray cells the register does not use, and save again"
            }
            Limit::Keys => {
                "leave out the keys the register does not use (each object's keys are its columns)"
            }
        }
    }
}
