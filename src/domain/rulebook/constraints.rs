//! Template constraints: what the law (or a model constitution) says about each template,
//! with the source of each rule so a refusal can name it.

use super::validate::{Report, int, number_text};
use super::{ArgValue, Rulebook, Template};
use crate::domain::election::rules::Weighting;
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;

/// Where a constraint comes from. `confidence` is the mark of `sources.md`: `V` verified in the
/// text, `S` secondary source, `NV` not verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalSource {
    /// Loi 47-1775, art. 19 septies: beneficiaries and employees (or producers) are mandatory.
    Scic19Septies,
    /// Loi 47-1775, art. 19 octies: three or more colleges, each 10 % to 50 %.
    Scic19Octies,
    /// The Somerset Rules: stakeholder classes control the meeting in fixed proportions.
    SomersetRules,
    /// The FairShares Model's four share classes.
    FairsharesModel,
    /// Québec, Loi sur les coopératives (C-67.2): at least two of the three categories.
    QuebecSolidarity,
    /// Québec, C-67.2 s. 4: one vote per member, no proxy voting.
    QuebecSection4,
    /// Regulation (EC) 1435/2003, art. 59: investor members together at most 25 % of the votes.
    Sce59,
}

impl LegalSource {
    pub const ALL: [LegalSource; 7] = [
        LegalSource::Scic19Septies,
        LegalSource::Scic19Octies,
        LegalSource::SomersetRules,
        LegalSource::FairsharesModel,
        LegalSource::QuebecSolidarity,
        LegalSource::QuebecSection4,
        LegalSource::Sce59,
    ];

    /// Catalog key of the citation.
    pub fn key(self) -> &'static str {
        match self {
            LegalSource::Scic19Septies => "rulebook-source-scic-19-septies",
            LegalSource::Scic19Octies => "rulebook-source-scic-19-octies",
            LegalSource::SomersetRules => "rulebook-source-somerset",
            LegalSource::FairsharesModel => "rulebook-source-fairshares",
            LegalSource::QuebecSolidarity => "rulebook-source-quebec",
            LegalSource::QuebecSection4 => "rulebook-source-quebec-s4",
            LegalSource::Sce59 => "rulebook-source-sce-59",
        }
    }

    pub fn confidence(self) -> &'static str {
        match self {
            LegalSource::Scic19Septies
            | LegalSource::QuebecSection4
            | LegalSource::FairsharesModel => "V",
            LegalSource::Scic19Octies
            | LegalSource::QuebecSolidarity
            | LegalSource::SomersetRules => "S",
            LegalSource::Sce59 => "NV",
        }
    }
}

pub(super) fn template_constraints(book: &Rulebook, report: &mut Report) {
    let has = |key: &str| book.college(key).is_some();
    let count = ArgValue::Int(i64::try_from(book.colleges.len()).unwrap_or(i64::MAX));
    match book.template {
        Template::Scic => {
            let src = Some(LegalSource::Scic19Octies);
            if !(3..=10).contains(&book.colleges.len()) {
                report.add(
                    "colleges",
                    "scic-college-count",
                    vec![("count", count)],
                    src,
                );
            }
            if book.weighting != Weighting::Fixed {
                // Under headcount a college's share of the votes follows its size, so nothing
                // keeps it within 10 % to 50 %.
                report.add("weighting", "scic-fixed-weighting", vec![], src);
            } else {
                for (i, c) in book.colleges.iter().enumerate() {
                    let Some(w) = &c.weight else { continue };
                    let args = vec![
                        ("college", ArgValue::Text(c.name.clone())),
                        ("weight", ArgValue::Text(number_text(w))),
                    ];
                    if *w > int(50) {
                        report.add(
                            format!("colleges[{i}].weight"),
                            "scic-college-weight-max",
                            args,
                            src,
                        );
                    } else if *w < int(10) {
                        report.add(
                            format!("colleges[{i}].weight"),
                            "scic-college-weight-min",
                            args,
                            src,
                        );
                    }
                }
            }
            if !has("beneficiaries") {
                report.add(
                    "colleges",
                    "scic-beneficiaries-college",
                    vec![],
                    Some(LegalSource::Scic19Septies),
                );
            }
            if !has("workers") && !has("producers") {
                report.add(
                    "colleges",
                    "scic-workers-college",
                    vec![],
                    Some(LegalSource::Scic19Septies),
                );
            }
        }
        Template::Somerset => {
            let src = Some(LegalSource::SomersetRules);
            if book.colleges.len() < 2 {
                report.add(
                    "colleges",
                    "somerset-college-count",
                    vec![("count", count)],
                    src,
                );
            }
            if book.weighting != Weighting::Fixed {
                report.add("weighting", "somerset-fixed-weighting", vec![], src);
            }
        }
        Template::Fairshares => {
            let classes = ["founders", "labour", "users", "investors"];
            for class in classes.iter().filter(|c| !has(c)) {
                let args = vec![("class", ArgValue::Text((*class).into()))];
                report.add(
                    "colleges",
                    "fairshares-class-missing",
                    args,
                    Some(LegalSource::FairsharesModel),
                );
            }
            for (i, c) in book
                .colleges
                .iter()
                .enumerate()
                .filter(|(_, c)| !classes.contains(&c.key.as_str()))
            {
                let args = vec![("key", ArgValue::Text(c.key.clone()))];
                report.add(
                    format!("colleges[{i}].key"),
                    "fairshares-class-unknown",
                    args,
                    Some(LegalSource::FairsharesModel),
                );
            }
        }
        Template::QuebecSolidarity => {
            let present = ["users", "workers", "supporters"]
                .iter()
                .filter(|k| has(k))
                .count();
            if present < 2 {
                let args = vec![("count", ArgValue::Int(present as i64))];
                report.add(
                    "colleges",
                    "quebec-categories",
                    args,
                    Some(LegalSource::QuebecSolidarity),
                );
            }
            if book.proxies.allowed {
                report.add(
                    "proxies.allowed",
                    "quebec-proxies",
                    vec![],
                    Some(LegalSource::QuebecSection4),
                );
            }
        }
        Template::Sce => sce_investors(book, report),
        Template::OneMemberOneVote => {}
    }
}

/// Investor (non-user) members together hold at most a quarter of the votes.
fn sce_investors(book: &Rulebook, report: &mut Report) {
    let Some(i) = book.colleges.iter().position(|c| c.key == "investors") else {
        return;
    };
    let quarter = Fraction::new(BigInt::from(1), BigInt::from(4));
    let src = Some(LegalSource::Sce59);
    let args = || vec![("college", ArgValue::Text(book.colleges[i].name.clone()))];
    if book.weighting == Weighting::Fixed {
        if book.colleges[i]
            .weight
            .as_ref()
            .is_some_and(|w| *w > int(25))
        {
            report.add(
                format!("colleges[{i}].weight"),
                "sce-investors-cap",
                args(),
                src,
            );
        }
        return;
    }
    match book.caps.iter().position(|c| c.college == "investors") {
        Some(j) if book.caps[j].max_weight > quarter => {
            report.add(
                format!("caps[{j}].max_weight"),
                "sce-investors-cap",
                args(),
                src,
            );
        }
        Some(_) => {}
        None => report.add("caps", "sce-investors-cap", args(), src),
    }
}
