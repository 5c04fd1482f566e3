# pages (fr)
layout-skip = Aller au contenu
layout-nav = Compte
layout-login = Se connecter
layout-logout = Se déconnecter
layout-language = Langue
layout-language-apply = Changer
layout-footer = Collegia — les décisions des coopératives multi-sociétariales.
home-title = Collegia
home-intro = Collegia aide les coopératives à décider ensemble : discussions, propositions et votes dépouillés par collège, pondérés selon vos propres statuts.
home-welcome = Bienvenue, { $name }.
home-coops-link = Vos coopératives
home-settings-link = Réglages du serveur
home-account-link = Votre compte
setup-title = Installer Collegia
setup-intro = Ce serveur est neuf. Créez le premier compte : il sera l’administrateur du serveur.
setup-submit = Créer le compte administrateur
field-display-name = Votre nom
field-email = Adresse électronique
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-current-password = Mot de passe actuel
password-rule = Entre 8 et 1024 caractères.
login-title = Connexion
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
forgot-title = Mot de passe oublié
forgot-intro = Indiquez votre adresse électronique : nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-sent = Si un compte utilise cette adresse, un lien lui a été envoyé. Il fonctionne une seule fois, pendant une heure. Une même adresse ne reçoit pas plus de trois liens par heure.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le nouveau mot de passe
reset-ends-access = Enregistrer un nouveau mot de passe déconnecte ce compte partout, met fin à ses autres liens de réinitialisation et révoque ses jetons d’API : les programmes qui s’en servent auront besoin d’un nouveau jeton, à créer sur la page du compte.
reset-invalid = Ce lien n’est pas valable, a expiré ou a déjà servi.
reset-again = Demander un nouveau lien
account-title = Votre compte
account-language = Langue
account-mail = Notifications par courriel
account-mail-intro = Les messages liés à votre compte (réinitialisation du mot de passe, invitations, relevés de répartition) sont toujours envoyés. Choisissez les notifications que vous recevez :
account-save = Enregistrer
account-password = Mot de passe
account-change-password = Changer le mot de passe
account-tokens = Jetons d’API
account-tokens-intro = Les jetons personnels permettent à des programmes d’utiliser l’API de Collegia avec vos droits. Envoyez-les sous la forme « Authorization: Bearer JETON ».
account-tokens-none = Vous n’avez aucun jeton d’API.
account-token-once = Copiez ce jeton maintenant : il ne sera plus affiché.
account-token-name = Nom
account-token-created = Créé le
account-token-expires = Expire le
account-token-days = Valable (en jours, vide = sans expiration)
account-token-create = Créer un jeton
account-token-revoke = Révoquer
mail-kind-proposal-opened = Nouvelles propositions ouvertes à votre vote
mail-kind-proposal-result = Résultats des propositions
mail-kind-mention = Mentions de votre nom dans les discussions
mail-kind-reminder = Rappels avant la clôture d’un vote
unsubscribe-title = Se désabonner
unsubscribe-question = Ne plus recevoir « { $kind } » par courriel ?
unsubscribe-submit = Se désabonner
unsubscribe-done = Vous ne recevrez plus « { $kind } » par courriel.
unsubscribe-manage = Gérer tous vos réglages de courriel
notice-logged-out = Vous êtes déconnecté·e.
notice-password-reset = Votre mot de passe a été changé. Vous pouvez vous connecter avec.
notice-password-changed = Votre mot de passe a été changé. Vos autres sessions ont été fermées.
notice-saved = Enregistré.
notice-token-created = Jeton créé.
notice-token-revoked = Jeton révoqué.
signup-title = Créer un compte
signup-intro = Ce serveur permet à chacun de créer un compte. Pour rejoindre une coopérative, demandez à l’un de ses administrateurs de vous inviter.
signup-submit = Créer mon compte
signup-taken = Un compte utilise déjà cette adresse électronique. Connectez-vous, ou réinitialisez son mot de passe.
login-signup = Pas encore de compte ? Créez-en un
# barre du haut, barre de la coopérative, fil d’Ariane
layout-main-nav = Menu principal
layout-home = Accueil
layout-coops = Coopératives
layout-breadcrumbs = Fil d’Ariane
# le sélecteur de langue nomme chaque langue dans cette langue
layout-language-name = Français
layout-language-to = Lire Collegia en français
# les dates comme on les dit
when-now = à l’instant
when-in-minutes = { $n ->
    [one] dans { $n } minute
   *[other] dans { $n } minutes
}
when-in-hours = { $n ->
    [one] dans { $n } heure
   *[other] dans { $n } heures
}
when-in-days = { $n ->
    [one] demain
   *[other] dans { $n } jours
}
when-ago-minutes = { $n ->
    [one] il y a { $n } minute
   *[other] il y a { $n } minutes
}
when-ago-hours = { $n ->
    [one] il y a { $n } heure
   *[other] il y a { $n } heures
}
when-ago-days = { $n ->
    [one] hier
   *[other] il y a { $n } jours
}
when-weekday-0 = lundi
when-weekday-1 = mardi
when-weekday-2 = mercredi
when-weekday-3 = jeudi
when-weekday-4 = vendredi
when-weekday-5 = samedi
when-weekday-6 = dimanche
when-month-1 = janvier
when-month-2 = février
when-month-3 = mars
when-month-4 = avril
when-month-5 = mai
when-month-6 = juin
when-month-7 = juillet
when-month-8 = août
when-month-9 = septembre
when-month-10 = octobre
when-month-11 = novembre
when-month-12 = décembre
when-spoken = { $weekday } { $day } { $month }{ $year } à { $time }
home-closing-soon = { $n ->
    [one] Un vote qui vous attend se clôt dans moins de 24 heures
   *[other] { $n } votes qui vous attendent se clôturent dans moins de 24 heures
}
home-closing-soon-hint = Ce sont les premiers sous « Votre vote est attendu ».
home-needs-vote = Votre vote est attendu ({ $n })
home-needs-vote-none = Aucun vote ne vous attend.
home-needs-vote-more = Et { $n } de plus, dans les votes ouverts de chaque coopérative :
home-start-discussion = Lancer une discussion dans { $coop }
home-voted = { $n ->
    [one] Vous avez voté sur une proposition ouverte ; vous pouvez changer votre vote jusqu’à sa clôture.
   *[other] Vous avez voté sur { $n } propositions ouvertes ; vous pouvez changer vos votes jusqu’à leur clôture.
}
home-decided = Décidé récemment
home-decided-none = Rien n’a été décidé ces deux dernières semaines.
home-threads = Discussions récentes
home-threads-none = Aucune discussion pour l’instant.
home-unread-threads = Discussions non lues
home-unread-threads-none = Vous avez lu toutes les discussions.
home-coop-unread = { $n ->
    [one] 1 discussion non lue
   *[other] { $n } discussions non lues
}
home-thread-line = { $n ->
    [0] aucun commentaire
    [one] un commentaire
   *[other] { $n } commentaires
} · dernière activité { $relative }
home-coops-none = Vous n’êtes membre d’aucune coopérative : une invitation vous y fera entrer.
coop-open-proposals = Propositions ouvertes
coop-open-none = Rien n’est ouvert au vote en ce moment.
coop-open-all = Voir les { $n } propositions ouvertes
coop-turnout = { $voted } sur { $roll } ont voté
coop-weight = Poids
