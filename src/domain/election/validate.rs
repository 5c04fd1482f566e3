//! Semantic checks: what the JSON grammar cannot say (weights sum to 100, the electorate
//! lists every college, ballots fit the method). Run by `tally` before counting.

use super::model::{ALL_COLLEGE, Ballot, Choice, Election, ElectionError, Method, RankedRule};
use super::rules::{Aggregation, ThresholdBase, Weighting};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use std::collections::{HashMap, HashSet};

fn err<T>(message: String) -> Result<T, ElectionError> {
    Err(ElectionError::new(message))
}

/// `(key, eligible)` pairs -> eligible per college index; every college once, no other key.
pub(super) fn resolve_electorate(
    keys: &[&str],
    pairs: &[(&str, u64)],
) -> Result<Vec<u64>, ElectionError> {
    let mut out: Vec<Option<u64>> = vec![None; keys.len()];
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    for (key, n) in pairs {
        let Some(&i) = index.get(key) else {
            return err(format!(
                "electorate.{key}: unknown college (expected {})",
                keys.join(", ")
            ));
        };
        if let Some(slot) = out.get_mut(i)
            && slot.replace(*n).is_some()
        {
            return err(format!("electorate.{key}: duplicate key"));
        }
    }
    keys.iter()
        .zip(out)
        .map(|(k, n)| {
            n.ok_or_else(|| ElectionError::new(format!("electorate: college {k:?} is missing")))
        })
        .collect()
}

impl Election {
    /// Every check `tally` needs, including each ballot's fit to the method.
    pub fn validate(&self) -> Result<(), ElectionError> {
        self.validate_setup()?;
        let colleges = self.college_keys().len();
        let mut cast = vec![0u128; colleges];
        for (i, ballot) in self.ballots.iter().enumerate() {
            self.check_ballot(ballot, colleges)
                .map_err(|e| ElectionError::new(format!("ballots[{i}]{}", e.message)))?;
            if let Some(n) = cast.get_mut(ballot.college as usize) {
                *n += u128::from(ballot.count);
            }
        }
        if let Some(electorate) = &self.electorate {
            for ((key, eligible), n) in self.college_keys().iter().zip(electorate).zip(&cast) {
                if *n > u128::from(*eligible) {
                    return err(format!(
                        "electorate.{key}: {eligible} eligible voters but {n} ballots"
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_setup(&self) -> Result<(), ElectionError> {
        self.check_options()?;
        self.check_colleges()?;
        // Counting tables are colleges × options (× options for Schulze); refuse sizes
        // that would exhaust memory rather than abort.
        let (n, c) = (
            self.options.len() as u128,
            self.college_keys().len() as u128,
        );
        let cells = if self.method == Method::Ranked && self.ranked_rule == RankedRule::Schulze {
            n * n * c
        } else {
            n * c
        };
        if cells > 1 << 26 {
            return err("options: too many options and colleges to tally".into());
        }
        let rules = &self.rules;
        let method = self.method;
        if rules.aggregation == Aggregation::Bloc
            && matches!(method, Method::Ranked | Method::Score)
        {
            return err(format!(
                "rules.aggregation: bloc is not allowed with {}",
                method.name()
            ));
        }
        let unit = |v: &Fraction| !v.is_negative() && *v <= Fraction::one();
        if let Some(t) = &rules.threshold {
            if !unit(&t.share) {
                return err("rules.threshold.share: must be between 0 and 1".into());
            }
            if method == Method::Proposal
                && t.base == ThresholdBase::Electorate
                && self.electorate.is_none()
            {
                return err("electorate: required by rules.threshold.base \"electorate\"".into());
            }
        }
        if let Some(q) = &rules.quorum {
            if !unit(&q.turnout) {
                return err("rules.quorum.turnout: must be between 0 and 1".into());
            }
            if self.electorate.is_none() {
                return err("electorate: required by rules.quorum".into());
            }
        }
        if method == Method::Proposal
            && let Some(cc) = &rules.class_consent
        {
            let keys: HashSet<&str> = self.college_keys().into_iter().collect();
            for c in &cc.colleges {
                if !keys.contains(c.as_str()) {
                    return err(format!(
                        "rules.class_consent.colleges: unknown college {c:?}"
                    ));
                }
            }
            if let Some(t) = &cc.threshold
                && !unit(&t.share)
            {
                return err("rules.class_consent.threshold.share: must be between 0 and 1".into());
            }
        }
        if let Some(e) = &self.electorate
            && e.len() != self.college_keys().len()
        {
            return err("electorate: must list every college".into());
        }
        Ok(())
    }

    fn check_options(&self) -> Result<(), ElectionError> {
        if !self.method.has_options() {
            return Ok(());
        }
        if self.options.is_empty() {
            return err(format!(
                "options: {} needs a non-empty list of options",
                self.method.name()
            ));
        }
        if self.options.len() > u32::MAX as usize / 2 {
            return err("options: too many".into());
        }
        let mut seen = HashSet::with_capacity(self.options.len());
        for (i, o) in self.options.iter().enumerate() {
            if o.is_empty() {
                return err(format!("options[{i}]: empty name"));
            }
            if !seen.insert(o.as_str()) {
                return err(format!("options[{i}]: duplicate option {o:?}"));
            }
        }
        match self.method {
            Method::Score if self.score_range.0 > self.score_range.1 => {
                err("score_range: the lower bound exceeds the upper bound".into())
            }
            Method::Dot if self.dots_per_voter.is_none_or(|d| d == 0) => {
                err("dots_per_voter: dot needs a positive integer".into())
            }
            _ => Ok(()),
        }
    }

    fn check_colleges(&self) -> Result<(), ElectionError> {
        let rules = &self.rules;
        let Some(colleges) = &rules.colleges else {
            return if rules.caps.iter().any(|c| c.college != ALL_COLLEGE) || rules.caps.len() > 1 {
                err("rules.caps: unknown or duplicate college".into())
            } else {
                self.check_caps()
            };
        };
        if colleges.is_empty() {
            return err("rules.colleges: must not be empty".into());
        }
        if colleges.len() > u32::MAX as usize / 2 {
            return err("rules.colleges: too many".into());
        }
        let mut seen = HashSet::with_capacity(colleges.len());
        for (i, c) in colleges.iter().enumerate() {
            if c.key.is_empty() {
                return err(format!("rules.colleges[{i}].key: empty"));
            }
            if !seen.insert(c.key.as_str()) {
                return err(format!(
                    "rules.colleges[{i}].key: duplicate college {:?}",
                    c.key
                ));
            }
        }
        if rules.weighting == Weighting::Fixed {
            let mut sum = Fraction::zero();
            for (i, c) in colleges.iter().enumerate() {
                let Some(w) = &c.weight else {
                    return err(format!(
                        "rules.colleges[{i}].weight: required under fixed weighting"
                    ));
                };
                if w.is_negative() {
                    return err(format!("rules.colleges[{i}].weight: must not be negative"));
                }
                sum += w;
            }
            if sum != Fraction::from_integer(BigInt::from(100)) {
                return err(format!(
                    "rules.colleges: fixed weights must sum to exactly 100, not {}",
                    crate::domain::fraction::to_display_f64(&sum)
                ));
            }
        }
        let mut capped = HashSet::with_capacity(rules.caps.len());
        for (i, cap) in rules.caps.iter().enumerate() {
            if !seen.contains(cap.college.as_str()) {
                return err(format!(
                    "rules.caps[{i}].college: unknown college {:?}",
                    cap.college
                ));
            }
            if !capped.insert(cap.college.as_str()) {
                return err(format!(
                    "rules.caps[{i}].college: duplicate college {:?}",
                    cap.college
                ));
            }
        }
        self.check_caps()
    }

    fn check_caps(&self) -> Result<(), ElectionError> {
        let rules = &self.rules;
        if !rules.caps.is_empty() && rules.weighting == Weighting::Fixed {
            return err("rules.caps: only allowed with headcount weighting".into());
        }
        for (i, cap) in rules.caps.iter().enumerate() {
            if cap.max_weight.is_negative() {
                return err(format!("rules.caps[{i}].max_weight: must not be negative"));
            }
        }
        Ok(())
    }

    /// A ballot's fit to the method; the message continues `ballots[i]`.
    fn check_ballot(&self, ballot: &Ballot, colleges: usize) -> Result<(), ElectionError> {
        let bad = |m: String| Err(ElectionError::new(m));
        if ballot.college as usize >= colleges {
            return bad(".college: unknown college".into());
        }
        if ballot.count == 0 {
            return bad(".count: must be a positive integer".into());
        }
        if ballot.choice.method() != self.method {
            return bad(format!(".choice: not a {} choice", self.method.name()));
        }
        let n = self.options.len();
        let known = |i: u32| (i as usize) < n;
        let name = |i: u32| {
            self.options
                .get(i as usize)
                .map(String::as_str)
                .unwrap_or("?")
        };
        match &ballot.choice {
            Choice::Single(Some(i)) if !known(*i) => bad(".choice: unknown option".into()),
            Choice::Approval(list) | Choice::Ranked(list) => {
                if list.iter().any(|i| !known(*i)) {
                    return bad(".choice: unknown option".into());
                }
                match first_repeat(list.iter().copied()) {
                    Some(i) => bad(format!(".choice: option {:?} listed twice", name(i))),
                    None => Ok(()),
                }
            }
            Choice::Score(list) => {
                let (lo, hi) = self.score_range;
                if list.iter().any(|(i, _)| !known(*i))
                    || first_repeat(list.iter().map(|(i, _)| *i)).is_some()
                {
                    return bad(".choice: unknown or repeated option".into());
                }
                for (i, s) in list {
                    if *s < lo || *s > hi {
                        return bad(format!(
                            ".choice.{}: score {s} outside {lo}..={hi}",
                            name(*i)
                        ));
                    }
                }
                Ok(())
            }
            Choice::Dot(list) => {
                if list.iter().any(|(i, _)| !known(*i))
                    || first_repeat(list.iter().map(|(i, _)| *i)).is_some()
                {
                    return bad(".choice: unknown or repeated option".into());
                }
                let spent: u128 = list.iter().map(|(_, d)| u128::from(*d)).sum();
                let budget = self.dots_per_voter.unwrap_or(0);
                if spent > u128::from(budget) {
                    return bad(format!(
                        ".choice: {spent} dots spent, over the budget of {budget}"
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// The first option listed twice in a ballot: a scan for short ballots, a set for long ones.
fn first_repeat(list: impl Iterator<Item = u32> + Clone) -> Option<u32> {
    let short = list.clone().nth(32).is_none();
    if short {
        let items: Vec<u32> = list.collect();
        return items
            .iter()
            .enumerate()
            .find(|(k, i)| items.iter().take(*k).any(|p| p == *i))
            .map(|(_, i)| *i);
    }
    let mut seen = HashSet::new();
    list.into_iter().find(|i| !seen.insert(*i))
}
