//! The operator's subcommands: serve, migrate, audit, admin.

use crate::config::ConfigArgs;
use crate::storage::{accounts, write_tx};
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute a co-op's audit chain and name the first broken event.
    Verify { slug: String },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a server admin. The password is read from COLLEGIA_ADMIN_PASSWORD or standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Queue a test message to ADDRESS and deliver it now through the configured transport.
    TestMail { address: String },
    /// Fill the database with a sample SCIC co-op (three colleges, a dozen members).
    Demo {
        /// How many members (spread over the colleges); large numbers make load-test co-ops.
        #[arg(long, default_value_t = 12)]
        members: usize,
        /// The demo co-op's slug (refused if it exists).
        #[arg(long, default_value = "demo")]
        slug: String,
    },
    /// Write a consistent copy of the living database to FILE (SQLite: `VACUUM INTO`;
    /// PostgreSQL: `pg_dump --format=custom`). The secret key is not in it.
    Backup { file: std::path::PathBuf },
    /// Restore FILE (made by `backup`) into the configured database, which must be empty.
    Restore { file: std::path::PathBuf },
    /// Move the server's secret key: `export` prints it, `import` reads it from standard input
    /// and writes the key file (a second server, or a restore from backup).
    Secret {
        #[command(subcommand)]
        action: SecretAction,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum SecretAction {
    /// Print the key (64 hex digits) on standard output.
    Export,
    /// Read the key from standard input and write the key file; only the database's own key.
    Import,
}

/// The jobs' mail context, with the server's keys (refused without them: see `keys.rs`).
fn mail_context(
    config: &crate::config::Config,
    conn: &mut crate::storage::DbConn,
) -> Result<crate::mail::MailContext, ExitCode> {
    let keys = crate::keys::open(&config.secret, conn).map_err(crate::cli::fail)?;
    Ok(crate::jobs::mail_context(config, std::sync::Arc::new(keys)))
}

fn secret(
    config: &crate::config::Config,
    conn: &mut crate::storage::DbConn,
    action: SecretAction,
) -> ExitCode {
    match action {
        SecretAction::Export => match crate::keys::open(&config.secret, conn) {
            Ok(keys) => {
                println!("{}", keys.export());
                ExitCode::SUCCESS
            }
            Err(e) => crate::cli::fail(e),
        },
        SecretAction::Import => {
            let mut line = String::new();
            if std::io::stdin().read_line(&mut line).is_err() {
                return crate::cli::fail("cannot read the key from standard input");
            }
            let keys = match crate::keys::Keys::parse(&line) {
                Ok(k) => k,
                Err(e) => return crate::cli::fail(e),
            };
            match crate::keys::import(&config.secret, conn, &keys) {
                Ok(()) => {
                    println!(
                        "secret key in place at {}: back it up with the database",
                        config.secret
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => crate::cli::fail(e),
            }
        }
    }
}

fn config_or_exit(args: &ConfigArgs) -> Result<crate::config::Config, ExitCode> {
    args.validate().map_err(crate::cli::fail)
}

pub fn serve(args: ConfigArgs) -> ExitCode {
    let config = match config_or_exit(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let (base, listen) = (config.base_url.clone(), config.listen);
        let running = match crate::app::start(config) {
            Ok(r) => r,
            Err(e) => return crate::cli::fail(e),
        };
        let local = format!("http://{}:{}/", listen.ip(), running.port);
        println!("Collegia is running: open {local}");
        if !base.starts_with(local.trim_end_matches('/')) {
            println!("(links in mail point to {base}/)");
        }
        match running.server.await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => crate::cli::fail(format!("server stopped: {e}")),
        }
    })
}

pub fn migrate(args: ConfigArgs) -> ExitCode {
    let config = match config_or_exit(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match crate::app::open_database(&config) {
        Ok(db) => {
            println!("migrations applied ({})", db.backend().name());
            ExitCode::SUCCESS
        }
        Err(e) => crate::cli::fail(e),
    }
}

/// The configuration, the migrated database and one connection, for a subcommand that works
/// on the database; any failure is the command's one-line end.
fn open(
    args: &ConfigArgs,
) -> Result<
    (
        crate::config::Config,
        crate::storage::Db,
        crate::storage::Conn,
    ),
    ExitCode,
> {
    let config = config_or_exit(args)?;
    let db = crate::app::open_database(&config).map_err(crate::cli::fail)?;
    let conn = db.get().map_err(crate::cli::fail)?;
    Ok((config, db, conn))
}

pub fn audit(args: ConfigArgs, cmd: AuditCommand) -> ExitCode {
    let (_, _db, mut conn) = match open(&args) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    match cmd {
        AuditCommand::Verify { slug } => {
            let coop = match crate::storage::coops::by_slug(&mut conn, &slug) {
                Ok(Some(c)) => c,
                Ok(None) => return crate::cli::fail(format!("no co-op with the slug '{slug}'")),
                Err(e) => return crate::cli::fail(format!("database error: {e}")),
            };
            let events = match crate::storage::audit::verify(&mut conn, coop.id) {
                Ok(Ok(n)) => n,
                Ok(Err(broken)) => {
                    println!("BROKEN: {slug}: event {} ({})", broken.seq, broken.reason);
                    return ExitCode::from(2);
                }
                Err(e) => return crate::cli::fail(format!("database error: {e}")),
            };
            let unsealed = match crate::proposals::seal::check(&mut conn, coop.id) {
                Ok(unsealed) => unsealed,
                Err(e) => return crate::cli::fail(format!("database error: {e}")),
            };
            for b in &unsealed {
                println!(
                    "BROKEN: {slug}: proposal {}: its {} changed after closing",
                    b.proposal, b.what
                );
            }
            if !unsealed.is_empty() {
                return ExitCode::from(2);
            }
            println!(
                "OK: {slug}: {events} events, chain intact, every closed proposal matches its seal"
            );
            ExitCode::SUCCESS
        }
    }
}

pub fn admin(args: ConfigArgs, cmd: AdminCommand) -> ExitCode {
    // A restore fills an empty database: it must not be opened (and migrated) first.
    if let AdminCommand::Restore { file } = &cmd {
        let config = match config_or_exit(&args) {
            Ok(c) => c,
            Err(code) => return code,
        };
        return match crate::cli::backup::restore(&config, file) {
            Ok(said) => {
                println!("{said}");
                ExitCode::SUCCESS
            }
            Err(e) => crate::cli::fail(e),
        };
    }
    let (config, db, mut conn) = match open(&args) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    match cmd {
        AdminCommand::Secret { action } => secret(&config, &mut conn, action),
        AdminCommand::Backup { file } => {
            match crate::cli::backup::backup(&config, &mut conn, &file) {
                Ok(said) => {
                    println!("{said}");
                    ExitCode::SUCCESS
                }
                Err(e) => crate::cli::fail(e),
            }
        }
        AdminCommand::Restore { .. } => unreachable!("handled before the database is opened"),
        AdminCommand::Demo { members, slug } => {
            let mail = match mail_context(&config, &mut conn) {
                Ok(m) => m,
                Err(code) => return code,
            };
            match crate::cli::demo::load(&mut conn, &mail, &slug, members) {
                Ok(summary) => {
                    println!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(e) => crate::cli::fail(e),
            }
        }
        AdminCommand::CreateAdmin { email, name } => {
            let password = match std::env::var("COLLEGIA_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    if std::io::stdin().read_line(&mut line).is_err() {
                        return crate::cli::fail("cannot read the password from standard input");
                    }
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            if let Err(refused) =
                crate::domain::account::check_new_account(&email, &name, &password)
            {
                return crate::cli::fail(crate::i18n::refusal(crate::i18n::Locale::En, &refused));
            }
            let hash = match crate::auth::password::hash_blocking(&password) {
                Ok(h) => h,
                Err(e) => return crate::cli::fail(e),
            };
            let result = write_tx(&mut conn, |c| {
                if accounts::by_email(c, &email)?.is_some() {
                    return Ok(Err(format!(
                        "an account with the email {email} exists already"
                    )));
                }
                let new = accounts::NewAccount {
                    email: email.trim(),
                    display_name: name.trim(),
                    password_hash: &hash,
                    locale: None,
                    is_server_admin: true,
                };
                accounts::insert(c, &new).map(|_| Ok(()))
            });
            match result {
                Ok(Ok(())) => {
                    println!("server admin {email} created");
                    ExitCode::SUCCESS
                }
                Ok(Err(e)) => crate::cli::fail(e),
                Err(e) => crate::cli::fail(format!("database error: {e}")),
            }
        }
        AdminCommand::TestMail { address } => {
            let ctx = match mail_context(&config, &mut conn) {
                Ok(m) => m,
                Err(code) => return code,
            };
            let email = crate::mail::messages::test_mail(crate::i18n::Locale::En, &config.base_url);
            let to = crate::mail::Recipient {
                account_id: None,
                address: &address,
                locale: crate::i18n::Locale::En,
            };
            if crate::domain::account::EmailAddress::parse(&address).is_err() {
                return crate::cli::fail(format!("'{address}' is not an email address"));
            }
            if let Err(e) = crate::mail::enqueue(
                &mut conn,
                &ctx,
                crate::mail::MailKind::TestMail,
                &to,
                &email,
            ) {
                return crate::cli::fail(format!("database error: {e}"));
            }
            drop(conn);
            let mailer = match crate::mail::Mailer::new(&config.mail) {
                Ok(m) => m,
                Err(e) => return crate::cli::fail(e),
            };
            match crate::mail::worker::deliver_due(&db, &mailer, &ctx, "cli") {
                Ok(n) => {
                    println!("{n} message(s) delivered");
                    ExitCode::SUCCESS
                }
                Err(e) => crate::cli::fail(e),
            }
        }
    }
}
