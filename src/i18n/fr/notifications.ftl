# Notifications dans l’application, leurs réglages et le résumé quotidien.

layout-to-vote = À voter
layout-notifications = Notifications
layout-count-many = 99+

notif-someone = Quelqu’un
notif-proposal-opened = Vote ouvert : « { $subject } »
notif-reminder = Clôture dans moins d’un jour et vous n’avez pas voté : « { $subject } »
notif-proposal-extended = Le vote se clôt plus tard : « { $subject } »
notif-proposal-result = Résultat de « { $subject } » : { $verdict }
notif-mention = { $actor } vous a mentionné·e dans « { $subject } »
notif-invitation-accepted = { $actor } a accepté votre invitation à rejoindre { $subject }
notif-work-reviewed-approved = Votre travail a été validé : { $subject }
notif-work-reviewed-rejected = Votre travail a été refusé : { $subject }
notif-work-reviewed-rescheduled = Votre tâche a été reprogrammée : { $subject }
notif-statement-ready = Votre relevé de répartition pour { $subject } est prêt
notif-payout-rule-adopted = Une nouvelle règle de répartition (version { $subject }) a été adoptée

notifications-title = Notifications
notifications-intro = Les votes ouverts pour vous, les résultats, les mentions de votre nom, votre travail examiné et vos relevés, les plus récents d’abord.
notifications-unread = Non lue :
notifications-new = nouveau
notifications-in = dans { $coop }
notifications-mark-all = Tout marquer comme lu
notifications-marked = Toutes les notifications sont marquées comme lues.
notifications-empty = Rien pour l’instant. Quand un vote s’ouvre pour vous, qu’on vous mentionne ou que votre travail est examiné, cela apparaîtra ici.
notifications-older = Notifications plus anciennes
notifications-newest = Revenir aux plus récentes
notifications-settings = Choisir ce que vous recevez

notification-settings-title = Notifications et courriels
notification-settings-back = Retour à votre compte
notification-settings-mail = Courriels facultatifs
notification-settings-mail-intro = Les courriels sur ces événements, dans toutes vos coopératives (chaque message comporte aussi un lien de désinscription en un clic) :
notification-settings-coops = Par coopérative
notification-settings-coops-intro = Ce qui vous parvient de chaque coopérative, dans l’application et par courriel facultatif. Important : un vote ouvert pour vous, son rappel ou sa nouvelle date de clôture, son résultat, les mentions de votre nom, votre propre travail examiné et vos relevés. Les autres événements (une personne invitée par vous a rejoint la coopérative, une règle de répartition adoptée) n’arrivent qu’avec « Tout ».
notification-settings-no-coops = Vous n’êtes membre d’aucune coopérative pour l’instant.
notification-volume = Ce qui vous parvient de { $coop }
notification-volume-all = Tout
notification-volume-important = L’important seulement
notification-volume-none = Rien
notification-digest = Un résumé quotidien par courriel : « Hier dans { $coop } »
notification-settings-never = Les réinitialisations de mot de passe, les invitations, les relevés de répartition et les convocations aux assemblées sont toujours envoyés, quels que soient vos choix ici.
notification-settings-save = Enregistrer
notification-settings-saved = Vos choix sont enregistrés.
account-notifications-intro = Les courriels que vous recevez, ce qui vous parvient de chaque coopérative, le résumé quotidien.
account-notifications-link = Notifications et courriels

mail-kind-digest = Un résumé quotidien des coopératives choisies
mail-digest-subject = Hier dans { $coop }
mail-digest-intro = Ce qui vous est parvenu dans { $coop } le { $day } :
mail-digest-day = { $weekday } { $day } { $month }
mail-digest-all = Toutes vos notifications

notif-proposal-withdrawn = Retirée : « { $subject } »
notif-proposal-edited = Modifiée : « { $subject } »
