# rulebook messages (en)

## Names

rulebook-template-scic = SCIC (France)
rulebook-template-somerset = Somerset Rules (UK)
rulebook-template-fairshares = FairShares
rulebook-template-quebec_solidarity = Québec solidarity co-operative
rulebook-template-sce = European Cooperative Society (SCE)
rulebook-template-one_member_one_vote = One member, one vote
rulebook-form-sa = SA (société anonyme)
rulebook-form-sas = SAS (société par actions simplifiée)
rulebook-form-sarl = SARL (société à responsabilité limitée)
rulebook-class-ordinary = Ordinary decisions
rulebook-class-extraordinary = Extraordinary decisions
rulebook-class-rules_change = Changes to these rules
rulebook-class-payout_rule = The payout rule
rulebook-method-proposal = proposal
rulebook-method-consent = consent
rulebook-method-single = single choice
rulebook-method-approval = approval
rulebook-method-ranked = ranked choice
rulebook-method-score = score
rulebook-method-dot = dot voting

## Legal sources

rulebook-source-collegia = Collegia rulebook format, collegia-rulebook/1
rulebook-source-scic-19-septies = loi 47-1775, art. 19 septies
rulebook-source-scic-19-octies = loi 47-1775, art. 19 octies
rulebook-source-somerset = Somerset Rules
rulebook-source-fairshares = FairShares Model, share capital
rulebook-source-quebec = Loi sur les coopératives (Québec, RLRQ c. C-67.2), solidarity co-operatives
rulebook-source-quebec-s4 = Loi sur les coopératives (Québec, RLRQ c. C-67.2), s. 4
rulebook-source-sce-59 = Regulation (EC) 1435/2003, art. 59, to be verified

## Violations

rulebook-violation-format = the format must be "{$expected}", not "{$found}"
rulebook-violation-company-form-required = SCIC: the company form is required (sa, sas or sarl)
rulebook-violation-company-form-not-scic = only a SCIC has a company form
rulebook-violation-colleges-empty = there must be at least one college
rulebook-violation-college-key-invalid = the college key "{$key}" may only use lower-case letters, digits and _
rulebook-violation-college-key-duplicate = the college key "{$key}" is used twice
rulebook-violation-college-name-empty = the college "{$key}" needs a name
rulebook-violation-weight-missing = under fixed weighting the college "{$key}" needs a weight
rulebook-violation-weight-negative = the weight of the college "{$key}" may not be negative
rulebook-violation-weights-sum = under fixed weighting the weights must add up to 100, not {$sum}
rulebook-violation-caps-under-fixed = caps apply only under headcount weighting
rulebook-violation-cap-unknown-college = the cap names "{$college}", which is not a college
rulebook-violation-cap-duplicate = the college "{$college}" is capped twice
rulebook-violation-cap-out-of-range = the cap of "{$college}" must be between 0 and 1
rulebook-violation-methods-empty = {$class}: at least one method is needed
rulebook-violation-method-duplicate = the method {$method} is listed twice
rulebook-violation-proposal-only = {$class}: only a proposal can enact, so {$method} is not allowed
rulebook-violation-bloc-method = bloc aggregation cannot be used with {$method}
rulebook-violation-threshold-out-of-range = {$class}: the threshold must be between 0 and 1
rulebook-violation-threshold-base-electorate = {$class}: a threshold over the electorate applies to proposals only
rulebook-violation-quorum-out-of-range = {$class}: the quorum must be between 0 and 1
rulebook-violation-class-consent-empty = {$class}: class consent must name at least one college
rulebook-violation-class-consent-unknown-college = class consent names "{$college}", which is not a college
rulebook-violation-class-consent-duplicate = class consent names "{$college}" twice
rulebook-violation-class-consent-threshold-out-of-range = {$class}: the class consent threshold must be between 0 and 1
rulebook-violation-proxies-max-per-holder = when proxies are allowed, a member must be able to hold at least one
rulebook-violation-scic-college-count = SCIC: there must be 3 to 10 colleges, not {$count}
rulebook-violation-scic-fixed-weighting = SCIC: each college must hold a fixed share of 10 % to 50 % of the votes (weighting must be fixed)
rulebook-violation-scic-college-weight-max = SCIC: a college may hold no more than 50 % of the votes
rulebook-violation-scic-college-weight-min = SCIC: a college must hold at least 10 % of the votes
rulebook-violation-scic-beneficiaries-college = SCIC: a beneficiaries college is required
rulebook-violation-scic-workers-college = SCIC: a workers (or producers) college is required
rulebook-violation-somerset-college-count = Somerset: there must be at least 2 colleges, not {$count}
rulebook-violation-somerset-fixed-weighting = Somerset: colleges hold fixed proportions of the votes (weighting must be fixed)
rulebook-violation-fairshares-class-missing = FairShares: the {$class} class is missing
rulebook-violation-fairshares-class-unknown = FairShares: "{$key}" is not one of the four classes (founders, labour, users, investors)
rulebook-violation-quebec-categories = Québec: a solidarity co-operative needs at least 2 of the users, workers and supporters colleges, not {$count}
rulebook-violation-quebec-proxies = Québec: voting by proxy is not allowed
rulebook-violation-sce-investors-cap = SCE: investor members together may hold no more than 25 % of the votes
rulebook-violation-template-changed = a rules change cannot turn a {$from} rulebook into a {$to} one
rulebook-violation-college-removed-with-members = the college "{$college}" still has {$members} members: move them before removing it

## Explanations

rulebook-explain-template = These rules follow the {$template} template.
rulebook-explain-company-form = The company form is {$form}.
rulebook-explain-college-fixed = The college "{$college}" holds {$percent} % of the votes, whatever its size.
rulebook-explain-college-consultative = The college "{$college}" is consultative: its votes are reported, not counted.
rulebook-explain-headcount = Every member's vote weighs the same; colleges are only reported.
rulebook-explain-cap = The college "{$college}" holds at most {$percent} % of the votes, however many its members.
rulebook-explain-aggregation-proportional = Each college counts in proportion to how its own members voted.
rulebook-explain-aggregation-bloc = A college's whole weight goes to the side that wins inside it.
rulebook-explain-empty-redistribute = A college where nobody votes is left out and the others' weights grow in proportion.
rulebook-explain-empty-zero = A college where nobody votes keeps its weight, counting as not agreeing.
rulebook-explain-abstentions-excluded = Abstentions are not counted as votes cast.
rulebook-explain-abstentions-against = Abstentions count as not agreeing.
rulebook-explain-class-methods = {$class}: may be decided by {$methods}.
rulebook-explain-class-threshold = {$class}: need { $strict ->
        [yes] more than
       *[no] at least
    } { $share ->
        [half] half
        [two_thirds] two thirds
        [three_quarters] three quarters
       *[other] {$percent} %
    } of { $basis ->
        [weighted] the weighted votes cast
        [electorate] the eligible members
       *[cast] the votes cast
    }.
rulebook-explain-class-quorum = {$class}: at least {$percent} % of the members must take part{ $basis ->
        [weighted] , counted by college weight
        [each_college] , in every college
       *[headcount] {""}
    }.
rulebook-explain-class-no-quorum = {$class}: no quorum.
rulebook-change = {$what}: {$old} → {$new}
rulebook-value-none = none
rulebook-value-yes = yes
rulebook-value-no = no
rulebook-field-colleges = College
rulebook-field-name = name
rulebook-field-weight = weight
rulebook-field-may_start_threads = may start discussions
rulebook-field-may_propose = may propose
rulebook-field-weighting = weighting
rulebook-field-aggregation = aggregation
rulebook-field-caps = caps
rulebook-field-empty_college = an empty college
rulebook-field-abstentions = abstentions
rulebook-field-methods = voting methods
rulebook-field-share = majority
rulebook-field-strict = strictly more than the majority
rulebook-field-base = counted against
rulebook-field-quorum = quorum
rulebook-field-turnout = turnout
rulebook-field-scope = quorum counted
rulebook-field-basis = quorum basis
rulebook-field-second_call_quorum = quorum on second call
rulebook-field-class_consent = consent of colleges
rulebook-field-block = a block
rulebook-field-min_open_hours = least open time (hours)
rulebook-field-allowed = proxies allowed
rulebook-field-max_per_holder = proxies one member may hold
rulebook-field-same_college = proxy within one's college
rulebook-field-template = template
rulebook-field-company_form = company form
rulebook-explain-class-min-open = {$class}: a proposal stays open at least { $whole_days ->
    [yes] { $days ->
        [one] one day
       *[other] {$days} days
    }
   *[no] { $hours ->
        [one] one hour
       *[other] {$hours} hours
    }
} before it closes.
rulebook-explain-class-second-call = {$class}: on second call, the quorum is {$percent} %{ $basis ->
        [weighted] , counted by college weight
        [each_college] , in every college
       *[headcount] {""}
    }.
rulebook-explain-class-second-call-no-quorum = {$class}: on second call, there is no quorum.
rulebook-explain-class-consent = {$class}: a majority is also needed inside each of these colleges: {$colleges}.
rulebook-explain-class-block-veto = {$class}: a single block stops a proposal.
rulebook-explain-class-block-disagree = {$class}: a block counts as a vote against.
rulebook-explain-proxies-forbidden = Voting by proxy is not allowed.
rulebook-explain-proxies-allowed = A member may hold up to {$max} { $max ->
        [one] proxy
       *[other] proxies
    }{ $same_college ->
        [yes] , from members of their own college
       *[no] {""}
    }.
rulebook-explain-may-propose = Members of these colleges may make proposals: {$colleges}.
rulebook-explain-nobody-may-propose = No college may make proposals.
