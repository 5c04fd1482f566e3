//! Rulebook violations and explanations in a person's language: the domain gives codes and
//! arguments (`domain::rulebook`); this renders the catalog's sentences.

use crate::domain::fraction::percent_text;
use crate::domain::rulebook::{
    ArgValue, Args, Change, DecisionClass, Explanation, LegalSource, Rulebook, Violation,
};
use crate::i18n::{Arg, Locale, render};

/// Catalog key of the source of Collegia's own rules (weights summing to 100, proposal-only
/// classes, ...), which no law or model constitution sets.
pub const COLLEGIA_SOURCE: &str = "rulebook-source-collegia";

/// `path: message (source)`, e.g. "colleges[0].weight: SCIC: a college may hold no more than
/// 50 % of the votes (loi 47-1775, art. 19 octies)".
pub fn render_violation(locale: Locale, v: &Violation) -> String {
    let message = render_code(locale, &format!("rulebook-violation-{}", v.code), &v.args);
    let mut line = if v.path.is_empty() {
        message
    } else {
        format!("{}: {message}", v.path)
    };
    // Every refusal names its source: the law or model rules when there is one, else
    // Collegia's own rulebook format (rulebook.md, "Validation").
    let source = v.source.map_or(COLLEGIA_SOURCE, LegalSource::key);
    line.push_str(&format!(" ({})", render(locale, source, &[])));
    line
}

/// One sentence about the rules in the reader's language.
pub fn render_explanation(locale: Locale, e: &Explanation) -> String {
    render_code(locale, &format!("rulebook-explain-{}", e.code), &e.args)
}

fn render_code(locale: Locale, key: &str, args: &Args) -> String {
    let args: Vec<(&str, Arg)> = args
        .iter()
        .map(|(name, value)| (*name, to_arg(locale, value)))
        .collect();
    render(locale, key, &args)
}

fn to_arg(locale: Locale, value: &ArgValue) -> Arg {
    let join = |items: Vec<String>| Arg::Text(items.join(", "));
    match value {
        ArgValue::Text(s) => Arg::Text(s.clone()),
        ArgValue::Int(n) => Arg::Number(*n as f64),
        ArgValue::Percent(f) => {
            let pct = percent_text(f);
            // French writes the decimal comma.
            Arg::Text(if locale == Locale::Fr {
                pct.replace('.', ",")
            } else {
                pct
            })
        }
        ArgValue::Key(k) => Arg::Text(render(locale, k, &[])),
        ArgValue::Keys(ks) => join(ks.iter().map(|k| render(locale, k, &[])).collect()),
        ArgValue::Texts(ts) => join(ts.clone()),
    }
}

/// One changed field in words: "Bénéficiaires — may start discussions: yes → no". Classes and
/// colleges are named as the rulebook names them; values are shown as written (booleans as
/// yes/no in the reader's language, an absent value as "none").
pub fn render_change(locale: Locale, change: &Change, old: &Rulebook, new: &Rulebook) -> String {
    let mut place: Vec<String> = Vec::new();
    let mut field = String::new();
    for part in change.path.split('.') {
        if let Some((list, key)) = part.strip_suffix(']').and_then(|p| p.split_once('[')) {
            let name = new
                .college(key)
                .or_else(|| old.college(key))
                .map_or_else(|| key.to_string(), |c| c.name.clone());
            place.push(format!(
                "{} {name}",
                render(locale, &format!("rulebook-field-{list}"), &[])
            ));
            field.clear();
        } else if let Some(class) = DecisionClass::parse(part).filter(|_| field == "decisions") {
            place.push(render(
                locale,
                &format!("rulebook-class-{}", class.key()),
                &[],
            ));
            field.clear();
        } else {
            field = part.to_string();
        }
    }
    let label = if field.is_empty() {
        String::new()
    } else {
        let key = format!("rulebook-field-{field}");
        let text = render(locale, &key, &[]);
        if text == key {
            field.replace('_', " ")
        } else {
            text
        }
    };
    let what = place
        .into_iter()
        .chain((!label.is_empty()).then_some(label))
        .collect::<Vec<_>>()
        .join(" — ");
    let value = |v: &Option<serde_json::Value>| match v {
        None => render(locale, "rulebook-value-none", &[]),
        Some(serde_json::Value::Bool(true)) => render(locale, "rulebook-value-yes", &[]),
        Some(serde_json::Value::Bool(false)) => render(locale, "rulebook-value-no", &[]),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    render(
        locale,
        "rulebook-change",
        &[
            ("what", Arg::Text(what)),
            ("old", Arg::Text(value(&change.old))),
            ("new", Arg::Text(value(&change.new))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::{
        CompanyForm, EXPLANATION_CODES, Template, VIOLATION_CODES, explain, template, validate,
    };
    use crate::i18n::{message_ids, sources};

    fn defined(locale: Locale) -> Vec<String> {
        sources(locale)
            .iter()
            .flat_map(|(_, src)| message_ids(src))
            .collect()
    }

    #[test]
    fn every_rulebook_code_has_english_and_french_text() {
        let mut keys: Vec<String> = VIOLATION_CODES
            .iter()
            .map(|c| format!("rulebook-violation-{c}"))
            .collect();
        keys.extend(
            EXPLANATION_CODES
                .iter()
                .map(|c| format!("rulebook-explain-{c}")),
        );
        keys.extend(LegalSource::ALL.iter().map(|s| s.key().to_string()));
        keys.push(COLLEGIA_SOURCE.to_string());
        keys.extend(
            Template::ALL
                .iter()
                .map(|t| format!("rulebook-template-{}", t.key())),
        );
        keys.extend(
            CompanyForm::ALL
                .iter()
                .map(|f| format!("rulebook-form-{}", f.key())),
        );
        for locale in Locale::ALL {
            let ids = defined(locale);
            for key in &keys {
                assert!(ids.contains(key), "{key} missing in {}", locale.code());
            }
        }
    }

    #[test]
    fn every_template_explains_itself_in_both_languages() {
        for t in Template::ALL {
            for locale in Locale::ALL {
                for e in explain(&template(t, None)) {
                    let text = render_explanation(locale, &e);
                    assert!(
                        !text.starts_with("rulebook-") && !text.contains("rulebook-"),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn violations_render_with_path_and_source() {
        let mut book = template(Template::Scic, None);
        book.colleges[0].weight = Some(num_rational::BigRational::from_integer(60.into()));
        book.colleges[1].weight = Some(num_rational::BigRational::from_integer(20.into()));
        let violations = validate(&book).unwrap_err();
        assert_eq!(
            render_violation(Locale::En, &violations[0]),
            "colleges[0].weight: SCIC: a college may hold no more than 50 % of the votes (loi 47-1775, art. 19 octies)"
        );
        assert_eq!(
            render_violation(Locale::Fr, &violations[0]),
            "colleges[0].weight: SCIC : un collège ne peut détenir plus de 50 % des voix (loi 47-1775, art. 19 octies)"
        );
    }

    #[test]
    fn french_percentages_use_a_decimal_comma() {
        let e = Explanation {
            code: "cap",
            args: vec![
                ("college", ArgValue::Text("Investisseurs".into())),
                (
                    "percent",
                    ArgValue::Percent(num_rational::BigRational::new(1.into(), 8.into())),
                ),
            ],
        };
        assert!(render_explanation(Locale::Fr, &e).contains("12,5 %"));
        assert!(render_explanation(Locale::En, &e).contains("12.5 %"));
    }

    mod changes {
        use super::super::render_change;
        use crate::domain::rulebook::{DecisionClass, Rulebook, Template, diff, template};
        use crate::i18n::Locale;
        use proptest::prelude::*;

        /// One field of the schema changed at random: its expected path, and the change.
        fn one_change() -> impl Strategy<Value = (String, Rulebook)> {
            let classes = prop::sample::select(DecisionClass::ALL.to_vec());
            (0usize..9, classes, 0usize..3, 1u32..5000).prop_map(|(field, class, college, n)| {
                let mut book = template(Template::Scic, None);
                let c = &mut book.colleges[college];
                let ck = c.key.clone();
                let d = book.decisions.get_mut(class);
                let ckey = class.key();
                let path = match field {
                    0 => {
                        c.may_propose = !c.may_propose;
                        format!("colleges[{ck}].may_propose")
                    }
                    1 => {
                        c.may_start_threads = !c.may_start_threads;
                        format!("colleges[{ck}].may_start_threads")
                    }
                    2 => {
                        c.name = format!("College {n}");
                        format!("colleges[{ck}].name")
                    }
                    3 => {
                        d.min_open_hours += n;
                        format!("decisions.{ckey}.min_open_hours")
                    }
                    4 => {
                        d.threshold.strict = !d.threshold.strict;
                        format!("decisions.{ckey}.threshold.strict")
                    }
                    5 => {
                        book.proxies.max_per_holder += n;
                        "proxies.max_per_holder".to_string()
                    }
                    6 => {
                        book.proxies.same_college = !book.proxies.same_college;
                        "proxies.same_college".to_string()
                    }
                    7 => {
                        book.proxies.allowed = !book.proxies.allowed;
                        "proxies.allowed".to_string()
                    }
                    _ if d.quorum.is_some() => {
                        d.quorum = None;
                        format!("decisions.{ckey}.quorum")
                    }
                    _ => {
                        d.min_open_hours += n;
                        format!("decisions.{ckey}.min_open_hours")
                    }
                };
                (path, book)
            })
        }

        proptest! {
            #[test]
            fn every_single_field_change_is_reported_and_said(pair in one_change()) {
                let (path, new) = pair;
                let old = template(Template::Scic, None);
                let changes = diff(&old, &new);
                prop_assert_eq!(changes.len(), 1, "{:?}", changes);
                prop_assert_eq!(&changes[0].path, &path);
                for locale in Locale::ALL {
                    let said = render_change(locale, &changes[0], &old, &new);
                    prop_assert!(!said.contains("rulebook-"), "{}", said);
                    prop_assert!(said.contains('→'), "{}", said);
                }
            }
        }
    }
}
