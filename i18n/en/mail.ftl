# Email messages. Each email has a `-subject` and a `-body`; the body is plain text
# (paragraphs separated by blank lines) and also becomes the HTML part.

mail-greeting = Hello { $name },
mail-signature = The Agora team
mail-footer = You receive this email because of your activity on Agora, the open platform for public consultations and training.

mail-test-subject = Agora test message
mail-test-body =
    This is a test message from the Agora server at { $serverUrl }.

    If you can read it, email delivery is configured correctly. There is nothing else to do.
