# Mensajes de correo electrónico. Cada correo tiene un `-subject` (asunto) y un `-body` (cuerpo); el cuerpo es
# texto sin formato (párrafos separados por líneas en blanco) y también se convierte en la parte HTML.

mail-greeting = Hola, { $name }:
mail-signature = El equipo de Agora
mail-footer = Recibe este correo electrónico debido a su actividad en Agora, la plataforma abierta de consultas públicas y formación.

mail-test-subject = Mensaje de prueba de Agora
mail-test-body =
    Este es un mensaje de prueba del servidor de Agora en { $serverUrl }.

    Si puede leerlo, el envío de correo electrónico está configurado correctamente. No es necesario hacer nada más.
