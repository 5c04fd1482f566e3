# tally messages (fr) : les raisons d'un résultat de dépouillement (src/domain/election/reason.rs)
tally-quorum-met = quorum atteint : participation { $turnout } % >= { $required } %
tally-quorum-not-met = quorum non atteint : participation { $turnout } % < { $required } %
tally-quorum-each-met = quorum atteint dans chaque collège (au moins { $required } % chacun)
tally-quorum-college-not-met = quorum non atteint dans le collège { $college } : participation { $turnout } % < { $required } %
tally-quorum-no-eligible = quorum non atteint : aucun votant inscrit
tally-blocked = bloqué par { $count ->
    [one] { $count } bulletin de blocage
   *[other] { $count } bulletins de blocage
}
tally-class-consent-given = consentement du collège { $college } : part des pour { $share } % { $op } { $required } %
tally-class-vetoed = veto du collège { $college } : part des pour { $share } % non { $op } { $required } %
tally-class-vetoed-empty = veto du collège { $college } : aucun bulletin exprimé
tally-threshold-passed = part pondérée des pour { $share } % { $op } { $required } %
tally-threshold-failed = part pondérée des pour { $share } % non { $op } { $required } %
tally-no-counted = aucun bulletin exprimé
tally-consent-objected = bloqué par { $count ->
    [one] { $count } objection
   *[other] { $count } objections
}
tally-consent-given = { $count ->
    [one] { $count } consentement
   *[other] { $count } consentements
} et aucune objection
tally-consent-none = aucun bulletin ne consent
tally-winner = choix retenu : { $option }
tally-option-threshold-passed = part de { $option } { $share } % { $op } { $required } %
tally-no-majority = pas de majorité : { $option } arrive en tête avec { $share } %, non { $op } { $required } %
tally-tie = égalité entre { $options }
tally-irv-majority = { $option } détient plus de la moitié du poids restant au tour { $round }
tally-irv-elimination-tie = égalité pour l'élimination entre { $options } au tour { $round }, non départagée par les tours précédents
