//! Load test: the first page of a 10,000-comment thread (target: under 100 ms).
//!
//! Setup (not timed): a co-op, a member with a session, a thread and 10,000 comments inserted
//! directly through storage in batches. Then the release server is started on port 0 in this
//! process and the thread's first page (HTML, then the API) is fetched N times, one request
//! at a time; the program prints the median, p99 and max latency.
//!
//! ```text
//! cargo bench --bench thread_load                                   # SQLite, temp file
//! COLLEGIA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegia_bench \
//!   cargo bench --bench thread_load                                 # PostgreSQL (existing db)
//! THREAD_LOAD_REQUESTS=500 THREAD_LOAD_COMMENTS=10000 cargo bench --bench thread_load
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

use collegia::config::ConfigArgs;
use collegia::crypto;
use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::storage::schema::{comment_versions, comments, threads as threads_table};
use collegia::storage::{Db, DbConn, accounts, coops, migrate, threads};
use diesel::prelude::*;
use std::net::TcpListener;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Fixture {
    slug: String,
    thread: i64,
    session: String,
    api_token: String,
}

/// The co-op, a member with a session and an API token, a thread and `n` comments.
fn setup(db: &Db, n: usize) -> Fixture {
    let mut conn = db.get().expect("a connection");
    migrate::run_pending(&mut conn).expect("migrations");
    let tag = crypto::random_hex(4);
    let email = format!("load-{tag}@example.org");
    let account = accounts::insert(
        &mut conn,
        &accounts::NewAccount {
            email: &email,
            display_name: "Load Tester",
            password_hash: "not-a-password",
            locale: None,
            is_server_admin: false,
        },
    )
    .expect("account");
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let slug = format!("load-{tag}");
    let coop = coops::found(
        &mut conn,
        &coops::NewCoop {
            slug: &slug,
            name: "Load test",
            time_zone: "Europe/Paris",
            locale: collegia::i18n::Locale::En,
            founder: account,
            founder_college: &book.colleges[0].key,
            rulebook: &book,
        },
    )
    .expect("found")
    .expect("a free slug");
    let thread = threads::create(
        &mut conn,
        coop.id,
        account,
        "A very long thread",
        "Ten thousand comments follow.",
    )
    .expect("thread");
    insert_comments(&mut conn, coop.id, thread, account, n);
    let session = crypto::new_token();
    let expires = collegia::storage::now() + chrono::Duration::hours(2);
    accounts::create_session(&mut conn, &crypto::sha256_hex(&session), account, expires)
        .expect("session");
    let api_token = crypto::new_token();
    accounts::create_api_token(
        &mut conn,
        account,
        "load",
        &crypto::sha256_hex(&api_token),
        None,
    )
    .expect("token");
    Fixture {
        slug,
        thread,
        session,
        api_token,
    }
}

/// `n` comments (and their first versions) in batches of 500, one transaction per batch.
fn insert_comments(conn: &mut DbConn, coop: i64, thread: i64, author: i64, n: usize) {
    let now = collegia::storage::now();
    let mut done = 0;
    while done < n {
        let size = (n - done).min(500);
        let bodies: Vec<String> = (done..done + size)
            .map(|i| format!("Comment **{i}**, with a little *markdown* and a [link](https://example.org/{i})."))
            .collect();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            let rows: Vec<_> = bodies
                .iter()
                .map(|b| {
                    (
                        comments::coop_id.eq(coop),
                        comments::thread_id.eq(thread),
                        comments::author_id.eq(author),
                        comments::body.eq(b.as_str()),
                        comments::created_at.eq(now),
                    )
                })
                .collect();
            collegia::insert_batch!(c, comments::table, rows)?;
            let ids: Vec<i64> = comments::table
                .filter(comments::thread_id.eq(thread))
                .order(comments::id.desc())
                .limit(size as i64)
                .select(comments::id)
                .load(c)?;
            let versions: Vec<_> = ids
                .iter()
                .rev()
                .zip(&bodies)
                .map(|(id, b)| {
                    (
                        comment_versions::coop_id.eq(coop),
                        comment_versions::comment_id.eq(*id),
                        comment_versions::version.eq(1),
                        comment_versions::body.eq(b.as_str()),
                        comment_versions::editor_id.eq(Some(author)),
                        comment_versions::edited_at.eq(now),
                    )
                })
                .collect();
            collegia::insert_batch!(c, comment_versions::table, versions)?;
            Ok(())
        })
        .expect("a batch of comments");
        done += size;
    }
    diesel::update(threads_table::table.filter(threads_table::id.eq(thread)))
        .set(threads_table::comment_count.eq(n as i64))
        .execute(conn)
        .expect("count");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: {} requests, median {:.1} ms, p99 {:.1} ms, max {:.1} ms (target: under 100 ms)",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
    );
}

async fn measure(
    client: &reqwest::Client,
    url: &str,
    auth: (&str, &str),
    requests: usize,
    expect: &str,
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(requests);
    for i in 0..requests + 10 {
        let started = Instant::now();
        let res = client
            .get(url)
            .header(auth.0, auth.1)
            .send()
            .await
            .expect("request");
        let status = res.status();
        let body = res.text().await.expect("body");
        let took = started.elapsed();
        assert!(status.is_success(), "{url}: {status}");
        assert!(
            body.contains(expect),
            "{url}: the first page lacks {expect}"
        );
        // The first ten warm the pools and caches.
        if i >= 10 {
            times.push(took);
        }
    }
    times
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("THREAD_LOAD_RUN").is_none() {
        println!("thread_load: run with `cargo bench --bench thread_load` (or THREAD_LOAD_RUN=1)");
        return;
    }
    let requests = env_number("THREAD_LOAD_REQUESTS", 200);
    let n = env_number("THREAD_LOAD_COMMENTS", 10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("load.db").display()));
    let db = Db::connect(&url, 2).expect("database");
    let setup_started = Instant::now();
    let fixture = setup(&db, n);
    println!(
        "setup: {n} comments in {:.1} s on {}",
        setup_started.elapsed().as_secs_f64(),
        url.split(':').next().unwrap_or("?")
    );
    drop(db);

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
        job_interval: 60,
        secret_file: Some(dir.path().join("collegia.key").display().to_string()),
        secret: None,
    }
    .validate()
    .expect("config");
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

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let client = reqwest::Client::new();
        let page = format!("{base}/c/{}/threads/{}", fixture.slug, fixture.thread);
        let cookie = format!("collegia_session={}", fixture.session);
        let html = measure(
            &client,
            &page,
            ("cookie", &cookie),
            requests,
            "id=\"comment-",
        )
        .await;
        report("first page (HTML)", html);
        let api = format!(
            "{base}/api/v1/coops/{}/threads/{}",
            fixture.slug, fixture.thread
        );
        let bearer = format!("Bearer {}", fixture.api_token);
        let json = measure(
            &client,
            &api,
            ("authorization", &bearer),
            requests,
            "\"comments\"",
        )
        .await;
        report("first page (API)", json);
        handle.stop(true).await;
    });
}
