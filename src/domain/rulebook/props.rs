//! Property tests: whatever weights an admin types, validation answers and nothing panics.

use super::*;
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;

use proptest::prelude::*;

fn frac(p: i64, q: i64) -> Fraction {
    Fraction::new(BigInt::from(p), BigInt::from(q))
}

proptest! {
    #[test]
    fn random_weights_validate_or_explain_why(
        template_index in 0usize..6,
        weights in proptest::collection::vec(proptest::option::of(-200i64..400), 0..12),
        denominators in proptest::collection::vec(1i64..1000, 12),
    ) {
        let mut book = template(Template::ALL[template_index], None);
        book.colleges = weights.iter().enumerate().map(|(i, w)| College {
            key: format!("c{i}"),
            name: format!("College {i}"),
            weight: w.map(|w| frac(w, denominators[i])),
            may_start_threads: true,
            may_propose: i % 2 == 0,
        }).collect();
        match validate(&book) {
            Ok(()) => {
                for class in DecisionClass::ALL {
                    prop_assert!(election_rules(&book, class, Call::First).is_some());
                }
            }
            Err(violations) => prop_assert!(!violations.is_empty()),
        }
        let _ = explain(&book);
        // Weights print as decimals, so only the structure is sure to survive the trip.
        let back = parse(&book.to_json_pretty());
        prop_assert!(back.is_ok_and(|b| b.colleges.len() == book.colleges.len()));
    }
}

proptest! {
    #[test]
    fn mangled_documents_are_refused_or_accepted_never_panicked_on(
        template_index in 0usize..6,
        cut in 0usize..4000,
        insert in "[{}\\[\\]\",: a-z0-9é\\\\]{0,6}",
    ) {
        let text = template(Template::ALL[template_index], None).to_json_pretty();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mangled = format!("{}{insert}{}", &text[..at], &text[at..]);
        if let Ok(book) = parse(&mangled) {
            let _ = validate(&book);
            let _ = explain(&book);
        }
        let _ = parse(&text[..at]);
    }
}
