# mail messages (fr)
mail-signature = Collegia — les décisions des coopératives
mail-greeting = Bonjour { $name },
mail-reset-subject = Réinitialiser votre mot de passe Collegia
mail-reset-intro = Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Collegia. Ce lien fonctionne une seule fois, pendant une heure :
mail-reset-action = Choisir un nouveau mot de passe
mail-reset-ignore = Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
mail-test-subject = Message de test de Collegia
mail-test-body = Ceci est un message de test de votre serveur Collegia. L’envoi des courriels fonctionne.
mail-open-link = Ouvrir dans Collegia
mail-unsubscribe = Ne plus recevoir ce type de message
