//! A co-op with members in each college, proposals made through the form, votes through the
//! ballot form, and the closing job called directly with a later "now".

use super::*;
use collegia::mail::MailContext;
use collegia::storage::proposals;

pub const SLUG: &str = "tv";

pub struct Coop {
    pub app: TestApp,
    pub admin: Person,
    /// Two members in each college: workers, beneficiaries, supporters.
    pub members: Vec<Person>,
}

/// An SCIC co-op: its founding admin (workers) and two members per college.
pub async fn coop() -> Coop {
    let app = spawn_app().await;
    let admin = person(&app, "admin@example.org", "Ada Admin", true);
    found_scic(&admin, SLUG, "en").await;
    let mut members = vec![];
    for (i, college) in [
        "workers",
        "workers",
        "beneficiaries",
        "beneficiaries",
        "supporters",
        "supporters",
    ]
    .iter()
    .enumerate()
    {
        let p = person(
            &app,
            &format!("m{i}@example.org"),
            &format!("Member {i}"),
            false,
        );
        admit(&app, SLUG, p.id, Some(college), false, false);
        members.push(p);
    }
    Coop {
        app,
        admin,
        members,
    }
}

/// A time `days` from now, as typed in the co-op's zone (Europe/Paris).
pub fn local_in(days: i64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::days(days);
    t.with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Creates a proposal through the form; returns its id. `extra` overrides fields.
pub async fn propose(by: &Person, method: &str, options: &str, extra: &[(&str, &str)]) -> i64 {
    // Statute-level classes stay open at least 14 days (the templates' min_open_hours).
    let statutory = extra
        .iter()
        .any(|(k, v)| *k == "decision_class" && *v != "ordinary");
    let closes = local_in(if statutory { 15 } else { 3 });
    let mut fields: Vec<(String, String)> = vec![
        ("title".into(), format!("Vote by {method}")),
        ("details".into(), "Some *details*".into()),
        ("decision_class".into(), "ordinary".into()),
        ("method".into(), method.into()),
        ("options".into(), options.into()),
        ("ranked_rule".into(), "schulze".into()),
        ("score_min".into(), "0".into()),
        ("score_max".into(), "5".into()),
        ("dots_per_voter".into(), "10".into()),
        ("closes_at".into(), closes),
        ("results_visibility".into(), "after_close".into()),
    ];
    for (k, v) in extra {
        fields.retain(|(f, _)| f != k);
        fields.push((k.to_string(), v.to_string()));
    }
    let new = format!("/c/{SLUG}/proposals/new");
    let res = by
        .submit_owned(&new, &format!("/c/{SLUG}/proposals"), fields)
        .await;
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let body = res.text().await.unwrap();
    assert_eq!(status, 303, "proposal refused: {body}");
    location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Votes through the ballot form; returns the status and body.
pub async fn vote(who: &Person, id: i64, fields: &[(&str, &str)]) -> (u16, String) {
    let page = format!("/c/{SLUG}/proposals/{id}");
    let res = who.submit(&page, &format!("{page}/vote"), fields).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

pub fn mail_context(app: &TestApp) -> MailContext {
    MailContext {
        base_url: app.address.clone(),
        keys: app.keys.clone(),
        from: "Collegia <collegia@example.org>".parse().unwrap(),
    }
}

/// Runs the job as if it were `days` from now: everything due by then opens or closes.
pub fn run_job_in(app: &TestApp, days: i64) -> usize {
    let db = app.db.db();
    let mail = mail_context(app);
    let now = collegia::storage::now() + chrono::Duration::days(days);
    collegia::jobs::proposals_pass(&db, &mail, now).unwrap()
}

pub fn stored(app: &TestApp, id: i64) -> proposals::Proposal {
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    proposals::get(&mut conn, id).unwrap()
}

/// Outbox messages of one kind: `(recipient, subject, text)`.
pub fn mails(app: &TestApp, kind: &str) -> Vec<(String, String, String)> {
    outbox_mail(app, kind)
        .into_iter()
        .map(|m| (m.recipient, m.subject, m.text))
        .collect()
}

/// An API token of `account`.
pub fn token(c: &Coop, account: i64) -> String {
    api_token(&c.app, account)
}

/// Recounts an exported `ballots.json` with the real binary (`collegia tally FILE`).
pub fn recount_with_binary(json: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ballots.json");
    std::fs::write(&path, json).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_collegia"))
        .arg("tally")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Moves the server's clock `days` on and runs the job at that time (opens and closes what is
/// due); how many it handled.
pub fn close_by_clock(app: &TestApp, days: i64) -> usize {
    app.clock.advance(chrono::Duration::days(days));
    let db = app.db.db();
    collegia::jobs::proposals_pass(&db, &mail_context(app), app.clock.now()).unwrap()
}

/// One method through the web, as members use it.
pub struct WebRun {
    /// The proposal's page once closed, as member 1 reads it.
    pub page: String,
    /// The stored result (JSON).
    pub result: serde_json::Value,
    /// The exported `ballots.json`.
    pub export: String,
}

impl WebRun {
    /// The verdict heading of the results (`Decided — Oak`), tags stripped.
    pub fn verdict(&self) -> String {
        let at = self.page.find("id=\"h-verdict\"").expect("a verdict");
        let rest = &self.page[at..];
        let heading = &rest[rest.find('>').unwrap() + 1..rest.find("</h2>").unwrap()];
        let mut text = String::new();
        let mut in_tag = false;
        for ch in heading.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.trim().to_string()
    }
}

/// Makes a proposal through the form (`extra` fields over the defaults), has members 0, 1, …
/// (two per college: workers, beneficiaries, supporters) cast `ballots` through the page,
/// lets the server's clock run past the closing time, and checks that the exported
/// `ballots.json` recounts with `collegia tally` to the stored result.
pub async fn run_through_web(
    c: &Coop,
    method: &str,
    options: &str,
    extra: &[(&str, &str)],
    ballots: &[&[(&str, &str)]],
) -> WebRun {
    let id = propose(&c.admin, method, options, extra).await;
    for (i, fields) in ballots.iter().enumerate() {
        let (status, body) = vote(&c.members[i], id, fields).await;
        assert_eq!(status, 303, "{method}, member {i}: {body}");
    }
    assert_eq!(stored(&c.app, id).state.key(), "open");
    // The server's own job may close it first, once its clock has moved on: either will do.
    close_by_clock(&c.app, 4);
    let p = stored(&c.app, id);
    assert_eq!(p.state.key(), "closed", "{method}");
    let result = p.result.expect("a stored result");
    let base = format!("/c/{SLUG}/proposals/{id}");
    let export = c.members[1].text(&format!("{base}/ballots.json")).await;
    assert!(!export.contains("Member"), "{export}");
    assert_eq!(
        recount_with_binary(&export).trim(),
        result.trim(),
        "{method}: ballots.json recounts to the stored result"
    );
    WebRun {
        page: c.members[1].text(&base).await,
        result: serde_json::from_str(&result).unwrap(),
        export,
    }
}
