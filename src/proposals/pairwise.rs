//! The pairwise table of a ranked election (for the Schulze results page), counted from the
//! ballots grouped by choice: `d[i][j]` ballots rank option `i` above option `j` (a ranked
//! option is above every unranked one).

use serde_json::Value;

/// `d[i][j]` for the options in order.
pub fn table(options: &[String], grouped: &[(String, String, i64)]) -> Vec<Vec<i64>> {
    let n = options.len();
    let mut d = vec![vec![0i64; n]; n];
    for (_, choice, count) in grouped {
        let Ok(Value::Array(list)) = serde_json::from_str::<Value>(choice) else {
            continue;
        };
        // rank[i]: position of option i, or n when unranked.
        let mut rank = vec![n; n];
        for (pos, v) in list.iter().enumerate() {
            if let Some(i) = v.as_str().and_then(|s| options.iter().position(|o| o == s)) {
                rank[i] = pos;
            }
        }
        for i in 0..n {
            for j in 0..n {
                if i != j && rank[i] < rank[j] {
                    d[i][j] += count;
                }
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_options_beat_unranked_ones() {
        let options = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let grouped = vec![
            ("w".to_string(), r#"["a","b"]"#.to_string(), 2),
            ("w".to_string(), r#"["c"]"#.to_string(), 1),
        ];
        let d = table(&options, &grouped);
        assert_eq!(d[0][1], 2);
        assert_eq!(d[0][2], 2);
        assert_eq!(d[2][0], 1);
        assert_eq!(d[1][2], 2);
    }
}
