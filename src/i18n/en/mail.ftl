# mail messages (en)
mail-signature = Collegia — decisions for cooperatives
mail-greeting = Hello { $name },
mail-reset-subject = Reset your Collegia password
mail-reset-intro = Someone asked to reset the password of your Collegia account. This link works once, for one hour:
mail-reset-action = Choose a new password
mail-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.
mail-test-subject = Collegia test message
mail-test-body = This is a test message from your Collegia server. Mail delivery works.
mail-open-link = Open in Collegia
mail-unsubscribe = Stop receiving this kind of message
