use std::process::ExitCode;

fn main() -> ExitCode {
    collegia::cli::run()
}
