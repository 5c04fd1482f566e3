# rulebook messages (fr)

## Noms

rulebook-template-scic = SCIC (France)
rulebook-template-somerset = Somerset Rules (Royaume-Uni)
rulebook-template-fairshares = FairShares
rulebook-template-quebec_solidarity = Coopérative de solidarité (Québec)
rulebook-template-sce = Société coopérative européenne (SCE)
rulebook-template-one_member_one_vote = Une personne, une voix
rulebook-form-sa = SA (société anonyme)
rulebook-form-sas = SAS (société par actions simplifiée)
rulebook-form-sarl = SARL (société à responsabilité limitée)
rulebook-class-ordinary = Décisions ordinaires
rulebook-class-extraordinary = Décisions extraordinaires
rulebook-class-rules_change = Modifications de ces règles
rulebook-class-payout_rule = Règle de répartition
rulebook-method-proposal = proposition
rulebook-method-consent = consentement
rulebook-method-single = choix unique
rulebook-method-approval = approbation
rulebook-method-ranked = vote par classement
rulebook-method-score = vote par notes
rulebook-method-dot = vote par gommettes

## Sources juridiques

rulebook-source-collegia = format des règles de Collegia, collegia-rulebook/1
rulebook-source-scic-19-septies = loi 47-1775, art. 19 septies
rulebook-source-scic-19-octies = loi 47-1775, art. 19 octies
rulebook-source-somerset = Somerset Rules
rulebook-source-fairshares = modèle FairShares, capital social
rulebook-source-quebec = Loi sur les coopératives (Québec, RLRQ c. C-67.2), coopératives de solidarité
rulebook-source-quebec-s4 = Loi sur les coopératives (Québec, RLRQ c. C-67.2), art. 4
rulebook-source-sce-59 = règlement (CE) 1435/2003, art. 59, à vérifier

## Violations

rulebook-violation-format = le format doit être « {$expected} », pas « {$found} »
rulebook-violation-company-form-required = SCIC : la forme de société est obligatoire (sa, sas ou sarl)
rulebook-violation-company-form-not-scic = seule une SCIC a une forme de société
rulebook-violation-colleges-empty = il faut au moins un collège
rulebook-violation-college-key-invalid = la clé de collège « {$key} » ne peut contenir que des minuscules, des chiffres et _
rulebook-violation-college-key-duplicate = la clé de collège « {$key} » est utilisée deux fois
rulebook-violation-college-name-empty = le collège « {$key} » doit avoir un nom
rulebook-violation-weight-missing = en pondération fixe, le collège « {$key} » doit avoir un poids
rulebook-violation-weight-negative = le poids du collège « {$key} » ne peut pas être négatif
rulebook-violation-weights-sum = en pondération fixe, la somme des poids doit être 100, pas {$sum}
rulebook-violation-caps-under-fixed = les plafonds ne s'appliquent qu'en pondération par tête
rulebook-violation-cap-unknown-college = le plafond vise « {$college} », qui n'est pas un collège
rulebook-violation-cap-duplicate = le collège « {$college} » est plafonné deux fois
rulebook-violation-cap-out-of-range = le plafond de « {$college} » doit être compris entre 0 et 1
rulebook-violation-methods-empty = {$class} : il faut au moins une méthode
rulebook-violation-method-duplicate = la méthode {$method} figure deux fois
rulebook-violation-proposal-only = {$class} : seule une proposition peut s'appliquer, la méthode {$method} est donc exclue
rulebook-violation-bloc-method = l'agrégation en bloc est incompatible avec la méthode {$method}
rulebook-violation-threshold-out-of-range = {$class} : le seuil doit être compris entre 0 et 1
rulebook-violation-threshold-base-electorate = {$class} : un seuil calculé sur les inscrits ne vaut que pour les propositions
rulebook-violation-quorum-out-of-range = {$class} : le quorum doit être compris entre 0 et 1
rulebook-violation-class-consent-empty = {$class} : l'accord par collège doit nommer au moins un collège
rulebook-violation-class-consent-unknown-college = l'accord par collège nomme « {$college} », qui n'est pas un collège
rulebook-violation-class-consent-duplicate = l'accord par collège nomme « {$college} » deux fois
rulebook-violation-class-consent-threshold-out-of-range = {$class} : le seuil de l'accord par collège doit être compris entre 0 et 1
rulebook-violation-proxies-max-per-holder = si les procurations sont permises, un membre doit pouvoir en détenir au moins une
rulebook-violation-scic-college-count = SCIC : il faut de 3 à 10 collèges, pas {$count}
rulebook-violation-scic-fixed-weighting = SCIC : chaque collège doit détenir une part fixe de 10 % à 50 % des voix (la pondération doit être fixe)
rulebook-violation-scic-college-weight-max = SCIC : un collège ne peut détenir plus de 50 % des voix
rulebook-violation-scic-college-weight-min = SCIC : un collège doit détenir au moins 10 % des voix
rulebook-violation-scic-beneficiaries-college = SCIC : un collège des bénéficiaires est obligatoire
rulebook-violation-scic-workers-college = SCIC : un collège des salariés (ou des producteurs) est obligatoire
rulebook-violation-somerset-college-count = Somerset : il faut au moins 2 collèges, pas {$count}
rulebook-violation-somerset-fixed-weighting = Somerset : les collèges détiennent des parts fixes des voix (la pondération doit être fixe)
rulebook-violation-fairshares-class-missing = FairShares : la classe {$class} manque
rulebook-violation-fairshares-class-unknown = FairShares : « {$key} » n'est pas l'une des quatre classes (founders, labour, users, investors)
rulebook-violation-quebec-categories = Québec : une coopérative de solidarité réunit au moins 2 des collèges users, workers et supporters, pas {$count}
rulebook-violation-quebec-proxies = Québec : le vote par procuration est interdit
rulebook-violation-sce-investors-cap = SCE : les membres investisseurs ne peuvent détenir ensemble plus de 25 % des voix
rulebook-violation-template-changed = une modification des règles ne peut pas changer un règlement {$from} en {$to}
rulebook-violation-college-removed-with-members = le collège « {$college} » compte encore {$members} membres : déplacez-les avant de le supprimer

## Explications

rulebook-explain-template = Ces règles suivent le modèle {$template}.
rulebook-explain-company-form = La forme de société est : {$form}.
rulebook-explain-college-fixed = Le collège « {$college} » détient {$percent} % des voix, quel que soit son effectif.
rulebook-explain-college-consultative = Le collège « {$college} » est consultatif : ses votes sont publiés, pas comptés.
rulebook-explain-headcount = Chaque membre pèse le même poids ; les collèges servent seulement au compte rendu.
rulebook-explain-cap = Le collège « {$college} » détient au plus {$percent} % des voix, quel que soit son effectif.
rulebook-explain-aggregation-proportional = Chaque collège compte en proportion du vote de ses membres.
rulebook-explain-aggregation-bloc = Tout le poids d'un collège va au camp majoritaire en son sein.
rulebook-explain-empty-redistribute = Un collège où personne ne vote est écarté ; le poids des autres augmente en proportion.
rulebook-explain-empty-zero = Un collège où personne ne vote garde son poids et compte comme une voix qui n'approuve pas.
rulebook-explain-abstentions-excluded = Les abstentions ne comptent pas parmi les suffrages exprimés.
rulebook-explain-abstentions-against = Les abstentions comptent comme des voix qui n'approuvent pas.
rulebook-explain-class-methods = {$class} : méthodes possibles : {$methods}.
rulebook-explain-class-threshold = {$class} : il faut { $strict ->
        [yes] plus de
       *[no] au moins
    } { $share ->
        [half] la moitié
        [two_thirds] les deux tiers
        [three_quarters] les trois quarts
       *[other] {$percent} %
    } { $basis ->
        [weighted] des suffrages exprimés pondérés
        [electorate] des membres inscrits
       *[cast] des suffrages exprimés
    }.
rulebook-explain-class-quorum = {$class} : au moins {$percent} % des membres doivent participer{ $basis ->
        [weighted] , selon le poids des collèges
        [each_college] , dans chaque collège
       *[headcount] {""}
    }.
rulebook-explain-class-no-quorum = {$class} : pas de quorum.
rulebook-change = {$what} : {$old} → {$new}
rulebook-value-none = aucun
rulebook-value-yes = oui
rulebook-value-no = non
rulebook-field-colleges = Collège
rulebook-field-name = nom
rulebook-field-weight = poids
rulebook-field-may_start_threads = peut ouvrir des discussions
rulebook-field-may_propose = peut proposer
rulebook-field-weighting = pondération
rulebook-field-aggregation = agrégation
rulebook-field-caps = plafonds
rulebook-field-empty_college = un collège vide
rulebook-field-abstentions = abstentions
rulebook-field-methods = modes de scrutin
rulebook-field-share = majorité
rulebook-field-strict = strictement plus que la majorité
rulebook-field-base = rapportée à
rulebook-field-quorum = quorum
rulebook-field-turnout = participation
rulebook-field-scope = quorum compté
rulebook-field-basis = base du quorum
rulebook-field-second_call_quorum = quorum en seconde convocation
rulebook-field-class_consent = accord des collèges
rulebook-field-block = un blocage
rulebook-field-min_open_hours = durée minimale d’ouverture (heures)
rulebook-field-allowed = procurations permises
rulebook-field-max_per_holder = procurations détenues par membre
rulebook-field-same_college = procuration dans son collège
rulebook-field-template = modèle
rulebook-field-company_form = forme sociale
rulebook-explain-class-min-open = {$class} : une proposition reste ouverte au moins { $whole_days ->
    [yes] { $days ->
        [one] un jour
       *[other] {$days} jours
    }
   *[no] { $hours ->
        [one] une heure
       *[other] {$hours} heures
    }
} avant sa clôture.
rulebook-explain-class-second-call = {$class} : sur deuxième convocation, le quorum est de {$percent} %{ $basis ->
        [weighted] , selon le poids des collèges
        [each_college] , dans chaque collège
       *[headcount] {""}
    }.
rulebook-explain-class-second-call-no-quorum = {$class} : sur deuxième convocation, aucun quorum n'est requis.
rulebook-explain-class-consent = {$class} : une majorité est aussi requise dans chacun de ces collèges : {$colleges}.
rulebook-explain-class-block-veto = {$class} : un seul blocage arrête une proposition.
rulebook-explain-class-block-disagree = {$class} : un blocage compte comme un vote contre.
rulebook-explain-proxies-forbidden = Le vote par procuration est interdit.
rulebook-explain-proxies-allowed = Un membre peut détenir jusqu'à {$max} { $max ->
        [one] procuration
       *[other] procurations
    }{ $same_college ->
        [yes] , données par des membres de son collège
       *[no] {""}
    }.
rulebook-explain-may-propose = Les membres de ces collèges peuvent faire des propositions : {$colleges}.
rulebook-explain-nobody-may-propose = Aucun collège ne peut faire de propositions.
