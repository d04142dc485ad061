//! certdesk: supervision of certification bodies and other conformity assessment bodies.
//!
//! Layers (see ARCHITECTURE.md): `domain` holds the pure rules, `store` is the only
//! place that speaks SQL, `import` turns files into checked batches, and `cli` / `tui`
//! are two front ends over the same store calls; `csv_out` is the one CSV writer.

pub mod cli;
pub mod context;
pub mod csv_out;
pub mod demo;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod identity;
pub mod import;
pub mod locale;
pub mod store;
pub mod tui;
pub mod verified_heads;
