# Nombres que el servidor muestra sobre sí mismo.

# El nombre de este idioma, escrito en este idioma (se usa en los selectores de idioma).
locale-name = Español

## Páginas de los enlaces de los correos electrónicos de la cuenta

page-site-name = Agora
page-verify-email-title = Confirme su dirección de correo electrónico
page-verify-email-intro = Para confirmar su dirección de correo electrónico, elija la contraseña de su cuenta de Agora, de al menos 10 caracteres (puede ser la que indicó al registrarse). Solo la contraseña que elija aquí abrirá la cuenta, y se cerrará la sesión en todos los dispositivos conectados a ella.
page-verify-email-label = Contraseña
page-verify-email-submit = Confirmar mi dirección
page-verify-email-done = Gracias: su dirección de correo electrónico ha quedado confirmada y su contraseña, guardada. Inicie sesión con ella para comentar en las consultas, inscribirse en cursos y crear organizaciones.
page-reset-password-title = Elija una nueva contraseña
page-reset-password-intro = Elija una nueva contraseña para su cuenta de Agora, de al menos 10 caracteres. Unas cuantas palabras encadenadas forman una contraseña segura y fácil de recordar. Se cerrará la sesión en todos los dispositivos conectados a su cuenta.
page-reset-password-label = Nueva contraseña
page-reset-password-submit = Guardar la nueva contraseña
page-reset-password-done = Su nueva contraseña se ha guardado. Ya puede iniciar sesión con ella.
page-invitation-title = Unirse a una organización
page-invitation-intro = Ha recibido una invitación para unirse a { $organization } en Agora. Inicie sesión con la cuenta de la dirección a la que se envió la invitación y pasará a ser miembro.
page-invitation-email = Dirección de correo electrónico
page-invitation-password = Contraseña
page-invitation-submit = Iniciar sesión y aceptar
page-invitation-done = Le damos la bienvenida: ya es miembro de { $organization }.

## Nombres que asigna la plataforma

# Cómo se nombra una cuenta eliminada junto a sus contribuciones anteriores.
deleted-participant = Participante eliminado

## La página del certificado y la credencial digital

page-certificate-title = Certificado { $code }
page-certificate-valid = Este certificado es válido.
page-certificate-revoked = Este certificado se revocó el { $date }.
page-certificate-unknown = No existe ningún certificado con el código { $code }. Compruebe el código y vuelva a intentarlo.
page-certificate-holder = Titular
page-certificate-holder-withheld = No se muestra: el titular ha cerrado su cuenta.
page-certificate-course = Curso
page-certificate-issued = Emitido el
page-certificate-signature = Cualquier persona puede comprobar la firma de la credencial digital de este certificado con las claves publicadas en { $jwks }.
# Lo que un certificado declara que hizo su titular (los criterios del Open Badge).
certificate-criteria = Completó todas las lecciones y aprobó todos los cuestionarios del curso.

## Estadísticas de participación

# Un recuento de 1 a 4, ocultado para que nadie pueda ser identificado.
stats-fewer-than-five = menos de 5
page-unfollow-title = Dejar de seguir una consulta
page-unfollow-confirm = ¿Dejar de recibir correos sobre la consulta “{ $consultation }”? Abrir este enlace no cambia nada hasta que pulse el botón.
page-unfollow-confirm-unknown = ¿Dejar de recibir correos sobre esta consulta? Abrir este enlace no cambia nada hasta que pulse el botón.
page-unfollow-submit = Dejar de seguir
page-unfollow-done = Ya no sigue la consulta “{ $consultation }”. No recibirá más correos sobre ella.
page-unfollow-done-unknown = Ya no sigue esta consulta. No recibirá más correos sobre ella.
