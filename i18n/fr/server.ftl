# Noms que le serveur affiche à son propre sujet.

# Le nom de cette langue, écrit dans cette langue (utilisé dans les sélecteurs de langue).
locale-name = Français
