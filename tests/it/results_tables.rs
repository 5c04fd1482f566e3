//! The tables behind a result, through the page: weighted pairwise support beside the raw
//! ballots (the SCIC's 40/40/20 weights turn 4 ballots to 2 into a tie), strongest paths and
//! why, IRV rounds, Borda points, the bar by college, live turnout and the quorum still
//! needed, secrecy, and every label in the reader's language.

use crate::support::voting::*;
use collegia::storage::accounts;

const FIRST: [(&str, &str); 2] = [("opt-0", "1"), ("opt-1", "2")];
const SECOND: [(&str, &str); 2] = [("opt-0", "2"), ("opt-1", "1")];

/// Collegia over Agora for the three workers and one supporter; Agora first for the one
/// beneficiary and the other supporter: 4 ballots to 2, 50 % to 50 % once weighed.
async fn weighted_tie(c: &Coop, id: i64) {
    for who in [&c.admin, &c.members[0], &c.members[1], &c.members[4]] {
        assert_eq!(vote(who, id, &FIRST).await.0, 303);
    }
    for who in [&c.members[2], &c.members[5]] {
        assert_eq!(vote(who, id, &SECOND).await.0, 303);
    }
}

async fn close(c: &Coop, id: i64) {
    let base = format!("/c/{SLUG}/proposals/{id}");
    let res = c.admin.submit(&base, &format!("{base}/close"), &[]).await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn schulze_tables_weigh_colleges_as_the_verdict_does() {
    let c = coop().await;
    let id = propose(
        &c.admin,
        "ranked",
        "Collegia\nAgora",
        &[("results_visibility", "live")],
    )
    .await;
    let page = format!("/c/{SLUG}/proposals/{id}");
    // Live, before anyone votes: who has voted per college and the weighted quorum (1/5):
    // 20 of 100 weight units, so 2 of 3 workers (40), 1 of 2 beneficiaries (40) or both
    // supporters (20).
    let live = c.members[0].text(&page).await;
    assert!(
        live.contains("Salariés et producteurs: 0 of 3 voted"),
        "{live}"
    );
    assert!(
        live.contains(
            "To reach the quorum: 2 more in Salariés et producteurs or 1 more in Bénéficiaires or 2 more in Soutiens."
        ),
        "{live}"
    );
    weighted_tie(&c, id).await;
    let live = c.members[0].text(&page).await;
    assert!(
        live.contains("Salariés et producteurs: 3 of 3 voted"),
        "{live}"
    );
    assert!(live.contains("The quorum is reached."), "{live}");
    close(&c, id).await;
    let shown = c.members[3].text(&page).await;
    // The verdict is a tie, and so is the table: shares of the weight, ballots beside them.
    assert!(shown.contains("Tie"), "{shown}");
    assert!(
        shown.contains("50.0 % <span class=\"nw\">(4 ballots)</span>"),
        "{shown}"
    );
    assert!(
        shown.contains("50.0 % <span class=\"nw\">(2 ballots)</span>"),
        "{shown}"
    );
    assert!(
        !shown.contains("Who has voted so far"),
        "closed: no live turnout"
    );
    assert!(shown.contains("Strongest paths"), "{shown}");
    assert!(
        shown.contains("No option’s strongest paths beat every other option’s"),
        "{shown}"
    );
    assert!(shown.contains("Ranked vote — Schulze method"), "{shown}");
    assert!(!shown.contains(">schulze"), "{shown}");
    // The bar by college: Salariés give Collegia 40 %, Soutiens 10 % to each.
    assert!(shown.contains("First preferences, by college"), "{shown}");
    assert!(
        shown.contains("<td>40.0 %</td><td>0.0 %</td><td>10.0 %</td><td>50.0 %</td>"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_winner_is_explained_by_its_paths() {
    let c = coop().await;
    let id = propose(&c.admin, "ranked", "Collegia\nAgora", &[]).await;
    for who in [&c.admin, &c.members[2], &c.members[4]] {
        assert_eq!(vote(who, id, &FIRST).await.0, 303);
    }
    assert_eq!(vote(&c.members[5], id, &SECOND).await.0, 303);
    close(&c, id).await;
    let shown = c.members[1]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    // 40 + 40 + 10 = 90 % against 10 %: a defeat, with no path back.
    assert!(
        shown.contains("Collegia’s strongest path to Agora (90.0 %) beats the path back (0.0 %)."),
        "{shown}"
    );
}

#[tokio::test]
async fn irv_rounds_and_borda_points_are_weighted() {
    let c = coop().await;
    let rank = |a: &'static str, b: &'static str, x: &'static str| {
        vec![("opt-0", a), ("opt-1", b), ("opt-2", x)]
    };
    for (rule, expect) in [
        (
            "irv",
            vec![
                "Round 1",
                "Round 2",
                "eliminated: Water",
                "Share of the continuing weight",
            ],
        ),
        (
            "borda",
            vec![
                "Weighted points",
                "Points (unweighted)",
                "Borda points, by college",
            ],
        ),
    ] {
        let id = propose(
            &c.admin,
            "ranked",
            "Sun\nWind\nWater",
            &[("ranked_rule", rule)],
        )
        .await;
        // Workers: Sun; beneficiaries: Wind; one supporter Water then Wind.
        assert_eq!(vote(&c.admin, id, &rank("1", "2", "3")).await.0, 303);
        assert_eq!(vote(&c.members[2], id, &rank("3", "1", "2")).await.0, 303);
        assert_eq!(vote(&c.members[4], id, &rank("3", "2", "1")).await.0, 303);
        close(&c, id).await;
        let shown = c.members[1]
            .text(&format!("/c/{SLUG}/proposals/{id}"))
            .await;
        for word in expect {
            assert!(shown.contains(word), "{rule}: {word}: {shown}");
        }
        if rule == "irv" {
            // Round 1: 40 / 40 / 20 of the weight; Water out, its 20 to Wind.
            assert!(
                shown.contains("<th scope=\"row\">Water</th><td>20.0 %</td>"),
                "{shown}"
            );
            assert!(
                shown.contains("<th scope=\"row\">Wind</th><td>60.0 %</td>"),
                "{shown}"
            );
            assert!(shown.contains("Ranked vote — instant runoff"), "{shown}");
        } else {
            // Points: Sun 40·2 = 80, Wind 40·1 + 40·2 + 20·1 = 140, Water 40·1 + 20·2 = 80.
            assert!(
                shown.contains("<td data-label=\"Weighted points\">140.0</td>"),
                "{shown}"
            );
            assert!(shown.contains("Ranked vote — Borda count"), "{shown}");
        }
    }
}

#[tokio::test]
async fn secret_ballots_withhold_every_table_with_a_small_college() {
    let c = coop().await;
    let id = propose(&c.admin, "ranked", "Collegia\nAgora", &[("secret", "true")]).await;
    weighted_tie(&c, id).await;
    close(&c, id).await;
    let shown = c.members[3]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    // Three workers are shown; one beneficiary and two supporters are withheld, and with
    // them every total: no matrix, no path, no bar by college.
    assert!(shown.contains("fewer than 3 counted ballots"), "{shown}");
    for table in [
        "Weighted support",
        "Strongest paths",
        "First preferences, by college",
        "ballots)",
    ] {
        assert!(!shown.contains(table), "{table}: {shown}");
    }
}

#[tokio::test]
async fn the_tables_speak_french() {
    let c = coop().await;
    {
        let db = c.app.db.db();
        let mut conn = db.get().unwrap();
        accounts::set_locale(&mut conn, c.members[3].id, Some(collegia::i18n::Locale::Fr)).unwrap();
    }
    let id = propose(&c.admin, "ranked", "Collegia\nAgora", &[]).await;
    weighted_tie(&c, id).await;
    close(&c, id).await;
    let shown = c.members[3]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    for words in [
        "Vote par classement — méthode Schulze",
        "Soutien pondéré, paire par paire",
        "50,0 % <span class=\"nw\">(4 bulletins)</span>",
        "Chemins les plus forts",
        "Premiers choix, par collège",
    ] {
        assert!(shown.contains(words), "{words}: {shown}");
    }
    assert!(
        !shown.contains("ballots)") && !shown.contains(">schulze"),
        "{shown}"
    );
    // A proposal's choices are words, not codes.
    let id = propose(&c.admin, "proposal", "", &[]).await;
    assert_eq!(vote(&c.members[0], id, &[("choice", "agree")]).await.0, 303);
    close(&c, id).await;
    let page = c.members[3]
        .text(&format!("/c/{SLUG}/proposals/{id}"))
        .await;
    let shown = results_of(&page);
    assert!(shown.contains("<th scope=\"row\">Pour</th>"), "{shown}");
    assert!(shown.contains("Proposition (pour ou contre)"), "{shown}");
    assert!(
        !shown.contains(">agree") && !shown.contains("agree "),
        "{shown}"
    );
}

/// The page's Results part (the Positions below it belong to another section).
fn results_of(page: &str) -> &str {
    let start = page
        .find("<h2>Résultats")
        .or_else(|| page.find("<h2>Results"))
        .expect("results");
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}
