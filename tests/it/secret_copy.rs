//! A copy of the database — the SQLite file with its WAL, or `pg_dump`'s output — taken after
//! secret votes, read as someone who stole a backup would read it: without the key file.
//! While the proposal is open the choices are sealed; after closing they are plain, shuffled,
//! under random tags; in neither state does any column, id, row order or transaction id link a
//! voter to a choice, and the key is nowhere in the copy.

use crate::support::voting::*;
use crate::support::*;
use diesel::prelude::*;
use std::collections::HashMap;

/// A table of the copy, in the order its rows are stored (what a copy's reader sees first).
#[derive(Debug, Default)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
}

impl Table {
    fn col(&self, row: &[Option<String>], name: &str) -> Option<String> {
        let i = self.columns.iter().position(|c| c == name).expect(name);
        row[i].clone()
    }
    fn of_proposal(&self, id: i64) -> Vec<&Vec<Option<String>>> {
        let id = id.to_string();
        self.rows
            .iter()
            .filter(|r| self.col(r, "proposal_id").as_deref() == Some(id.as_str()))
            .collect()
    }
}

/// The stolen copy: every byte of it, and the tables that matter, in stored order.
struct Copy {
    bytes: Vec<u8>,
    tables: HashMap<String, Table>,
}

const TABLES: [&str; 4] = ["ballots", "sealed_ballots", "who_voted", "server_settings"];

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Copies the SQLite file and its WAL as a file backup would, then reads the copy.
fn sqlite_copy(url: &str) -> Copy {
    let path = url.strip_prefix("sqlite://").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let mut bytes = vec![];
    for suffix in ["", "-wal"] {
        let from = format!("{path}{suffix}");
        if let Ok(data) = std::fs::read(&from) {
            std::fs::write(format!("{}{suffix}", copy.display()), &data).unwrap();
            bytes.extend(data);
        }
    }
    let mut conn = SqliteConnection::establish(&copy.display().to_string()).unwrap();
    let mut tables = HashMap::new();
    for t in TABLES {
        let columns: Vec<String> = diesel::sql_query(format!(
            "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
        ))
        .load::<Name>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
        let line = columns
            .iter()
            .map(|c| format!("ifnull(CAST({c} AS TEXT), '\\N')"))
            .collect::<Vec<_>>()
            .join(" || char(9) || ");
        // No ORDER BY: rows come in the order the file stores them.
        let rows = diesel::sql_query(format!("SELECT {line} AS line FROM {t}"))
            .load::<Line>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|l| split(&l.line))
            .collect();
        tables.insert(t.to_string(), Table { columns, rows });
    }
    Copy { bytes, tables }
}

fn split(line: &str) -> Vec<Option<String>> {
    line.split('\t')
        .map(|v| (v != "\\N").then(|| v.to_string()))
        .collect()
}

/// `pg_dump` of the test database, its COPY blocks read back (in heap order, as dumped).
fn pg_copy(url: &str) -> Copy {
    let out = std::process::Command::new("pg_dump")
        .arg("--dbname")
        .arg(url)
        .output()
        .expect("pg_dump runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut tables = HashMap::new();
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        let Some(rest) = l.strip_prefix("COPY public.") else {
            continue;
        };
        let (name, cols) = rest.split_once(" (").unwrap();
        let columns = cols
            .split(')')
            .next()
            .unwrap()
            .split(", ")
            .map(str::to_string)
            .collect();
        let mut rows = vec![];
        for row in lines.by_ref() {
            if row == "\\." {
                break;
            }
            rows.push(split(row));
        }
        tables.insert(name.to_string(), Table { columns, rows });
    }
    Copy {
        bytes: out.stdout,
        tables,
    }
}

fn copy_of(app: &TestApp) -> Copy {
    if app.db.is_postgres() {
        pg_copy(&app.db.url)
    } else {
        sqlite_copy(&app.db.url)
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What holds in both states: the key is nowhere, who voted says the day only.
fn no_key_and_days_only(copy: &Copy, app: &TestApp, id: i64, postgres: bool) {
    let keys = &app.keys;
    let exported = keys.export();
    for secret in [
        exported.as_bytes().to_vec(),
        hex::decode(&exported).unwrap(),
        keys.voter_tags.to_vec(),
        keys.sealing.to_vec(),
        hex::encode(keys.voter_tags).into_bytes(),
        hex::encode(keys.sealing).into_bytes(),
    ] {
        assert!(!contains(&copy.bytes, &secret), "the key is in the copy");
    }
    let settings = &copy.tables["server_settings"];
    assert!(
        settings
            .rows
            .iter()
            .all(|r| settings.col(r, "key").as_deref() != Some("server_secret")),
        "no secret row in the settings"
    );
    let who = &copy.tables["who_voted"];
    let voted = who.of_proposal(id);
    assert_eq!(voted.len(), 20);
    for r in &voted {
        let at = who.col(r, "at").unwrap();
        assert!(
            at.ends_with("00:00:00"),
            "who_voted keeps the day only: {at}"
        );
    }
    if !postgres {
        // In member order, not in the order of voting.
        let ids: Vec<i64> = voted
            .iter()
            .map(|r| who.col(r, "account_id").unwrap().parse().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }
}

#[tokio::test]
async fn a_copy_of_the_database_does_not_link_secret_voters_to_their_choices() {
    let c = coop().await;
    let mut voters: Vec<&Person> = c.members.iter().collect();
    let extra: Vec<Person> = (0..14)
        .map(|i| {
            let p = person(
                &c.app,
                &format!("x{i}@example.org"),
                &format!("Extra {i}"),
                false,
            );
            admit(&c.app, SLUG, p.id, Some("workers"), false, false);
            p
        })
        .collect();
    voters.extend(extra.iter());
    let id = propose(
        &c.admin,
        "single",
        "Zanzibar\nYokohama",
        &[("secret", "true")],
    )
    .await;
    // The first ten vote Zanzibar, the last ten Yokohama: the order of voting is the order
    // of the choices, so anything that kept it would give every vote away.
    let cast: Vec<&str> = (0..20)
        .map(|i| if i < 10 { "Zanzibar" } else { "Yokohama" })
        .collect();
    // One voter changes her mind and back: still one ballot, under the same tag.
    assert_eq!(vote(voters[0], id, &[("choice", "Yokohama")]).await.0, 303);
    for (m, choice) in voters.iter().zip(&cast) {
        assert_eq!(vote(m, id, &[("choice", choice)]).await.0, 303);
    }
    let postgres = c.app.db.is_postgres();

    // While open: the choices are sealed, all the same length, under tags only the key makes.
    let copy = copy_of(&c.app);
    no_key_and_days_only(&copy, &c.app, id, postgres);
    assert!(copy.tables["ballots"].of_proposal(id).is_empty());
    let sealed = &copy.tables["sealed_ballots"];
    let rows = sealed.of_proposal(id);
    assert_eq!(rows.len(), 20);
    let lengths: std::collections::HashSet<usize> = rows
        .iter()
        .map(|r| sealed.col(r, "sealed").unwrap().len())
        .collect();
    assert_eq!(
        lengths.len(),
        1,
        "sealed ballots differ in length: {lengths:?}"
    );
    let tags: Vec<String> = rows
        .iter()
        .map(|r| sealed.col(r, "voter_tag").unwrap())
        .collect();
    for (m, _) in voters.iter().zip(&cast) {
        // With the key the tag is found (a voter may change their ballot); without it, not.
        let tag = collegia::proposals::voter_tag(&c.app.keys, id, m.id);
        assert!(tags.contains(&tag));
    }
    for r in &rows {
        let line = r.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
        assert!(!line.contains("Zanzibar") && !line.contains("Yokohama"));
    }

    let base = format!("/c/{SLUG}/proposals/{id}");
    let closed = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(closed.status(), 303);

    // After closing: plain rows, nothing pointing to a voter, not even with the key.
    let copy = copy_of(&c.app);
    no_key_and_days_only(&copy, &c.app, id, postgres);
    assert!(copy.tables["sealed_ballots"].of_proposal(id).is_empty());
    let ballots = &copy.tables["ballots"];
    let rows = ballots.of_proposal(id);
    assert_eq!(rows.len(), 20);
    let every_tag: Vec<String> = voters
        .iter()
        .map(|m| collegia::proposals::voter_tag(&c.app.keys, id, m.id))
        .collect();
    for r in &rows {
        for empty in ["account_id", "proxy_for", "cast_at"] {
            assert_eq!(ballots.col(r, empty), None, "{empty} of a secret ballot");
        }
        assert!(matches!(
            ballots.col(r, "by_proxy").as_deref(),
            Some("f" | "0" | "false")
        ));
        let tag = ballots.col(r, "voter_tag").unwrap();
        assert!(
            !every_tag.contains(&tag),
            "a closed ballot keeps its voter's tag"
        );
    }
    // Stored order and ids: shuffled, not the order of voting (a false alarm here has odds of
    // 1 in 184,756: the number of orders of ten and ten).
    let stored: Vec<String> = rows
        .iter()
        .map(|r| ballots.col(r, "choice").unwrap())
        .collect();
    let mut by_id: Vec<(i64, String)> = rows
        .iter()
        .map(|r| {
            (
                ballots.col(r, "id").unwrap().parse().unwrap(),
                ballots.col(r, "choice").unwrap(),
            )
        })
        .collect();
    by_id.sort();
    let in_voting_order: Vec<String> = cast.iter().map(|c| format!("\"{c}\"")).collect();
    assert_ne!(stored, in_voting_order, "stored in the order of voting");
    let by_id: Vec<String> = by_id.into_iter().map(|(_, c)| c).collect();
    assert_ne!(by_id, in_voting_order, "ids follow the order of voting");
    assert_eq!(by_id.iter().filter(|c| c.contains("Zanzibar")).count(), 10);

    // On PostgreSQL, one transaction wrote them all: one xmin for every row.
    if postgres {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        let distinct: Count = diesel::sql_query(format!(
            "SELECT count(DISTINCT xmin::text) AS n FROM ballots WHERE proposal_id = {id}"
        ))
        .get_result(&mut **conn)
        .unwrap();
        assert_eq!(distinct.n, 1);
    }
}

/// The server refuses to start without the key once the database has one, and never mints a
/// new key over it; `admin secret export` and `import` move it to a second server.
#[tokio::test]
async fn the_key_moves_with_export_and_import_and_is_never_replaced() {
    let app = spawn_app().await;
    // The first start wrote the key file, readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&app.secret_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("second.key");
    let source = collegia::config::SecretSource::File(other.clone());
    let db = app.db.db();
    let mut conn = db.get().unwrap();
    // A second server without the key file: refused, and no key is created.
    let refused = collegia::keys::open(&source, &mut conn).unwrap_err();
    assert!(refused.contains("set up with a secret key"), "{refused}");
    assert!(!other.exists());
    // Another key: refused by import.
    let wrong = collegia::keys::Keys::generate();
    assert!(collegia::keys::import(&source, &mut conn, &wrong).is_err());
    assert!(!other.exists());
    // The exported key: written, mode 0600, and the second server opens.
    let exported = collegia::keys::Keys::parse(&app.keys.export()).unwrap();
    collegia::keys::import(&source, &mut conn, &exported).unwrap();
    let opened = collegia::keys::open(&source, &mut conn).unwrap();
    assert_eq!(opened.export(), app.keys.export());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&other).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A wrong key file in place: refused at start.
    std::fs::remove_file(&other).unwrap();
    collegia::keys::write_file(&other, &wrong).unwrap();
    assert!(collegia::keys::open(&source, &mut conn).is_err());
}

/// A database from before the key file: its stored secret moves out at the first start, once;
/// open ballots keep their voters (a change still replaces the ballot), closed secret ballots
/// lose their tags.
#[tokio::test]
async fn the_stored_secret_moves_out_once_and_open_ballots_follow() {
    use collegia::storage::settings;
    let c = coop().await;
    let open = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(
        vote(&c.members[0], open, &[("choice", "agree")]).await.0,
        303
    );
    // Make the database look as the previous version left it: the secret in a row, the open
    // ballot under the old tag, no fingerprint.
    let legacy = collegia::keys::Keys::parse(&c.app.keys.export()).unwrap();
    let db = c.app.db.db();
    let mut conn = db.get().unwrap();
    let old_tag = collegia::crypto::sign(
        &hex::decode(legacy.export()).unwrap(),
        &format!("ballot:{open}:{}", c.members[0].id),
    );
    let new_tag = collegia::proposals::voter_tag(&legacy, open, c.members[0].id);
    collegia::storage::ballots::retag(&mut conn, open, &new_tag, &old_tag).unwrap();
    settings::set(&mut conn, settings::LEGACY_SECRET, &legacy.export()).unwrap();
    settings::remove(&mut conn, collegia::keys::FINGERPRINT).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("moved.key");
    let source = collegia::config::SecretSource::File(file.clone());

    let keys = collegia::keys::open(&source, &mut conn).unwrap();
    assert_eq!(keys.export(), legacy.export());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().trim(),
        legacy.export()
    );
    assert_eq!(
        settings::get(&mut conn, settings::LEGACY_SECRET).unwrap(),
        None
    );
    assert_eq!(
        collegia::storage::ballots::existing(&mut conn, open, &new_tag).unwrap(),
        Some(false),
        "the open ballot moved to the new tag"
    );
    // Once: a second start reads the file and changes nothing.
    let again = collegia::keys::open(&source, &mut conn).unwrap();
    assert_eq!(again.export(), legacy.export());
}
