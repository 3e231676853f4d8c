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
