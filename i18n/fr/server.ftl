# Noms que le serveur affiche à son propre sujet.

# Le nom de cette langue, écrit dans cette langue (utilisé dans les sélecteurs de langue).
locale-name = Français

## Pages des liens figurant dans les e-mails relatifs au compte

page-site-name = Agora
page-verify-email-title = Confirmez votre adresse e-mail
page-verify-email-done = Merci : votre adresse e-mail est confirmée. Vous pouvez désormais commenter les consultations, vous inscrire à des cours et créer des organisations.
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
