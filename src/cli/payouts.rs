//! `collegia payouts compute FILE|-`: a `collegia-payout/1` file in, the result JSON out.
use clap::Subcommand;
use std::process::ExitCode;

use crate::domain::payout;

#[derive(Debug, Subcommand)]
pub enum PayoutsCommand {
    /// Compute a month's payouts from a payout file (collegia-payout/1), or `-` for standard input.
    Compute { file: String },
}

pub fn run(cmd: PayoutsCommand) -> ExitCode {
    match cmd {
        PayoutsCommand::Compute { file } => {
            let text = match super::read_input(&file) {
                Ok(text) => text,
                Err(message) => return super::fail(message),
            };
            match payout::compute_json(&text) {
                Ok(result) => {
                    println!("{}", result.to_json_pretty());
                    ExitCode::SUCCESS
                }
                Err(error) => super::fail(error),
            }
        }
    }
}
