//! `collegia admin demo`: a sample SCIC co-op so a newcomer sees a living co-op at first run;
//! `--members N` makes large co-ops for load tests.

use crate::domain::rulebook::{CompanyForm, Template, template};
use crate::mail::MailContext;
use crate::proposals::{ballot, closing, create};
use crate::storage::members::Placement;
use crate::storage::{DbConn, accounts, coops, members, proposals, threads, write_tx};

/// The password of every demo account (printed by the command).
pub const DEMO_PASSWORD: &str = "demo password";

const NAMES: [&str; 12] = [
    "Camille Martin",
    "Léa Bernard",
    "Hugo Petit",
    "Chloé Durand",
    "Louis Leroy",
    "Inès Moreau",
    "Jules Simon",
    "Manon Laurent",
    "Arthur Lefebvre",
    "Zoé Michel",
    "Gabriel Garcia",
    "Emma David",
];

/// Creates the demo co-op `slug` with `count` members (at least one: the admin), a thread, an
/// open proposal and a closed one with a result.
pub fn load(
    conn: &mut DbConn,
    mail: &MailContext,
    slug: &str,
    count: usize,
) -> Result<String, String> {
    let count = count.max(1);
    let hash = crate::auth::password::hash_blocking(DEMO_PASSWORD)?;
    let db = |e: diesel::result::Error| format!("database error: {e}");
    write_tx(conn, |c| {
        if coops::by_slug(c, slug)?.is_some() {
            return Ok(Err(format!("a co-op with the slug '{slug}' exists already")));
        }
        let book = template(Template::Scic, Some(CompanyForm::Sa));
        let keys: Vec<String> = book.colleges.iter().map(|c| c.key.clone()).collect();
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let name = NAMES
                .get(i)
                .map_or_else(|| format!("Member {}", i + 1), |n| n.to_string());
            let email = format!("member{}@{slug}.demo.invalid", i + 1);
            let id = match accounts::by_email(c, &email)? {
                Some(a) => a.id,
                None => accounts::insert(
                    c,
                    &accounts::NewAccount {
                        email: &email,
                        display_name: &name,
                        password_hash: &hash,
                        locale: None,
                        is_server_admin: false,
                    },
                )?,
            };
            ids.push(id);
        }
        let founder = ids[0];
        let new = coops::NewCoop {
            slug,
            name: "Terre Vive (démo)",
            time_zone: "Europe/Paris",
            locale: crate::i18n::Locale::Fr,
            founder,
            founder_college: &keys[0],
            rulebook: &book,
        };
        let Some(coop) = coops::found(c, &new)? else {
            return Ok(Err(format!("a co-op with the slug '{slug}' exists already")));
        };
        for (i, id) in ids.iter().enumerate().skip(1) {
            let placement = Placement {
                college: Some(keys[i % keys.len()].clone()),
                is_admin: false,
                is_board: i == 1 || i == 2,
            };
            members::join(c, coop.id, *id, &placement, Some(founder))?;
        }
        if let Err(e) = discussion(c, mail, coop.id, founder, &ids)? {
            return Ok(Err(e));
        }
        Ok(Ok(format!(
            "demo co-op '{slug}' created with {count} members; log in as member1@{slug}.demo.invalid \
             (admin) or memberN@{slug}.demo.invalid with the password \"{DEMO_PASSWORD}\""
        )))
    })
    .map_err(db)?
}

/// A thread, an open proposal, and a proposal voted on and closed by the closing code.
fn discussion(
    c: &mut DbConn,
    mail: &MailContext,
    coop_id: i64,
    founder: i64,
    ids: &[i64],
) -> Result<Result<(), String>, diesel::result::Error> {
    let thread = threads::create(
        c,
        coop_id,
        founder,
        "Bienvenue dans la coopérative",
        "Présentez-vous ici et proposez les sujets de notre prochaine assemblée.",
    )?;
    let book = coops::current_rulebook(c, coop_id)?;
    let mut counts = std::collections::HashMap::new();
    for college in &book.colleges {
        let n = members::count_in_college(c, coop_id, &college.key)? as usize;
        counts.insert(college.key.clone(), n);
    }
    let members_in = |k: &str| counts.get(k).copied().unwrap_or(0);
    let now = crate::storage::now();
    let tz = chrono_tz::Europe::Paris;
    let cx = create::Context {
        coop_id,
        author: founder,
        book: &book,
        tz,
        now,
        locale: crate::i18n::Locale::Fr,
        members_in: &members_in,
    };
    let local = |days: i64| {
        (now + chrono::Duration::days(days))
            .and_utc()
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let propose = |c: &mut DbConn,
                   title: &str,
                   details: &str,
                   days: i64|
     -> Result<Result<i64, String>, diesel::result::Error> {
        let input = create::ProposalInput {
            title: title.into(),
            details: details.into(),
            method: "proposal".into(),
            decision_class: "ordinary".into(),
            closes_at: local(days),
            results_visibility: "live".into(),
            thread_id: Some(thread),
            ..Default::default()
        };
        let new = match create::check(&input, &cx) {
            Ok(new) => new,
            Err(r) => return Ok(Err(format!("demo proposal refused: {r}"))),
        };
        let id = proposals::insert(c, &new)?;
        crate::storage::audit::append(
            c,
            coop_id,
            Some(founder),
            "proposal.created",
            serde_json::json!({"proposal": id, "title": new.title, "class": new.decision_class,
                               "method": new.method, "secret": new.secret}),
        )?;
        closing::open(c, mail, id, now)?;
        Ok(Ok(id))
    };
    if let Err(e) = propose(
        c,
        "Installer des panneaux solaires sur le hangar",
        "Devis joint au fil de discussion ; vote ouvert une semaine.",
        7,
    )? {
        return Ok(Err(e));
    }
    let closed = match propose(
        c,
        "Adopter le calendrier des assemblées",
        "Une assemblée par trimestre, le premier samedi.",
        2,
    )? {
        Ok(id) => id,
        Err(e) => return Ok(Err(e)),
    };
    let p = proposals::get(c, closed)?;
    for (i, voter) in ids.iter().take(6).enumerate() {
        let cast = ballot::Cast {
            proposal: &p,
            voter: *voter,
            giver: None,
            choice: serde_json::json!(if i == 4 { "disagree" } else { "agree" }),
            reason: None,
            now,
        };
        if let Err(r) = ballot::cast(c, &mail.keys, &cast)? {
            return Ok(Err(format!("demo ballot refused: {r:?}")));
        }
    }
    // Its closing time moves to the past, then the closing code tallies it as the job would.
    let past = now - chrono::Duration::minutes(1);
    proposals::set_closes_at(c, closed, past)?;
    if closing::close(c, mail, closed, now)?.is_none() {
        return Ok(Err("the demo proposal did not close".into()));
    }
    Ok(Ok(()))
}
