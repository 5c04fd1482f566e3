//! `collegia admin demo`: a sample SCIC co-op so a newcomer sees a living co-op at first run;
//! `--members N` makes large co-ops for load tests.

use crate::domain::rulebook::{CompanyForm, Template, template};
use crate::storage::members::Placement;
use crate::storage::{DbConn, accounts, coops, members, write_tx};

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

/// Creates the demo co-op `slug` with `count` members (at least one: the admin).
pub fn load(conn: &mut DbConn, slug: &str, count: usize) -> Result<String, String> {
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
            locale: "fr",
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
        Ok(Ok(format!(
            "demo co-op '{slug}' created with {count} members; log in as member1@{slug}.demo.invalid \
             (admin) or memberN@{slug}.demo.invalid with the password \"{DEMO_PASSWORD}\""
        )))
    })
    .map_err(db)?
}
