//! certdesk: parse the command line, install the panic and error reports, dispatch. No logic here.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Readable panic reports; the TUI restores the terminal in its own hook before this runs.
    let _ = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .install();
    let cli = certdesk::cli::parse_command_line();
    match certdesk::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            certdesk::cli::report_error(&e);
            ExitCode::from(e.code)
        }
    }
}
