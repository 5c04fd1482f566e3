# threads and comments (fr)
threads-nav = Discussions
threads-title = Discussions de { $coop }
threads-new = Ouvrir une discussion
threads-none = Aucune discussion pour l’instant.
threads-start = Ouvrir la discussion
threads-thread-deleted = Cette discussion a été supprimée.
threads-comment-deleted = Ce commentaire a été supprimé.
threads-count = { $count ->
    [0] Aucun commentaire
    [one] Un commentaire
   *[other] { $count } commentaires
}
threads-last-activity = dernière activité { $relative }
threads-older-threads = Discussions plus anciennes
threads-edited = modifié le { $date }
threads-edit = Modifier
threads-delete = Supprimer
threads-pages = Pages de commentaires
threads-first = Premiers commentaires
threads-older = ← Commentaires plus anciens
threads-newer = Commentaires plus récents →
threads-latest = Derniers commentaires
threads-field-title = Titre
threads-field-body = Texte
threads-markdown-hint = Le Markdown est accepté. Écrivez @nom (un nom affiché sans espaces) pour prévenir quelqu’un.
threads-version = Version { $n }
threads-start-proposal = Lancer une proposition à partir de cette discussion
threads-comments = Commentaires
threads-add-comment = Ajouter un commentaire
threads-comment = Commenter
threads-history = Versions précédentes
threads-save = Enregistrer
threads-edit-thread = Modifier la discussion
threads-edit-comment = Commentaire
threads-back = Retour à la discussion
threads-error-title-empty = Le titre est vide.
threads-error-title-long = Le titre dépasse 200 caractères.
threads-error-body-empty = Le texte est vide.
threads-error-body-long = Le texte dépasse 20 000 caractères.
threads-mail-mention-subject = { $author } vous a mentionné·e dans « { $thread } »
threads-mail-mention-body = { $author } vous a mentionné·e dans la discussion « { $thread } » de { $coop }.
threads-proposals = Propositions issues de cette discussion
threads-unread-new = nouveau
threads-unread-comments = { $n ->
    [one] un nouveau commentaire
   *[other] { $n } nouveaux commentaires
}
threads-mark-all-read = Tout marquer comme lu
threads-jump-unread = { $n ->
    [one] Aller au nouveau commentaire
   *[other] Aller au premier des { $n } nouveaux commentaires
}
