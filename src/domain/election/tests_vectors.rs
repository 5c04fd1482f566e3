//! The shared vectors (tests/vectors/*.json), in process; tests/it/tally.rs runs them
//! again through the real binary.

use super::tests::share;
use super::*;
use serde_json::{Value, json};

/// Every shared vector, in process (the binary runs them again in tests/it/tally.rs).
#[test]
fn shared_vectors_hold() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");
    let dir = if std::path::Path::new(dir).exists() {
        dir.to_string()
    } else {
        "/work/main/tests/vectors".into()
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("vectors folder") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        // The election stays raw text: some vectors hold duplicate keys a Value would drop.
        #[derive(serde::Deserialize)]
        struct Vector<'a> {
            #[serde(borrow)]
            election: &'a serde_json::value::RawValue,
            expect: Value,
        }
        let v: Vector = serde_json::from_str(&text).expect("vector JSON");
        let got = tally_json(v.election.get());
        let expect = &v.expect;
        let name = path.display();
        if expect["error"] == json!(true) {
            assert!(got.is_err(), "{name}: expected an error");
            continue;
        }
        let o = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(x) = expect.get("outcome") {
            assert_eq!(o.verdict.name(), x, "{name}: outcome");
        }
        if let Some(x) = expect.get("winner") {
            assert_eq!(json!(o.winner), *x, "{name}: winner");
        }
        if let Some(x) = expect.get("ranking") {
            assert_eq!(json!(o.ranking), *x, "{name}: ranking");
        }
        if let Some(Value::Object(m)) = expect.get("shares") {
            for (k, x) in m {
                let s = share(&o, k);
                assert!(
                    (s - x.as_f64().unwrap_or(f64::NAN)).abs() < 1e-6,
                    "{name}: share {k} = {s}, want {x}"
                );
            }
        }
        if let Some(Value::Array(rounds)) = expect.get("rounds") {
            assert_eq!(rounds.len(), o.rounds.len(), "{name}: rounds");
            for (r, x) in o.rounds.iter().zip(rounds) {
                if let Some(el) = x.get("eliminated") {
                    assert_eq!(json!(r.eliminated), *el, "{name}: eliminated");
                }
            }
        }
    }
    assert!(seen > 0, "no vectors in {dir}");
}
