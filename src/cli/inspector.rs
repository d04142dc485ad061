//! `certdesk inspector …`: the inspector roster (执法检查人员名录库) — the officer table —
//! and the conflicts declared between an officer and a body.

use super::inspection::refused;
use super::output::{self, print_table};
use super::{CliError, EXIT_OK};
use crate::i18n::Lang;
use crate::i18n::inspection::{Report, report};
use crate::store::Store;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct InspectorArgs {
    #[command(subcommand)]
    pub command: InspectorCommand,
}

#[derive(Debug, Subcommand)]
pub enum InspectorCommand {
    /// Put an officer on the active roster (or back on it), with name, certificate and department
    #[command(
        after_help = "Example: certdesk inspector add zhang.wei --name 张伟 --cert-no 京市监执 11010023 --dept 认证监管处 --kinds cb,cma"
    )]
    Add {
        /// The login the officer's acts are recorded under
        login: String,
        #[arg(long)]
        name: String,
        /// The law-enforcement certificate number (执法证号)
        #[arg(long)]
        cert_no: String,
        #[arg(long)]
        dept: String,
        /// Kinds of body the officer inspects: cb, cma or cb,cma
        #[arg(long, default_value = "cb,cma")]
        kinds: String,
    },
    /// Take an officer off the active roster (their record stays)
    Deactivate { login: String },
    /// List the roster
    List,
    /// Conflicts of interest (回避): an officer is never drawn for that body
    Conflict {
        #[command(subcommand)]
        command: ConflictCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictCommand {
    /// Declare a conflict between an officer and a body
    Add {
        login: String,
        #[arg(long)]
        uscc: String,
        #[arg(long)]
        reason: String,
    },
}

impl InspectorArgs {
    pub fn reads_only(&self) -> bool {
        matches!(self.command, InspectorCommand::List)
    }
}

pub fn run(store: &mut Store, a: &InspectorArgs, lang: Lang) -> Result<u8, CliError> {
    let no = |e| refused(lang, e);
    let say = |r: Report| -> Result<(), CliError> { Ok(output::print_line(&report(lang, &r))?) };
    match &a.command {
        InspectorCommand::Add {
            login,
            name,
            cert_no,
            dept,
            kinds,
        } => {
            let o = store
                .add_inspector(login, name, cert_no, dept, kinds)
                .map_err(no)?;
            say(Report::InspectorAdded(o.login))?;
        }
        InspectorCommand::Deactivate { login } => {
            let o = store.deactivate_inspector(login).map_err(no)?;
            say(Report::InspectorDeactivated(o.login))?;
        }
        InspectorCommand::Conflict {
            command:
                ConflictCommand::Add {
                    login,
                    uscc,
                    reason,
                },
        } => {
            store.add_conflict(login, uscc, reason).map_err(no)?;
            say(Report::ConflictAdded(
                login.trim().to_string(),
                uscc.trim().to_string(),
            ))?;
        }
        InspectorCommand::List => {
            let rows: Vec<Vec<String>> = store
                .inspectors()?
                .into_iter()
                .map(|o| {
                    vec![
                        o.login,
                        o.name,
                        o.cert_no,
                        o.dept,
                        o.kinds,
                        lang.pick(
                            if o.active { "在岗" } else { "停用" },
                            if o.active { "active" } else { "inactive" },
                        )
                        .to_string(),
                    ]
                })
                .collect();
            let h = match lang {
                Lang::Zh => ["登录名", "姓名", "执法证号", "部门", "类型", "状态"],
                Lang::En => ["login", "name", "cert no", "dept", "kinds", "status"],
            };
            print_table(&mut output::stdout(), &h, &rows)?;
        }
    }
    Ok(EXIT_OK)
}
