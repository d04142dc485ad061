//! Pure rules of the domain: no I/O, no SQL, no terminal.

pub mod acts;
pub mod applications;
pub mod calendar;
pub mod collation;
pub mod corrections;
pub mod dates;
pub mod due;
pub mod ids;
pub mod inspection;
pub mod kinds;
pub mod migration;
pub mod model;
pub mod penalty;
pub mod period;
pub mod region;
pub mod risk;
pub mod text;

pub use jiff::civil::Date;
