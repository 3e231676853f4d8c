# Noms que le serveur affiche à son propre sujet.

# Le nom de cette langue, écrit dans cette langue (utilisé dans les sélecteurs de langue).
locale-name = Français

## Pages des liens figurant dans les e-mails relatifs au compte

page-site-name = Agora
page-verify-email-title = Confirmez votre adresse e-mail
page-verify-email-intro = Pour confirmer votre adresse e-mail, choisissez le mot de passe de votre compte Agora, d’au moins 10 caractères (ce peut être celui que vous avez indiqué à l’inscription). Seul le mot de passe choisi ici ouvrira le compte, et tous les appareils connectés à ce compte seront déconnectés.
page-verify-email-label = Mot de passe
page-verify-email-submit = Confirmer mon adresse
page-verify-email-done = Merci : votre adresse e-mail est confirmée et votre mot de passe est enregistré. Connectez-vous avec celui-ci pour commenter les consultations, vous inscrire à des cours et créer des organisations.
page-reset-password-title = Choisissez un nouveau mot de passe
page-reset-password-intro = Choisissez un nouveau mot de passe pour votre compte Agora, d’au moins 10 caractères. Quelques mots mis bout à bout forment un mot de passe robuste et facile à retenir. Tous les appareils connectés à votre compte seront déconnectés.
page-reset-password-label = Nouveau mot de passe
page-reset-password-submit = Enregistrer le nouveau mot de passe
page-reset-password-done = Votre nouveau mot de passe est enregistré. Vous pouvez désormais l’utiliser pour vous connecter.
page-invitation-title = Rejoindre une organisation
page-invitation-intro = Vous avez reçu une invitation à rejoindre { $organization } sur Agora. Connectez-vous avec le compte associé à l’adresse à laquelle l’invitation a été envoyée pour en devenir membre.
page-invitation-email = Adresse e-mail
page-invitation-password = Mot de passe
page-invitation-submit = Se connecter et accepter
page-invitation-done = Bienvenue : vous êtes désormais membre de { $organization }.

## Noms attribués par la plateforme

# Le nom d’un compte supprimé, à côté de ses contributions passées.
deleted-participant = Participant supprimé

## La page du certificat et l’attestation numérique

page-certificate-title = Certificat { $code }
page-certificate-valid = Ce certificat est valide.
page-certificate-revoked = Ce certificat a été révoqué le { $date }.
page-certificate-unknown = Aucun certificat ne porte le code { $code }. Veuillez vérifier le code et réessayer.
page-certificate-holder = Titulaire
page-certificate-holder-withheld = Non communiqué : le titulaire a fermé son compte.
page-certificate-course = Cours
page-certificate-issued = Délivré le
page-certificate-signature = N’importe qui peut vérifier la signature de l’attestation numérique de ce certificat au moyen des clés publiées à l’adresse { $jwks }.
# Ce qu’un certificat atteste que son titulaire a accompli (les critères de l’Open Badge).
certificate-criteria = A terminé toutes les leçons et réussi tous les quiz du cours.

## Statistiques de participation

# Un effectif de 1 à 4, masqué pour que personne ne puisse être identifié.
stats-fewer-than-five = moins de 5
page-unfollow-title = Ne plus suivre une consultation
page-unfollow-confirm = Ne plus recevoir d’e-mails au sujet de la consultation « { $consultation } » ? Ouvrir ce lien ne change rien tant que vous n’appuyez pas sur le bouton.
page-unfollow-confirm-unknown = Ne plus recevoir d’e-mails au sujet de cette consultation ? Ouvrir ce lien ne change rien tant que vous n’appuyez pas sur le bouton.
page-unfollow-submit = Ne plus suivre
page-unfollow-done = Vous ne suivez plus la consultation « { $consultation } ». Vous ne recevrez plus d’e-mails à son sujet.
page-unfollow-done-unknown = Vous ne suivez plus cette consultation. Vous ne recevrez plus d’e-mails à son sujet.
