//! `collegia rules show|check`; sentences come from `i18n::rulebook`, as on the web.

use crate::domain::rulebook::{self, CompanyForm, Template, explain, template, validate};
use crate::i18n::rulebook::{COLLEGIA_SOURCE, render_explanation, render_violation};
use crate::i18n::{Locale, render};
use clap::Subcommand;
use std::io::Write as _;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print a template's rulebook (collegia-rulebook/1).
    Show {
        /// scic, somerset, fairshares, quebec_solidarity, sce, one_member_one_vote
        template: String,
        /// SCIC only: the company form (sa, sas, sarl).
        #[arg(long)]
        form: Option<String>,
    },
    /// Validate a rulebook file (`-` for standard input); exit status 2 with the reasons when invalid.
    Check { file: String },
}

pub fn run(cmd: RulesCommand) -> ExitCode {
    match cmd {
        RulesCommand::Show { template, form } => show(&template, form.as_deref()),
        RulesCommand::Check { file } => check(&file),
    }
}

fn show(name: &str, form: Option<&str>) -> ExitCode {
    let Some(chosen) = Template::parse(name) else {
        let known: Vec<_> = Template::ALL.iter().map(|t| t.key()).collect();
        return super::fail(format!(
            "unknown template '{name}' (expected one of: {})",
            known.join(", ")
        ));
    };
    let form = match form {
        None => None,
        Some(_) if chosen != Template::Scic => {
            return super::fail(format!(
                "--form applies to the scic template only, not to {name}"
            ));
        }
        Some(text) => match CompanyForm::parse(text) {
            Some(f) => Some(f),
            None => {
                return super::fail(format!(
                    "unknown company form '{text}' (expected sa, sas or sarl)"
                ));
            }
        },
    };
    print(&format!("{}\n", template(chosen, form).to_json_pretty()))
}

fn check(file: &str) -> ExitCode {
    let text = match super::read_input(file) {
        Ok(t) => t,
        Err(e) => return super::fail(e),
    };
    let book = match rulebook::parse(&text) {
        Ok(b) => b,
        // A field the format does not allow, or lacks: the format is the rule broken.
        Err(e) if !e.path.is_empty() => {
            return super::fail(format!(
                "{}: {} ({}; line {}, column {})",
                e.path,
                e.message,
                render(Locale::En, COLLEGIA_SOURCE, &[]),
                e.line,
                e.column
            ));
        }
        Err(e) => return super::fail(e),
    };
    if let Err(violations) = validate(&book) {
        let lines: Vec<String> = violations
            .iter()
            .map(|v| render_violation(Locale::En, v).replace('\n', " "))
            .collect();
        // stderr going away is no reason to panic; the status still says what happened.
        let _ = writeln!(std::io::stderr().lock(), "{}", lines.join("\n"));
        return ExitCode::from(2);
    }
    let mut out = format!(
        "ok: a valid {} rulebook ({})\n",
        book.template.key(),
        rulebook::FORMAT
    );
    for e in explain(&book) {
        out.push_str(&format!("- {}\n", render_explanation(Locale::En, &e)));
    }
    print(&out)
}

/// Writes to standard output without panicking when the reader has gone (`| head`).
fn print(text: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => super::fail(format!("cannot write the output: {e}")),
    }
}
