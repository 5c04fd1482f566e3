//! Load test for a proposal's Positions (issue 14's target): a proposal with 5,000 named
//! positions renders its first page (the latest 50, keyset pages) through HTTP in under 50 ms.
//!
//! Setup (not timed): one co-op of 5,000 members besides its founder, one open proposal
//! (opened through the service: frozen rules, roll) with live results, and a ballot with a
//! reason from every member, cast over a day through storage's batched upsert (the ballot
//! box's rush path). Then the release server starts on port 0 in this process and the
//! proposal's page is fetched one at a time: the first page, and a deep one (a cursor 4,000
//! positions down, by the "Older positions" link's shape).
//!
//! ```text
//! cargo bench --bench positions                                     # SQLite, temp file
//! COLLEGIA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegia_bench \
//!   cargo bench --bench positions                                   # PostgreSQL (existing db)
//! POSITIONS_VOTERS=5000 POSITIONS_REQUESTS=200 cargo bench --bench positions
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

mod common;

use collegia::crypto;
use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::i18n::Locale;
use collegia::mail::MailContext;
use collegia::storage::ballots::{self, NewBallot};
use collegia::storage::{Db, DbConn, accounts, coops, members, proposals, write_tx};
use common::{account, env_number, fetch, ms, percentile};
use std::time::Instant;

fn new_proposal(coop: i64, author: i64) -> proposals::NewProposal {
    let now = collegia::storage::now();
    proposals::NewProposal {
        coop_id: coop,
        thread_id: None,
        author_id: Some(author),
        title: "Solar panels on the roof".into(),
        details: "Shall we put solar panels on the roof this spring?".into(),
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
        results_visibility: collegia::domain::proposal_state::ResultsVisibility::parse("live")
            .expect("a visibility"),
        reason_required: false,
        payload: None,
        created_at: now,
    }
}

/// The co-op, its members (the reader first), the open proposal and a ballot from everyone
/// but the reader: `(slug, proposal id, reader)`.
fn fill(conn: &mut DbConn, mail: &MailContext, voters: usize) -> (String, i64, i64) {
    let tag = crypto::random_hex(4);
    let founder = account(conn, &format!("founder-{tag}@example.org"), "Founder");
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let slug = format!("pos-{tag}");
    let coop = coops::found(
        conn,
        &coops::NewCoop {
            slug: &slug,
            name: "Co-op",
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
    let people: Vec<(i64, String)> = write_tx(conn, |c| {
        let reader = account(c, &format!("reader-{tag}@example.org"), "Reader");
        members::join(c, coop.id, reader, &placement(&keys[0]), None)?;
        let mut people = vec![(reader, keys[0].clone())];
        for m in 0..voters {
            let id = account(c, &format!("v{m}-{tag}@example.org"), &format!("Voter {m}"));
            let college = &keys[m % keys.len()];
            members::join(c, coop.id, id, &placement(college), None)?;
            people.push((id, college.clone()));
        }
        Ok::<_, diesel::result::Error>(people)
    })
    .expect("members");
    let id = proposals::insert(conn, &new_proposal(coop.id, founder)).expect("proposal");
    let now = collegia::storage::now();
    let opened = write_tx(conn, |c| {
        collegia::proposals::closing::open(c, mail, id, now)
    })
    .expect("open");
    assert!(opened, "the proposal opens");
    let choices = ["\"agree\"", "\"disagree\"", "\"abstain\""];
    let list: Vec<NewBallot> = people[1..]
        .iter()
        .enumerate()
        .map(|(i, (voter, college))| NewBallot {
            coop_id: coop.id,
            proposal_id: id,
            college: college.clone(),
            choice: choices[i % 7 % 3].to_string(),
            voter_tag: collegia::proposals::voter_tag(&mail.keys, id, *voter),
            account_id: Some(*voter),
            cast_by: None,
            by_proxy: false,
            reason: Some(format!(
                "Reason number {i}: the roof faces south, and we can afford it."
            )),
            at: Some(now - chrono::Duration::seconds((voters - i) as i64 * 17)),
            voter: *voter,
            sealed: None,
        })
        .collect();
    for chunk in list.chunks(1000) {
        let rows: Vec<_> = chunk.iter().map(|b| (b, b.at.expect("at"))).collect();
        write_tx(conn, |c| ballots::upsert_many(c, &rows)).expect("ballots");
    }
    (slug, id, people[0].0)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("POSITIONS_RUN").is_none() {
        println!("positions: run with `cargo bench --bench positions` (or POSITIONS_RUN=1)");
        return;
    }
    let voters = env_number("POSITIONS_VOTERS", 5000);
    let requests = env_number("POSITIONS_REQUESTS", 200);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("positions.db").display()));
    let db = Db::connect(&url, 2).expect("database");
    let common::Boot {
        config,
        listener,
        base,
        mail,
    } = common::boot(&db, &url, dir.path());
    let started = Instant::now();
    let (slug, id, session) = {
        let mut conn = db.get().expect("connection");
        let (slug, id, reader) = fill(&mut conn, &mail, voters);
        let session = crypto::new_token();
        let expires = collegia::storage::now() + chrono::Duration::hours(4);
        accounts::create_session(&mut conn, &crypto::sha256_hex(&session), reader, expires)
            .expect("session");
        use diesel::connection::SimpleConnection;
        let tidy = if url.starts_with("postgres") {
            "VACUUM ANALYZE"
        } else {
            "ANALYZE"
        };
        conn.batch_execute(tidy).expect("statistics");
        (slug, id, session)
    };
    println!(
        "setup: {voters} positions on one proposal in {:.1} s on {}",
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
        let page = format!("{base}/c/{slug}/proposals/{id}");
        let latest = format!("Voter {}", voters - 1);
        // A cursor 4,000 positions down (or near the end of a smaller fill): what the
        // "Older positions" link carries, `MICROSECONDS_ID`, from the ballot at that depth.
        let deep = voters.saturating_sub(4000).max(1);
        let body = reqwest::Client::new()
            .get(&page)
            .header("cookie", &cookie)
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        assert!(body.contains("rel=\"next\""), "an Older positions link");
        let cursor = {
            let db = Db::connect(&url, 1).expect("database");
            let mut conn = db.get().expect("connection");
            let page = ballots::positions(&mut conn, id, (None, None), None, (voters - deep) as i64)
                .expect("positions");
            let last = page.last().expect("a position");
            collegia::proposals::positions::cursor_text((last.cast_at.expect("at"), last.id))
        };
        let pages = [
            ("first page", page.clone(), latest),
            (
                "a page 4,000 positions down",
                format!("{page}?older={cursor}"),
                format!("Voter {}", deep - 1),
            ),
        ];
        for (label, url, expect) in &pages {
            fetch(url, &cookie, 10, 1, expect).await;
            let one = fetch(url, &cookie, requests, 1, expect).await;
            println!(
                "{label}: {} requests one at a time: median {:.1} ms, p99 {:.1} ms (target: under 50 ms); {} KB of HTML",
                one.len(),
                ms(percentile(&one, 0.5)),
                ms(percentile(&one, 0.99)),
                body.len() / 1024
            );
        }
        handle.stop(true).await;
    });
}
