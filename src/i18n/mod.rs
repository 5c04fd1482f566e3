//! The message catalog: every user-facing string, in English and French (Fluent).
//!
//! The domain speaks in codes with arguments; pages, mail and the CLI render them here.
//! Files live beside this module, one per area, and are compiled into the binary.

pub mod format;
pub mod notifications;
pub mod reasons;
pub mod rulebook;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use unic_langid::{LanguageIdentifier, langid};

/// The languages Collegia speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// `"fr"`, `"fr-CA"`, `"FR"` → French; unknown → `None`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            _ => None,
        }
    }

    /// Picks the best language from an `Accept-Language` header (by q-value), else English.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// Every catalog file, per language; both lists must name the same files.
macro_rules! catalog_files {
    ($lang:literal) => {
        [
            ("common.ftl", include_str!(concat!($lang, "/common.ftl"))),
            ("web.ftl", include_str!(concat!($lang, "/web.ftl"))),
            ("mail.ftl", include_str!(concat!($lang, "/mail.ftl"))),
            ("tally.ftl", include_str!(concat!($lang, "/tally.ftl"))),
            (
                "rulebook.ftl",
                include_str!(concat!($lang, "/rulebook.ftl")),
            ),
            ("payouts.ftl", include_str!(concat!($lang, "/payouts.ftl"))),
            ("coops.ftl", include_str!(concat!($lang, "/coops.ftl"))),
            ("work.ftl", include_str!(concat!($lang, "/work.ftl"))),
            (
                "proposals.ftl",
                include_str!(concat!($lang, "/proposals.ftl")),
            ),
            ("threads.ftl", include_str!(concat!($lang, "/threads.ftl"))),
            (
                "notifications.ftl",
                include_str!(concat!($lang, "/notifications.ftl")),
            ),
            ("account.ftl", include_str!(concat!($lang, "/account.ftl"))),
            ("search.ftl", include_str!(concat!($lang, "/search.ftl"))),
        ]
    };
}

/// The raw sources of one language's catalog (for the completeness test).
pub fn sources(locale: Locale) -> Vec<(&'static str, &'static str)> {
    match locale {
        Locale::En => catalog_files!("en").to_vec(),
        Locale::Fr => catalog_files!("fr").to_vec(),
    }
}

fn language_id(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::En => langid!("en"),
        Locale::Fr => langid!("fr"),
    }
}

fn build_bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![language_id(locale)]);
    // Isolation marks would leak invisible characters into mail, CLI output and JSON.
    bundle.set_use_isolating(false);
    for (name, source) in sources(locale) {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                tracing::error!(file = name, ?errors, "message catalog has syntax errors");
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(file = name, ?errors, "message catalog has duplicate keys");
        }
    }
    bundle
}

fn bundle(locale: Locale) -> &'static FluentBundle<FluentResource> {
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static FR: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    match locale {
        Locale::En => EN.get_or_init(|| build_bundle(Locale::En)),
        Locale::Fr => FR.get_or_init(|| build_bundle(Locale::Fr)),
    }
}

pub use crate::domain::refusal::Arg;
use crate::domain::refusal::Refused;

/// Renders message `key` with `args`; a missing key renders as the key itself (and is a test failure).
pub fn render(locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = bundle(locale);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, locale = locale.code(), "missing message");
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.clone())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "message formatting errors");
    }
    text.into_owned()
}

/// What a refusal says, in the reader's language: the code's sentence with its arguments, then
/// any words of an engine that speaks only English.
pub fn refusal(locale: Locale, r: &Refused) -> String {
    let sentence = render(locale, r.code.catalog_key(), &r.args);
    match &r.detail {
        Some(d) => format!("{sentence} {d}"),
        None => sentence,
    }
}

/// A message without arguments.
pub fn t(locale: Locale, key: &str) -> String {
    render(locale, key, &[])
}

/// Message ids defined in a catalog source (for the completeness test).
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn english_and_french_define_the_same_keys() {
        let en = sources(Locale::En);
        let fr = sources(Locale::Fr);
        assert_eq!(en.len(), fr.len());
        for ((name, en_src), (_, fr_src)) in en.iter().zip(fr.iter()) {
            let a: BTreeSet<_> = message_ids(en_src).into_iter().collect();
            let b: BTreeSet<_> = message_ids(fr_src).into_iter().collect();
            let only_en: Vec<_> = a.difference(&b).collect();
            let only_fr: Vec<_> = b.difference(&a).collect();
            assert!(
                only_en.is_empty() && only_fr.is_empty(),
                "{name}: only in en {only_en:?}, only in fr {only_fr:?}"
            );
        }
    }

    #[test]
    fn every_catalog_file_parses() {
        for locale in Locale::ALL {
            for (name, source) in sources(locale) {
                assert!(
                    FluentResource::try_new(source.to_string()).is_ok(),
                    "{}/{name} does not parse",
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn every_refusal_code_is_said_in_english_and_french() {
        use crate::domain::refusal::Code;
        for locale in Locale::ALL {
            let ids: BTreeSet<String> = sources(locale)
                .iter()
                .flat_map(|(_, src)| message_ids(src))
                .collect();
            for code in Code::ALL {
                assert!(
                    ids.contains(code.catalog_key()),
                    "refusal {} ({}) missing in {}",
                    code.as_str(),
                    code.catalog_key(),
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn accept_language_picks_the_preferred_known_language() {
        assert_eq!(
            Locale::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Locale::Fr
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,en;q=0.5,fr;q=0.7"),
            Locale::Fr
        );
        assert_eq!(Locale::from_accept_language("de"), Locale::En);
        assert_eq!(Locale::from_accept_language(""), Locale::En);
    }
}
