# Mensajes de correo electrónico. Cada correo tiene un `-subject` (asunto) y un `-body` (cuerpo); el cuerpo es
# texto sin formato (párrafos separados por líneas en blanco) y también se convierte en la parte HTML.

mail-greeting = Hola, { $name }:
mail-signature = El equipo de Agora
mail-footer = Recibe este correo electrónico debido a su actividad en Agora, la plataforma abierta de consultas públicas y formación.

mail-test-subject = Mensaje de prueba de Agora
mail-test-body =
    Este es un mensaje de prueba del servidor de Agora en { $serverUrl }.

    Si puede leerlo, el envío de correo electrónico está configurado correctamente. No es necesario hacer nada más.

## Correos electrónicos de la cuenta

mail-verify-email-subject = Confirme su dirección de correo electrónico para Agora
mail-verify-email-body =
    Le damos la bienvenida a Agora. Confirme que esta dirección de correo electrónico es suya abriendo este enlace en un plazo de 24 horas:

    { $link }

    Una vez confirmada, podrá comentar en las consultas, inscribirse en cursos y crear organizaciones. Si no ha creado ninguna cuenta, puede ignorar este mensaje.
mail-already-registered-subject = Alguien ha intentado registrarse con su dirección de correo electrónico
mail-already-registered-body =
    Alguien, quizá usted, ha intentado crear una nueva cuenta de Agora con esta dirección de correo electrónico. Esta dirección ya tiene una cuenta, por lo que no se ha creado ninguna nueva.

    Si fue usted y ha olvidado su contraseña, puede elegir una nueva aquí: { $resetLink }

    Si no fue usted, no tiene que hacer nada: su cuenta no ha cambiado.
mail-password-reset-subject = Elija una nueva contraseña para Agora
mail-password-reset-body =
    Hemos recibido una solicitud para elegir una nueva contraseña de su cuenta de Agora. Para hacerlo, abra este enlace en el plazo de una hora:

    { $link }

    Al elegir una nueva contraseña, se cerrarán todas sus sesiones en todos sus dispositivos. Si no ha solicitado este cambio, puede ignorar este mensaje: su contraseña seguirá siendo la misma.
