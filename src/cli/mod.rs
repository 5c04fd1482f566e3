//! The `collegia` command line: one binary, one subcommand per job (see `--help`).

pub mod backup;
pub mod demo;
pub mod payouts;
pub mod rules;
pub mod server;
pub mod tally;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

use crate::config::ConfigArgs;

#[derive(Debug, Parser)]
#[command(
    name = "collegia",
    version,
    about = "Decision-making and voting for multi-stakeholder cooperatives",
    long_about = "Decision-making and voting for multi-stakeholder cooperatives.\n\n\
        Without a subcommand, `collegia` runs `serve`: the web server and its background jobs, \
        on an SQLite file in the working directory, writing mail to ./outbox.\n\n\
        Every option can also be set by the environment variable shown beside it."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server and the background jobs (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Tally an election file (collegia-election/1) and print the result (collegia-result/1).
    Tally(tally::TallyArgs),
    /// Print a template's rulebook, or validate a rulebook file (collegia-rulebook/1).
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Compute payouts from a payout file (collegia-payout/1).
    #[command(subcommand)]
    Payouts(payouts::PayoutsCommand),
    /// Audit trail tools.
    #[command(subcommand)]
    Audit(crate::cli::server::AuditCommand),
    /// Server administration: create a server admin, send a test mail, load demo data.
    #[command(subcommand)]
    Admin(crate::cli::server::AdminCommand),
}

/// Parses the command line and runs it; every failure ends here with one line and a status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // The file commands (tally, rules, payouts) keep stderr for their one-line errors.
    if matches!(
        cli.command,
        None | Some(Command::Serve | Command::Migrate | Command::Audit(_) | Command::Admin(_))
    ) {
        crate::telemetry::init();
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Tally(args) => tally::run(args),
        Command::Rules(cmd) => rules::run(cmd),
        Command::Payouts(cmd) => payouts::run(cmd),
        Command::Serve => crate::cli::server::serve(cli.config),
        Command::Migrate => crate::cli::server::migrate(cli.config),
        Command::Audit(cmd) => crate::cli::server::audit(cli.config, cmd),
        Command::Admin(cmd) => crate::cli::server::admin(cli.config, cmd),
    }
}

/// Reads a file argument, `-` meaning standard input.
pub(crate) fn read_input(path: &str) -> Result<String, String> {
    use std::io::Read;
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
    }
}

/// Ends a command with one line on standard error and status 2.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    let line = message.to_string().replace('\n', " ");
    eprintln!("collegia: {line}");
    ExitCode::from(2)
}
