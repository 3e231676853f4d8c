# Messages électroniques. Chaque e-mail comporte un `-subject` (objet) et un `-body` (corps) ; le corps est
# en texte brut (paragraphes séparés par des lignes vides) et sert aussi de partie HTML.

mail-greeting = Bonjour { $name },
mail-signature = L’équipe Agora
mail-footer = Vous recevez cet e-mail en raison de votre activité sur Agora, la plateforme ouverte de consultations publiques et de formation.

mail-test-subject = Message de test d’Agora
mail-test-body =
    Ceci est un message de test envoyé par le serveur Agora à l’adresse { $serverUrl }.

    Si vous pouvez le lire, l’envoi des e-mails est correctement configuré. Vous n’avez rien d’autre à faire.
