# Nombres que el servidor muestra sobre sí mismo.

# El nombre de este idioma, escrito en este idioma (se usa en los selectores de idioma).
locale-name = Español
