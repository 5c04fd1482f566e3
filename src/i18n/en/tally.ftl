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
