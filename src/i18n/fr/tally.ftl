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

# Noms des méthodes sur les pages de résultats (jamais le code brut)
tally-method-proposal = Proposition (pour ou contre)
tally-method-consent = Consentement
tally-method-single = Choix unique
tally-method-approval = Vote par approbation
tally-method-ranked-schulze = Vote par classement — méthode Schulze
tally-method-ranked-irv = Vote par classement — vote alternatif (éliminations successives)
tally-method-ranked-borda = Vote par classement — méthode Borda
tally-method-score = Vote par notes
tally-method-dot = Vote par points à répartir
tally-rule-schulze = Méthode Schulze
tally-rule-irv = Vote alternatif (éliminations successives)
tally-rule-borda = Méthode Borda

# Les tableaux derrière un résultat (src/web/views/results_tables.rs)
results-method = Décidé par :
results-cell-ballots = { $count ->
    [one] { $count } bulletin
   *[other] { $count } bulletins
}
results-row-over-column = ligne préférée à la colonne
results-over = { $a } préféré à { $b }
results-pairwise-title = Soutien pondéré, paire par paire
results-pairwise-hint = Chaque case : la part du poids des collèges qui classe l’option de la ligne avant celle de la colonne, avec entre parenthèses le nombre de bulletins. La plus grande part de chaque paire est en gras.
results-paths-title = Chemins les plus forts
results-paths-hint = La force d’un chemin est celle de son maillon le plus faible ; chaque case donne le chemin le plus fort de la ligne vers la colonne. Une option l’emporte quand son chemin vers chacune des autres est plus fort que le chemin inverse.
results-why-title = Pourquoi ce résultat
results-why-beats = Le chemin le plus fort de « { $winner } » vers « { $other } » ({ $path }) l’emporte sur le chemin inverse ({ $back }).
results-why-none = Aucune option n’a des chemins plus forts que toutes les autres : la première place est à égalité.
results-round = Tour { $round }
results-round-share = Part du poids encore en jeu
results-borda-title = Points Borda
results-borda-hint = Chaque option classée gagne un point par option classée après elle ; les points sont pondérés par collège.
results-borda-points = Points pondérés
results-borda-raw = Points (non pondérés)
results-by-college-first = Premiers choix, par collège
results-by-college-points = Points Borda, par collège
results-total = Total

# Résultats en direct pendant le vote
results-live-title = Qui a voté jusqu’ici
results-live-voted = { $college } : { $cast } sur { $eligible } ont voté
results-quorum-reached = Le quorum est atteint.
results-quorum-unreachable = Personne n’est inscrit : le quorum ne peut pas être atteint.
results-quorum-more = { $count ->
    [one] Encore un bulletin et le quorum est atteint.
   *[other] Encore { $count } bulletins et le quorum est atteint.
}
results-quorum-more-in = { $count } de plus dans le collège { $college }
results-or = ou
results-and = et
results-quorum-any = Pour atteindre le quorum : { $list }.
results-quorum-all = Pour atteindre le quorum : { $list }.
results-quorum-together = Aucun collège ne peut atteindre le quorum à lui seul : il faut que plusieurs votent.
