# tally messages (en): the reasons of a tally outcome (src/domain/election/reason.rs)
tally-quorum-met = quorum met: turnout { $turnout }% >= { $required }%
tally-quorum-not-met = quorum not met: turnout { $turnout }% < { $required }%
tally-quorum-each-met = quorum met in every college (at least { $required }% each)
tally-quorum-college-not-met = quorum not met in college { $college }: turnout { $turnout }% < { $required }%
tally-quorum-no-eligible = quorum not met: no eligible voter
tally-blocked = blocked by { $count ->
    [one] { $count } block ballot
   *[other] { $count } block ballots
}
tally-class-consent-given = class consent given by { $college }: agree share { $share }% { $op } { $required }%
tally-class-vetoed = class consent vetoed by college { $college }: agree share { $share }% not { $op } { $required }%
tally-class-vetoed-empty = class consent vetoed by college { $college }: no counted ballot
tally-threshold-passed = weighted agree share { $share }% { $op } { $required }%
tally-threshold-failed = weighted agree share { $share }% not { $op } { $required }%
tally-no-counted = no counted ballot
tally-consent-objected = blocked by { $count ->
    [one] { $count } objection
   *[other] { $count } objections
}
tally-consent-given = { $count ->
    [one] { $count } consent
   *[other] { $count } consents
} and no objection
tally-consent-none = no ballot consents
tally-winner = winner: { $option }
tally-option-threshold-passed = { $option } share { $share }% { $op } { $required }%
tally-no-majority = no majority: { $option } leads with { $share }%, not { $op } { $required }%
tally-tie = tie between { $options }
tally-irv-majority = { $option } holds more than half of the continuing weight in round { $round }
tally-irv-elimination-tie = tie for elimination between { $options } in round { $round }, unbroken by earlier rounds

# Method names on results pages (never the raw code)
tally-method-proposal = Proposal (agree or disagree)
tally-method-consent = Consent
tally-method-single = Single choice
tally-method-approval = Approval vote
tally-method-ranked-schulze = Ranked vote — Schulze method
tally-method-ranked-irv = Ranked vote — instant runoff
tally-method-ranked-borda = Ranked vote — Borda count
tally-method-score = Score vote
tally-method-dot = Dot voting
tally-rule-schulze = Schulze method
tally-rule-irv = Instant runoff
tally-rule-borda = Borda count

# The tables behind a result (src/web/views/results_tables.rs)
results-method = Decided by:
results-cell-ballots = { $count ->
    [one] { $count } ballot
   *[other] { $count } ballots
}
results-row-over-column = row over column
results-over = { $a } over { $b }
results-pairwise-title = Weighted support, pair by pair
results-pairwise-hint = Each cell: the share of the colleges’ weight that ranks the row’s option above the column’s, with the number of ballots in brackets. The larger share of each pair is in bold.
results-paths-title = Strongest paths
results-paths-hint = A path’s strength is its weakest link; each cell is the strongest path from the row to the column. An option wins when its path to every other option is stronger than the path back.
results-why-title = Why this result
results-why-beats = { $winner }’s strongest path to { $other } ({ $path }) beats the path back ({ $back }).
results-why-none = No option’s strongest paths beat every other option’s: the first place is tied.
results-round = Round { $round }
results-round-share = Share of the continuing weight
results-borda-title = Borda points
results-borda-hint = Each ranked option earns one point per option ranked below it; points are weighted by college.
results-borda-points = Weighted points
results-borda-raw = Points (unweighted)
results-by-college-first = First preferences, by college
results-by-college-points = Borda points, by college
results-total = Total

# Live results while a vote is open
results-live-title = Who has voted so far
results-live-voted = { $college }: { $cast } of { $eligible } voted
results-quorum-reached = The quorum is reached.
results-quorum-unreachable = Nobody is eligible: the quorum cannot be reached.
results-quorum-more = { $count ->
    [one] One more ballot reaches the quorum.
   *[other] { $count } more ballots reach the quorum.
}
results-quorum-more-in = { $count } more in { $college }
results-or = or
results-and = and
results-quorum-any = To reach the quorum: { $list }.
results-quorum-all = To reach the quorum: { $list }.
results-quorum-together = No college can reach the quorum alone: several must vote.
