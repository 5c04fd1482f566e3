//! Load test for a member's day (issue 13's targets): for a person in 10 co-ops of 1,000
//! members, each with 200 open proposals and 100,000 comments, Home and the co-op overview
//! render in under 50 ms, with p99 under 100 ms at 16 concurrent readers.
//!
//! Setup (not timed): 10 co-ops, each founded by its own admin, with 999 more members (the
//! reader among them in every co-op, an ordinary member of the first college); 200 proposals
//! open in each (the first opened through the service, which mails and notifies the whole
//! roll; the others claim the same frozen rules and roll through storage, so setup does not
//! queue 200,000 mails); 100 threads of 1,000 comments per co-op, none read by the reader.
//! Then the release server starts on port 0 in this process and Home and the first co-op's
//! overview are fetched one at a time, then by 16 readers at once.
//!
//! ```text
//! cargo bench --bench member_day                                    # SQLite, temp file
//! COLLEGIA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegia_bench \
//!   cargo bench --bench member_day                                  # PostgreSQL (existing db)
//! MEMBER_DAY_COOPS=10 MEMBER_DAY_MEMBERS=1000 MEMBER_DAY_PROPOSALS=200 \
//!   MEMBER_DAY_COMMENTS=100000 MEMBER_DAY_REQUESTS=200 cargo bench --bench member_day
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

mod common;

use collegia::crypto;
use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::i18n::Locale;
use collegia::mail::MailContext;
use collegia::storage::schema::{comments, proposals as proposals_table, threads as threads_table};
use collegia::storage::{Db, DbConn, accounts, coops, members, proposals, write_tx};
use common::{account, env_number, fetch, ms, percentile};
use diesel::prelude::*;
use std::time::Instant;

struct Sizes {
    coops: usize,
    members: usize,
    proposals: usize,
    comments: usize,
}

fn new_proposal(coop: i64, author: i64, title: String, days: i64) -> proposals::NewProposal {
    let now = collegia::storage::now();
    proposals::NewProposal {
        coop_id: coop,
        thread_id: None,
        author_id: Some(author),
        title,
        details: "What the co-op is asked, in a few words.".into(),
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
        // Spread closing times: some close within a day (the "closing soon" banner).
        closes_at: now + chrono::Duration::hours(12 + 6 * days),
        state: collegia::domain::proposal_state::ProposalState::Scheduled,
        secret: false,
        results_visibility: collegia::domain::proposal_state::ResultsVisibility::parse("live")
            .expect("a visibility"),
        reason_required: false,
        payload: None,
        created_at: now,
    }
}

/// One co-op: founder, `members - 1` others (the reader first), proposals, threads and comments.
fn fill_coop(conn: &mut DbConn, mail: &MailContext, i: usize, reader: i64, s: &Sizes) -> String {
    let tag = crypto::random_hex(4);
    let founder = account(conn, &format!("founder{i}-{tag}@example.org"), "Founder");
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let slug = format!("day{i}-{tag}");
    let coop = coops::found(
        conn,
        &coops::NewCoop {
            slug: &slug,
            name: &format!("Co-op {i}"),
            time_zone: "Europe/Paris",
            locale: Locale::En,
            founder,
            founder_college: &book.colleges[0].key,
            rulebook: &book,
        },
    )
    .expect("found")
    .expect("a free slug");
    let keys: Vec<String> = book.colleges.iter().map(|c| c.key.clone()).collect();
    let placement = |college: &str| members::Placement {
        college: Some(college.to_string()),
        is_admin: false,
        is_board: false,
    };
    write_tx(conn, |c| {
        members::join(c, coop.id, reader, &placement(&keys[0]), None)?;
        for m in 0..s.members.saturating_sub(2) {
            let id = account(
                c,
                &format!("m{m}-{i}-{tag}@example.org"),
                &format!("Member {m}"),
            );
            members::join(c, coop.id, id, &placement(&keys[m % keys.len()]), None)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .expect("members");

    // The first proposal opens through the service (mails, notifications, roll); the others
    // claim its frozen rules and electorate and the same roll.
    let first = proposals::insert(
        conn,
        &new_proposal(coop.id, founder, "Proposal 0".into(), 0),
    )
    .expect("proposal");
    let now = collegia::storage::now();
    let opened = write_tx(conn, |c| {
        collegia::proposals::closing::open(c, mail, first, now)
    })
    .expect("open");
    assert!(opened, "the first proposal opens");
    let (rules, electorate): (Option<String>, Option<String>) = proposals_table::table
        .filter(proposals_table::id.eq(first))
        .select((proposals_table::rules, proposals_table::electorate))
        .first(conn)
        .expect("frozen rules");
    let (rules, electorate) = (rules.expect("rules"), electorate.expect("electorate"));
    let roll = members::eligible_at(conn, coop.id, now).expect("roll");
    for p in 1..s.proposals {
        write_tx(conn, |c| {
            let id = proposals::insert(
                c,
                &new_proposal(coop.id, founder, format!("Proposal {p}"), p as i64 % 20),
            )?;
            let at = collegia::storage::now();
            assert!(proposals::claim_open(c, id, &rules, &electorate, at)?);
            proposals::insert_roll(c, coop.id, id, &roll)
        })
        .expect("open proposal");
    }

    let threads_n = 100.min(s.comments.max(1));
    let per_thread = s.comments / threads_n;
    for t in 0..threads_n {
        let thread = collegia::storage::threads::create(
            conn,
            coop.id,
            founder,
            &format!("Discussion {t}"),
            "What do we think about this?",
        )
        .expect("thread");
        insert_comments(conn, coop.id, thread, founder, per_thread);
    }
    slug
}

/// `n` comments in batches of 500, one transaction per batch (search triggers index them).
fn insert_comments(conn: &mut DbConn, coop: i64, thread: i64, author: i64, n: usize) {
    let now = collegia::storage::now();
    let mut done = 0;
    while done < n {
        let size = (n - done).min(500);
        let rows: Vec<_> = (done..done + size)
            .map(|i| {
                (
                    comments::coop_id.eq(coop),
                    comments::thread_id.eq(thread),
                    comments::author_id.eq(author),
                    comments::body.eq(format!("Comment {i} on the question, with a few words.")),
                    comments::created_at.eq(now),
                )
            })
            .collect();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            collegia::insert_batch!(c, comments::table, rows).map(|_| ())
        })
        .expect("a batch of comments");
        done += size;
    }
    diesel::update(threads_table::table.filter(threads_table::id.eq(thread)))
        .set(threads_table::comment_count.eq(n as i64))
        .execute(conn)
        .expect("count");
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("MEMBER_DAY_RUN").is_none() {
        println!("member_day: run with `cargo bench --bench member_day` (or MEMBER_DAY_RUN=1)");
        return;
    }
    let sizes = Sizes {
        coops: env_number("MEMBER_DAY_COOPS", 10),
        members: env_number("MEMBER_DAY_MEMBERS", 1000),
        proposals: env_number("MEMBER_DAY_PROPOSALS", 200).max(1),
        comments: env_number("MEMBER_DAY_COMMENTS", 100_000),
    };
    let requests = env_number("MEMBER_DAY_REQUESTS", 200);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("day.db").display()));
    let db = Db::connect(&url, 2).expect("database");
    let common::Boot {
        config,
        listener,
        base,
        mail,
    } = common::boot(&db, &url, dir.path());
    let started = Instant::now();
    let (slugs, session) = {
        let mut conn = db.get().expect("connection");
        let reader = account(
            &mut conn,
            &format!("reader-{}@example.org", crypto::random_hex(4)),
            "Reader",
        );
        let slugs: Vec<String> = (0..sizes.coops)
            .map(|i| fill_coop(&mut conn, &mail, i, reader, &sizes))
            .collect();
        let session = crypto::new_token();
        let expires = collegia::storage::now() + chrono::Duration::hours(4);
        accounts::create_session(&mut conn, &crypto::sha256_hex(&session), reader, expires)
            .expect("session");
        // What autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would have done after
        // such a fill: fresh planner statistics and, on PostgreSQL, a visibility map that lets
        // index-only scans skip the heap.
        use diesel::connection::SimpleConnection;
        let tidy = if url.starts_with("postgres") {
            "VACUUM ANALYZE"
        } else {
            "ANALYZE"
        };
        // The fill queued the mail a real co-op would have sent long ago (each opening and
        // each new discussion mails the members: some 300,000 messages). A server at rest has
        // delivered it; left queued, the mail worker would drain it during the measurement and
        // the figures would be those of the mail worker, not of a member's day.
        conn.batch_execute("DELETE FROM outbox").expect("outbox");
        // Likewise the closing job's reminders for the proposals closing within a day: a
        // server at rest sent them when those came due (100,000 mails here), not while a member
        // reads Home.
        let c: &mut DbConn = &mut conn;
        diesel::update(proposals_table::table)
            .set(proposals_table::reminded_at.eq(Some(collegia::storage::now())))
            .execute(c)
            .expect("reminded");
        conn.batch_execute(tidy).expect("statistics");
        if !url.starts_with("postgres") {
            conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
                .expect("checkpoint");
        }
        (slugs, session)
    };
    println!(
        "setup: {} co-ops × {} members, {} open proposals and {} comments each, in {:.1} s on {}",
        sizes.coops,
        sizes.members,
        sizes.proposals,
        sizes.comments,
        started.elapsed().as_secs_f64(),
        url.split(':').next().unwrap_or("?")
    );
    drop(db);

    let handle = common::serve(config, listener);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let cookie = format!("collegia_session={session}");
        let pages = [
            ("Home", format!("{base}/"), "needs-vote"),
            ("co-op overview", format!("{base}/c/{}", slugs[0]), "Proposal 1"),
        ];
        for (label, page, expect) in &pages {
            // Warm the pools and caches.
            fetch(page, &cookie, 10, 1, expect).await;
            let one = fetch(page, &cookie, requests, 1, expect).await;
            let body = reqwest::Client::new()
                .get(page)
                .header("cookie", &cookie)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body");
            println!(
                "{label}: {} requests one at a time: median {:.1} ms, p99 {:.1} ms (target: under 50 ms); {} KB of HTML",
                one.len(),
                ms(percentile(&one, 0.5)),
                ms(percentile(&one, 0.99)),
                body.len() / 1024
            );
            let many = fetch(page, &cookie, requests, 16, expect).await;
            println!(
                "{label}: {} requests by 16 readers at once: median {:.1} ms, p99 {:.1} ms (target: p99 under 100 ms)",
                many.len(),
                ms(percentile(&many, 0.5)),
                ms(percentile(&many, 0.99)),
            );
        }
        handle.stop(true).await;
    });
}
