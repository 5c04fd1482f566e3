//! Search over 1,000,000 comments (target: p95 under 100 ms over a fixed set of 50 queries).
//!
//! Setup (not timed): 10 co-ops, one person in all of them, 100 threads per co-op and
//! 1,000,000 comments in all, written in batches through diesel so the database's own
//! triggers index them as they would index a post. Each comment is 8 to 30 words drawn from a
//! fixed 2,000-word vocabulary with a Zipf law and a seeded generator, so every run builds the
//! same text. Then each of the 50 queries of [`QUERIES`] is run through the search service
//! (`collegia::search::run`: access check, query, excerpts and highlights) three times, one
//! at a time, and the program prints p50, p95 and max.
//!
//! ```text
//! cargo bench --bench search                                    # SQLite, temp file
//! COLLEGIA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegia_bench \
//!   cargo bench --bench search                                  # PostgreSQL (an empty db)
//! SEARCH_BENCH_COMMENTS=100000 cargo bench --bench search      # smaller
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

use collegia::domain::rulebook::{CompanyForm, Template, template};
use collegia::search::{Asked, State};
use collegia::storage::schema::comments;
use collegia::storage::search::Kind;
use collegia::storage::{Db, DbConn, accounts, coops, migrate, threads};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

const COOPS: usize = 10;
const THREADS_PER_COOP: usize = 100;
const VOCABULARY: usize = 2_000;

/// Real words, placed every 16 ranks of the vocabulary (so from very common to rare); the
/// rest of the vocabulary is made of syllables.
const REAL: [&str; 126] = [
    "vote",
    "budget",
    "assemblée",
    "meeting",
    "résumé",
    "roof",
    "solar",
    "garden",
    "coopérative",
    "members",
    "proposal",
    "rules",
    "payout",
    "surplus",
    "worker",
    "college",
    "board",
    "minutes",
    "statement",
    "agenda",
    "bakery",
    "bicycle",
    "café",
    "delivery",
    "energy",
    "festival",
    "grant",
    "harvest",
    "insurance",
    "journal",
    "kitchen",
    "library",
    "market",
    "newsletter",
    "office",
    "paint",
    "quarterly",
    "repair",
    "schedule",
    "training",
    "upgrade",
    "volunteer",
    "warehouse",
    "yearly",
    "zoning",
    "trésorerie",
    "équipe",
    "réunion",
    "décision",
    "élection",
    "hiver",
    "printemps",
    "été",
    "automne",
    "chantier",
    "salaire",
    "loyer",
    "contrat",
    "fournisseur",
    "client",
    "facture",
    "banque",
    "prêt",
    "subvention",
    "mairie",
    "voisinage",
    "jardin",
    "toiture",
    "chauffage",
    "isolation",
    "fenêtre",
    "porte",
    "escalier",
    "cave",
    "grenier",
    "parking",
    "vélo",
    "voiture",
    "camion",
    "livraison",
    "entrepôt",
    "stock",
    "inventaire",
    "recette",
    "dépense",
    "bilan",
    "compte",
    "audit",
    "statuts",
    "règlement",
    "charte",
    "mandat",
    "procuration",
    "scrutin",
    "quorum",
    "majorité",
    "unanimité",
    "amendement",
    "motion",
    "ordre",
    "séance",
    "procès",
    "verbal",
    "archive",
    "registre",
    "sociétaire",
    "capital",
    "part",
    "dividende",
    "ristourne",
    "réserve",
    "fonds",
    "investissement",
    "emprunt",
    "intérêt",
    "taux",
    "échéance",
    "remboursement",
    "garantie",
    "caution",
    "hypothèque",
    "notaire",
    "avocat",
    "expert",
    "comptable",
    "pergola",
];

/// The 50 queries, fixed: single words from common to rare, two and three words, accents and
/// capitals, words that are nowhere, syntax characters, with and without filters.
/// Words, the co-op filter (by position), the kind and state filters.
type Query = (&'static str, Option<usize>, Option<Kind>, Option<State>);

const QUERIES: [Query; 50] = [
    ("vote", None, None, None),
    ("budget", None, None, None),
    ("assemblée", None, None, None),
    ("ASSEMBLEE", None, None, None),
    ("resume", None, None, None),
    ("roof solar", None, None, None),
    ("garden", Some(3), None, None),
    ("cooperative", None, None, None),
    ("members proposal", None, None, None),
    ("payout", None, Some(Kind::Comment), None),
    ("surplus", None, None, None),
    ("college board", None, None, None),
    ("minutes", Some(7), None, None),
    ("statement agenda", None, None, None),
    ("bakery", None, None, None),
    ("bicycle café", None, None, None),
    ("delivery", None, None, None),
    ("festival grant", None, None, None),
    ("harvest", None, Some(Kind::Thread), None),
    ("insurance journal", None, None, None),
    ("kitchen", Some(0), None, None),
    ("library market newsletter", None, None, None),
    ("quarterly", None, None, None),
    ("repair schedule", None, None, None),
    ("volunteer", None, None, None),
    ("warehouse yearly", None, None, None),
    ("tresorerie", None, None, None),
    ("réunion décision", None, None, None),
    ("élection", None, None, Some(State::Open)),
    ("chantier", None, None, None),
    ("salaire loyer", None, None, None),
    ("fournisseur", Some(5), None, None),
    ("facture banque", None, None, None),
    ("subvention", None, None, None),
    ("toiture isolation", None, None, None),
    ("escalier", None, None, None),
    ("livraison entrepôt", None, None, None),
    ("inventaire", None, None, None),
    ("statuts règlement", None, None, None),
    ("procuration", None, None, None),
    ("quorum majorité", None, None, None),
    ("sociétaire", None, None, None),
    ("dividende", None, None, None),
    ("hypothèque notaire", None, None, None),
    ("comptable", None, None, None),
    ("pergola", None, None, None),
    ("vote budget résumé", None, None, None),
    ("\"vote\" NEAR(budget) -roof*", None, None, None),
    ("xylophone", None, None, None),
    ("platypus narwhal", None, None, None),
];

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The vocabulary by rank: real words every 16 ranks, syllable words between.
fn vocabulary() -> Vec<String> {
    const SYL: [&str; 20] = [
        "ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "za", "bre", "clo", "dri", "fla",
        "gro", "pli", "sta", "tru", "vel", "mor",
    ];
    let mut generated = (0..).map(|i: usize| {
        format!(
            "{}{}{}",
            SYL[i % 20],
            SYL[(i / 20) % 20],
            SYL[(i / 400 + i) % 20]
        )
    });
    (0..VOCABULARY)
        .map(|rank| {
            if rank % 16 == 0 && rank / 16 < REAL.len() {
                REAL[rank / 16].to_string()
            } else {
                generated.next().unwrap()
            }
        })
        .collect()
}

/// Draws words with a Zipf law (weight 1 / rank).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn draw(&self, rng: &mut StdRng) -> usize {
        let x = rng.random::<f64>() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative.partition_point(|c| *c < x)
    }
}

struct Fixture {
    account: accounts::Account,
    slugs: Vec<String>,
}

fn setup(db: &Db, n: usize) -> Fixture {
    let mut conn = db.get().expect("a connection");
    migrate::run_pending(&mut conn).expect("migrations");
    let tag = collegia::crypto::random_hex(4);
    let email = format!("search-{tag}@example.org");
    let account_id = accounts::insert(
        &mut conn,
        &accounts::NewAccount {
            email: &email,
            display_name: "Search Tester",
            password_hash: "not-a-password",
            locale: None,
            is_server_admin: false,
        },
    )
    .expect("account");
    let book = template(Template::Scic, Some(CompanyForm::Sa));
    let words = vocabulary();
    let zipf = Zipf::new(words.len());
    let mut rng = StdRng::seed_from_u64(2026);
    let mut slugs = vec![];
    let per_coop = n / COOPS;
    // On PostgreSQL the comments' trigger (a PL/pgSQL call per row) is set aside during the
    // bulk fill and the index is then built in one statement, the same text and tsvector as
    // the trigger writes: about half the fill time on two cores. SQLite keeps its triggers.
    let postgres = matches!(**conn, DbConn::Postgresql(_));
    if postgres {
        diesel::sql_query("ALTER TABLE comments DISABLE TRIGGER search_comments")
            .execute(&mut **conn)
            .expect("trigger off");
    }
    for k in 0..COOPS {
        let slug = format!("s{k}-{tag}");
        let coop = coops::found(
            &mut conn,
            &coops::NewCoop {
                slug: &slug,
                name: &format!("Search co-op {k}"),
                time_zone: "Europe/Paris",
                locale: if k % 2 == 0 {
                    collegia::i18n::Locale::Fr
                } else {
                    collegia::i18n::Locale::En
                },
                founder: account_id,
                founder_college: &book.colleges[0].key,
                rulebook: &book,
            },
        )
        .expect("found")
        .expect("a free slug");
        let sentence = |rng: &mut StdRng, len: usize| -> String {
            (0..len)
                .map(|_| words[zipf.draw(rng)].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let thread_ids: Vec<i64> = (0..THREADS_PER_COOP)
            .map(|_| {
                let title = sentence(&mut rng, 5);
                let body = sentence(&mut rng, 40);
                threads::create(&mut conn, coop.id, account_id, &title, &body).expect("thread")
            })
            .collect();
        insert_comments(
            &mut conn,
            coop.id,
            &thread_ids,
            account_id,
            per_coop,
            &mut |r| {
                let len = r.random_range(8..=30);
                sentence(r, len)
            },
            &mut rng,
        );
        slugs.push(slug);
    }
    if postgres {
        diesel::sql_query(
            "INSERT INTO search_docs (kind, ref_id, coop_id, thread_id, lang, title, body, tsv) \
             SELECT 'comment', c.id, c.coop_id, c.thread_id, l.lang, '', c.body, \
                    to_tsvector(CASE l.lang WHEN 'fr' THEN 'collegia_fr'::regconfig \
                                ELSE 'collegia_en'::regconfig END, c.body) \
             FROM comments c \
             JOIN (SELECT id, CASE WHEN locale LIKE 'fr%' THEN 'fr' ELSE 'en' END AS lang \
                   FROM coops) l ON l.id = c.coop_id \
             WHERE c.deleted_at IS NULL \
               AND NOT EXISTS (SELECT 1 FROM search_docs d \
                               WHERE d.kind = 'comment' AND d.ref_id = c.id) \
             ORDER BY c.id",
        )
        .execute(&mut **conn)
        .expect("index");
        diesel::sql_query("ALTER TABLE comments ENABLE TRIGGER search_comments")
            .execute(&mut **conn)
            .expect("trigger on");
    }
    let account = accounts::by_id(&mut conn, account_id)
        .expect("account")
        .expect("exists");
    Fixture { account, slugs }
}

/// `n` comments spread over the threads, in batches of 500, one transaction per batch.
fn insert_comments(
    conn: &mut DbConn,
    coop: i64,
    thread_ids: &[i64],
    author: i64,
    n: usize,
    text: &mut dyn FnMut(&mut StdRng) -> String,
    rng: &mut StdRng,
) {
    let now = collegia::storage::now();
    let mut done = 0;
    while done < n {
        let size = (n - done).min(500);
        let bodies: Vec<(i64, String)> = (done..done + size)
            .map(|i| (thread_ids[i % thread_ids.len()], text(rng)))
            .collect();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            let rows: Vec<_> = bodies
                .iter()
                .map(|(thread, b)| {
                    (
                        comments::coop_id.eq(coop),
                        comments::thread_id.eq(*thread),
                        comments::author_id.eq(author),
                        comments::body.eq(b.as_str()),
                        comments::created_at.eq(now),
                    )
                })
                .collect();
            collegia::insert_batch!(c, comments::table, rows)?;
            Ok(())
        })
        .expect("a batch of comments");
        done += size;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("SEARCH_BENCH_RUN").is_none() {
        println!("search: run with `cargo bench --bench search` (or SEARCH_BENCH_RUN=1)");
        return;
    }
    let n = env_number("SEARCH_BENCH_COMMENTS", 1_000_000);
    let rounds = env_number("SEARCH_BENCH_ROUNDS", 3);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("COLLEGIA_BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("COLLEGIA_BENCH_POSTGRES_URL"))
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("search.db").display()));
    let engine = url.split(':').next().unwrap_or("?").to_string();
    let db = Db::connect(&url, 2).expect("database");
    let started = Instant::now();
    let fixture = setup(&db, n);
    println!(
        "setup: {n} comments in {} co-ops, indexed, in {:.1} s on {engine}",
        COOPS,
        started.elapsed().as_secs_f64()
    );
    let mut conn = db.get().expect("a connection");
    if let DbConn::Postgresql(c) = &mut **conn {
        // What autovacuum does after a bulk insert: statistics, and the GIN pending list merged.
        diesel::sql_query("VACUUM ANALYZE")
            .execute(c)
            .expect("vacuum");
    }
    let mut times = vec![];
    let mut worst = (Duration::ZERO, "");
    let mut found = 0usize;
    for round in 0..=rounds {
        for (q, coop, kind, state) in QUERIES {
            let asked = Asked {
                q: q.to_string(),
                coop: coop.map(|k| fixture.slugs[k].clone()),
                kind,
                state,
                page: 1,
            };
            let t = Instant::now();
            let outcome =
                collegia::search::run(&mut conn, &fixture.account, &asked).expect("search");
            let took = t.elapsed();
            // Round 0 warms the caches.
            if round > 0 {
                times.push(took);
                found += outcome.hits.len();
                if took > worst.0 {
                    worst = (took, q);
                }
            }
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "search on {engine}: {} queries ({} × 50), p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms \
         ({:?}); {found} hits shown (target: p95 under 100 ms)",
        times.len(),
        rounds,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(worst.0),
        worst.1,
    );
}
