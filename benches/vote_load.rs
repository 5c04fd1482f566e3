//! Load test for voting (targets: 1,000 distinct members vote within 10 s with zero errors and
//! p99 under 200 ms; cast-vote throughput above half of bare INSERT + COMMIT throughput on the
//! same database, pool and concurrency; the results page of a 100,000-ballot proposal under
//! 200 ms while open and once closed).
//!
//! Setup (not timed): a co-op, 1,000 members with API tokens, an open proposal, and a second
//! proposal with 100,000 ballots inserted directly. The release server runs on port 0 in this
//! process.
//!
//! ```text
//! cargo bench --bench vote_load                                     # SQLite, temp file
//! COLLEGIA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegia_bench \
//!   cargo bench --bench vote_load                                   # PostgreSQL (existing db)
//! VOTE_LOAD_MEMBERS=1000 VOTE_LOAD_CONCURRENCY=32 VOTE_LOAD_BALLOTS=100000 cargo bench --bench vote_load
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

use collegia::config::ConfigArgs;
use collegia::crypto;
use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::mail::MailContext;
use collegia::storage::schema::{ballots, proposals as proposals_table};
use collegia::storage::{Db, DbConn, accounts, coops, members, migrate, proposals, write_tx};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Fixture {
    slug: String,
    vote: i64,
    big: i64,
    session: String,
    tokens: Vec<String>,
}

fn account(conn: &mut DbConn, email: &str, name: &str) -> i64 {
    accounts::insert(
        conn,
        &accounts::NewAccount {
            email,
            display_name: name,
            password_hash: "not-a-password",
            locale: None,
            is_server_admin: false,
        },
    )
    .expect("account")
}

fn new_proposal(coop: i64, author: i64, title: &str, visibility: &str) -> proposals::NewProposal {
    let now = collegia::storage::now();
    proposals::NewProposal {
        coop_id: coop,
        thread_id: None,
        author_id: Some(author),
        title: title.into(),
        details: String::new(),
        method: collegia::domain::election::Method::Proposal,
        options: vec![],
        ranked_rule: collegia::domain::election::RankedRule::Schulze,
        score_min: 0,
        score_max: 5,
        dots_per_voter: None,
        decision_class: collegia::domain::rulebook::DecisionClass::Ordinary,
        call: collegia::domain::rulebook::Call::First,
        reruns_id: None,
        opens_at: now,
        closes_at: now + chrono::Duration::days(7),
        state: collegia::domain::proposal_state::ProposalState::Scheduled,
        secret: false,
        results_visibility: collegia::domain::proposal_state::ResultsVisibility::parse(visibility)
            .expect("a visibility"),
        reason_required: false,
        payload: None,
        created_at: now,
    }
}

fn setup(db: &Db, mail: &MailContext, n: usize, big_ballots: usize) -> Fixture {
    let mut pooled = db.get().expect("a connection");
    let conn: &mut DbConn = &mut pooled;
    let tag = crypto::random_hex(4);
    let founder = account(conn, &format!("founder-{tag}@example.org"), "Founder");
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let slug = format!("votes-{tag}");
    let coop = coops::found(
        conn,
        &coops::NewCoop {
            slug: &slug,
            name: "Vote load",
            time_zone: "Europe/Paris",
            locale: collegia::i18n::Locale::En,
            founder,
            founder_college: "workers",
            rulebook: &book,
        },
    )
    .expect("found")
    .expect("a free slug");
    let keys: Vec<String> = book.colleges.iter().map(|c| c.key.clone()).collect();
    let mut tokens_out = Vec::with_capacity(n);
    for i in 0..n {
        let id = account(
            conn,
            &format!("voter{i}-{tag}@example.org"),
            &format!("Voter {i}"),
        );
        let placement = members::Placement {
            college: Some(keys[i % keys.len()].clone()),
            is_admin: false,
            is_board: false,
        };
        members::join(conn, coop.id, id, &placement, None).expect("member");
        let t = crypto::new_token();
        accounts::create_api_token(conn, id, "load", &crypto::sha256_hex(&t), None).expect("token");
        tokens_out.push(t);
    }
    let now = collegia::storage::now();
    let vote = proposals::insert(
        conn,
        &new_proposal(coop.id, founder, "Cast under load", "after_close"),
    )
    .expect("proposal");
    write_tx(conn, |c| {
        collegia::proposals::closing::open(c, mail, vote, collegia::storage::now())
    })
    .expect("open");
    let big = proposals::insert(
        conn,
        &new_proposal(coop.id, founder, "A hundred thousand ballots", "live"),
    )
    .expect("proposal");
    let opened = write_tx(conn, |c| {
        collegia::proposals::closing::open(c, mail, big, collegia::storage::now())
    })
    .expect("open");
    assert!(opened, "the proposals open at once");
    // The big proposal's electorate matches its ballots (they are not real members).
    let per = big_ballots.div_ceil(keys.len());
    let electorate: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| (k.clone(), serde_json::json!(per)))
        .collect();
    diesel::update(proposals_table::table.filter(proposals_table::id.eq(big)))
        .set(proposals_table::electorate.eq(serde_json::Value::Object(electorate).to_string()))
        .execute(conn)
        .expect("electorate");
    let choices = ["\"agree\"", "\"disagree\"", "\"abstain\""];
    let mut done = 0;
    while done < big_ballots {
        let size = (big_ballots - done).min(1000);
        let rows: Vec<_> = (done..done + size)
            .map(|i| {
                (
                    ballots::coop_id.eq(coop.id),
                    ballots::proposal_id.eq(big),
                    ballots::college.eq(keys[i % keys.len()].clone()),
                    ballots::choice.eq(choices[(i / 3) % 3]),
                    ballots::count.eq(1),
                    ballots::voter_tag.eq(format!("load-{i}")),
                )
            })
            .collect();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            collegia::insert_batch!(c, ballots::table, rows).map(|_| ())
        })
        .expect("ballots");
        done += size;
    }
    let session = crypto::new_token();
    accounts::create_session(
        conn,
        &crypto::sha256_hex(&session),
        founder,
        now + chrono::Duration::hours(2),
    )
    .expect("session");
    Fixture {
        slug,
        vote,
        big,
        session,
        tokens: tokens_out,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Every member casts one vote through the API, `concurrency` requests in flight.
async fn cast_votes(base: &str, f: &Fixture, concurrency: usize) -> (f64, Vec<Duration>, usize) {
    let client = reqwest::Client::new();
    let url = format!("{base}/api/v1/coops/{}/proposals/{}/ballot", f.slug, f.vote);
    let tokens = Arc::new(f.tokens.clone());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = vec![];
    for _ in 0..concurrency {
        let (client, url, tokens, next) =
            (client.clone(), url.clone(), tokens.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = vec![];
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(t) = tokens.get(i) else { break };
                let choice = if i % 3 == 0 { "disagree" } else { "agree" };
                let at = Instant::now();
                let res = client
                    .post(&url)
                    .bearer_auth(t)
                    .json(&serde_json::json!({"choice": choice}))
                    .send()
                    .await;
                times.push(at.elapsed());
                if !matches!(res, Ok(r) if r.status().as_u16() == 204) {
                    errors += 1;
                }
            }
            (times, errors)
        }));
    }
    let mut all = vec![];
    let mut errors = 0;
    for t in tasks {
        let (times, e) = t.await.expect("task");
        all.extend(times);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    (all.len() as f64 / elapsed, all, errors)
}

/// The HTTP floor: GET /healthz (one `SELECT 1`) at the same concurrency, through the same
/// client, so the cast-vote figure can be read against what a request costs at all here.
async fn http_floor(base: &str, requests: usize, concurrency: usize) -> f64 {
    let client = reqwest::Client::new();
    let url = format!("{base}/healthz");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, next) = (client.clone(), url.clone(), next.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let res = client.get(&url).send().await.expect("health check");
                    assert!(res.status().is_success(), "health check: {}", res.status());
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    requests as f64 / started.elapsed().as_secs_f64()
}

/// Bare single-row INSERT + COMMIT on the same database, pool size and concurrency.
fn bare_inserts(url: &str, n: usize, concurrency: usize) -> f64 {
    let db = Db::connect(url, 8).expect("database");
    let mut conn = db.get().expect("connection");
    let ddl = match &mut **conn {
        DbConn::Sqlite(_) => {
            "CREATE TABLE IF NOT EXISTS bench_inserts (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, v TEXT NOT NULL)"
        }
        DbConn::Postgresql(_) => {
            "CREATE TABLE IF NOT EXISTS bench_inserts (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)"
        }
    };
    conn.batch_execute(ddl).expect("table");
    drop(conn);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..concurrency)
        .map(|_| {
            let (db, next) = (db.clone(), next.clone());
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    let mut conn = db.get().expect("connection");
                    write_tx(&mut conn, |c| {
                        c.batch_execute("INSERT INTO bench_inserts (v) VALUES ('x')")
                    })
                    .expect("insert");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    n as f64 / started.elapsed().as_secs_f64()
}

async fn page_median(base: &str, path: &str, session: &str, requests: usize) -> Duration {
    let client = reqwest::Client::new();
    let cookie = format!("collegia_session={session}");
    let mut times = vec![];
    for i in 0..requests + 3 {
        let at = Instant::now();
        let res = client
            .get(format!("{base}{path}"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("request");
        let status = res.status();
        let body = res.text().await.expect("body");
        assert!(
            status.is_success() && body.contains("<svg"),
            "{path}: {status}, no chart: {}",
            body.split("<h2").last().unwrap_or("")
        );
        if i >= 3 {
            times.push(at.elapsed());
        }
    }
    times.sort();
    percentile(&times, 0.5)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("VOTE_LOAD_RUN").is_none() {
        println!("vote_load: run with `cargo bench --bench vote_load` (or VOTE_LOAD_RUN=1)");
        return;
    }
    let n = env_number("VOTE_LOAD_MEMBERS", 1000);
    let concurrency = env_number("VOTE_LOAD_CONCURRENCY", 32);
    let big = env_number("VOTE_LOAD_BALLOTS", 100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("votes.db").display()));
    let db = Db::connect(&url, 2).expect("database");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let config = ConfigArgs {
        listen: "127.0.0.1:0".into(),
        database_url: url.clone(),
        mail_url: format!("file://{}", dir.path().join("mail").display()),
        base_url: base.clone(),
        mail_from: "Collegia Load <load@example.org>".into(),
        trusted_proxies: String::new(),
        time_zone: "Europe/Paris".into(),
        job_interval: 3600,
        secret_file: Some(dir.path().join("collegia.key").display().to_string()),
        secret: None,
    }
    .validate()
    .expect("config");
    let keys = {
        let mut conn = db.get().expect("connection");
        migrate::run_pending(&mut conn).expect("migrations");
        collegia::keys::open(&config.secret, &mut conn).expect("keys")
    };
    let mail = MailContext {
        base_url: base.clone(),
        keys: std::sync::Arc::new(keys),
        from: "Collegia Load <load@example.org>".parse().expect("address"),
    };
    let started = Instant::now();
    let fixture = setup(&db, &mail, n, big);
    println!(
        "setup: {n} members, {big} ballots in {:.1} s on {}",
        started.elapsed().as_secs_f64(),
        url.split(':').next().unwrap_or("?")
    );
    drop(db);

    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match collegia::app::start_on(config, listener) {
                Ok(running) => {
                    let _ = tx.send(Ok(running.handle.clone()));
                    let _ = running.server.await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        })
    });
    let handle = rx.recv().expect("server thread").expect("server starts");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        // Setup mailed every member (invited, two proposals opened): let the server's worker
        // deliver that before the timed rush, as setup is not timed.
        let waited = Instant::now();
        let db = Db::connect(&url, 1).expect("database");
        let queued = tokio::task::spawn_blocking(move || loop {
            let mut conn = db.get().expect("connection");
            let left = collegia::storage::outbox::pending_count(&mut conn).expect("outbox");
            if left == 0 || waited.elapsed() > Duration::from_secs(300) {
                return left;
            }
            drop(conn);
            std::thread::sleep(Duration::from_millis(100));
        })
        .await
        .expect("outbox");
        println!(
            "setup's mails delivered by the server in {:.1} s ({queued} left; not timed)",
            waited.elapsed().as_secs_f64()
        );
        let (throughput, times, errors) = cast_votes(&base, &fixture, concurrency).await;
        println!(
            "cast vote: {} requests at concurrency {concurrency}: {throughput:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {errors} errors (targets: {n} within 10 s, p99 < 200 ms, 0 errors)",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
        );
        let floor = http_floor(&base, n, concurrency).await;
        println!("HTTP floor (GET /healthz, one SELECT 1): {floor:.0}/s at concurrency {concurrency}");
        let url2 = url.clone();
        let bare = tokio::task::spawn_blocking(move || bare_inserts(&url2, n, concurrency)).await.expect("inserts");
        println!("bare INSERT + COMMIT: {bare:.0}/s; cast vote / insert = {:.2} (target: above 0.5)", throughput / bare);
        let page = format!("/c/{}/proposals/{}", fixture.slug, fixture.big);
        let open = page_median(&base, &page, &fixture.session, 20).await;
        println!("results page, {big} ballots, open: median {:.1} ms (target: under 200 ms)", ms(open));
        let db = Db::connect(&url, 2).expect("database");
        let mail2 = mail.clone();
        let big_id = fixture.big;
        tokio::task::spawn_blocking(move || {
            let mut conn = db.get().expect("connection");
            let later = collegia::storage::now() + chrono::Duration::days(8);
            write_tx(&mut conn, |c| collegia::proposals::closing::close(c, &mail2, big_id, later)).expect("close");
        })
        .await
        .expect("close");
        let closed = page_median(&base, &page, &fixture.session, 20).await;
        println!("results page, {big} ballots, closed: median {:.1} ms (target: under 200 ms)", ms(closed));
        handle.stop(true).await;
    });
}
