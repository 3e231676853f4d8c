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

## Correos electrónicos de las organizaciones

mail-organization-verified-subject = La organización { $organization } ya está verificada en Agora
mail-organization-verified-body =
    Un administrador de la plataforma ha verificado la organización { $organization }. A partir de ahora, sus miembros pueden participar en las consultas en su nombre, y la organización se muestra como verificada.

    Gracias por ayudar a que las consultas sigan siendo fiables.
mail-organization-withdrawn-subject = Se ha retirado la verificación de la organización { $organization }
mail-organization-withdrawn-body =
    Un administrador de la plataforma ha retirado la verificación de la organización { $organization } por el siguiente motivo:

    { $reason }

    Hasta que vuelva a verificarse, la organización se mostrará como no verificada, no podrá invitar a nuevos miembros y sus representantes oficiales no podrán actuar en su nombre: no podrán modificar ni publicar consultas, abrir, prorrogar ni cerrar rondas de comentarios, responder a comentarios ni publicar resultados, aunque podrán seguir leyendo todo lo que podían leer antes. Sus rondas de comentarios abiertas o programadas se han cerrado ahora, y se ha informado a quienes siguen esas consultas; una vez que vuelva a verificarse, sus representantes oficiales podrán abrir nuevas rondas.

    Si cree que se trata de un error, responda a este mensaje para comunicárselo a los administradores de la plataforma.
mail-membership-invitation-subject = Invitación para unirse a una organización en Agora
mail-membership-invitation-body =
    { $inviter } le invita a unirse a la organización “{ $organization }” en Agora, la plataforma abierta de consultas públicas y formación. Un administrador de la plataforma ha verificado esta organización. Para aceptar la invitación, abra este enlace en un plazo de 14 días e inicie sesión con la cuenta asociada a esta dirección de correo electrónico:

    { $link }

    Si no conoce a esta persona ni a esta organización, puede ignorar este mensaje: nadie se convierte en miembro sin haber aceptado la invitación.

## Correos electrónicos sobre roles y suspensiones

mail-role-granted-subject = Tiene un nuevo rol en Agora
mail-role-granted-body =
    Un administrador de la plataforma le ha asignado el rol de { $role ->
        [ADMIN] administrador de la plataforma
        [MODERATOR] moderador
       *[INSTRUCTOR] instructor
    } en Agora. Descubrirá las nuevas posibilidades a su disposición la próxima vez que inicie sesión.
mail-account-suspended-subject = Su cuenta de Agora está suspendida
mail-account-suspended-body =
    Un administrador de la plataforma ha suspendido su cuenta de Agora por el siguiente motivo:

    { $reason }

    Mientras la cuenta esté suspendida, no podrá iniciar sesión. Si cree que se trata de un error, responda a este mensaje para comunicárselo a los administradores de la plataforma.
mail-account-reinstated-subject = Su cuenta de Agora vuelve a estar activa
mail-account-reinstated-body =
    Un administrador de la plataforma ha levantado la suspensión de su cuenta de Agora. Ya puede volver a iniciar sesión.
mail-comment-receipt-subject = Hemos recibido su comentario: { $trackingNumber }
mail-comment-receipt-body =
    Gracias por participar en la consulta “{ $consultation }” ({ $round }).

    Hemos recibido su comentario el { $submittedAt }. Su número de seguimiento es:

    { $trackingNumber }

    Conserve este número: cualquier persona puede utilizarlo para confirmar que se recibió su comentario, sin ver quién lo escribió.
mail-comment-pending-review-subject = Su comentario está pendiente de revisión por un moderador: { $trackingNumber }
mail-comment-pending-review-body =
    Varios participantes han denunciado su comentario { $trackingNumber } en la consulta “{ $consultation }”, por lo que permanecerá oculto hasta que un moderador lo revise.

    No tiene que hacer nada. Le avisaremos cuando haya concluido la revisión.
mail-comment-hidden-subject = Un moderador ha ocultado su comentario { $trackingNumber }
mail-comment-hidden-body =
    Un moderador ha ocultado su comentario { $trackingNumber } en la consulta “{ $consultation }” por el siguiente motivo:

    { $reason }

    Los representantes oficiales responsables de la consulta aún pueden leerlo. Si cree que se trata de un error, responda a este mensaje para comunicárselo a los moderadores.
mail-comment-restored-subject = Su comentario { $trackingNumber } vuelve a estar visible
mail-comment-restored-body =
    Un moderador ha revisado su comentario { $trackingNumber } en la consulta “{ $consultation }” y ha vuelto a hacerlo visible:

    { $reason }
mail-comment-responded-subject = Un representante oficial ha respondido a su comentario { $trackingNumber }
mail-comment-responded-body =
    La organización responsable de la consulta “{ $consultation }” ha respondido a su comentario { $trackingNumber }:

    { $response }

## Correos electrónicos de los cursos

mail-enrollment-active-subject = Inscripción confirmada: { $course }
mail-enrollment-active-body =
    Su plaza en la cohorte “{ $cohort }” del curso “{ $course }” está confirmada. La cohorte se desarrolla del { $startsAt } al { $endsAt }.

    Puede abrir las lecciones cuando le convenga. Complete todas las lecciones y apruebe todos los cuestionarios para obtener un certificado que cualquier persona puede verificar.

    Si ya no puede participar, anule su inscripción para que su plaza pase a la siguiente persona de la lista de espera.
mail-enrollment-requested-subject = Hemos recibido su solicitud para unirse a { $course }
mail-enrollment-requested-body =
    Gracias por su interés en la cohorte “{ $cohort }” del curso “{ $course }”. Sus instructores revisan cada solicitud antes de asignar una plaza.

    Una solicitud todavía no le reserva ninguna plaza. Le escribiremos en cuanto los instructores hayan tomado una decisión.
mail-enrollment-waitlisted-subject = Está en la lista de espera de { $course }
mail-enrollment-waitlisted-body =
    Por ahora no hay ninguna plaza disponible para usted en la cohorte “{ $cohort }” del curso “{ $course }”, así que figura en su lista de espera, en el puesto { $position }.

    Cuando quede libre una plaza, pasará a la siguiente persona de la lista de espera, y le escribiremos de inmediato si le corresponde a usted. Mientras tanto, no tiene que hacer nada.
mail-enrollment-promoted-subject = Ya tiene plaza: { $course }
mail-enrollment-promoted-body =
    Buenas noticias: ha salido de la lista de espera, y ahora tiene una plaza en la cohorte “{ $cohort }” del curso “{ $course }”. La cohorte se desarrolla del { $startsAt } al { $endsAt }.

    Puede abrir las lecciones desde este momento. Si ya no puede participar, anule su inscripción para que la plaza pase a la siguiente persona.
mail-enrollment-approved-subject = Se ha aprobado su solicitud: { $course }
mail-enrollment-approved-body =
    Los instructores han aprobado su solicitud para unirse a la cohorte “{ $cohort }” del curso “{ $course }”, y su plaza está confirmada. La cohorte se desarrolla del { $startsAt } al { $endsAt }.

    Puede abrir las lecciones cuando le convenga.
mail-enrollment-rejected-subject = Su solicitud para unirse a { $course }
mail-enrollment-rejected-body =
    Lo sentimos: los instructores de la cohorte “{ $cohort }” del curso “{ $course }” no han podido ofrecerle una plaza en ella.

    El material del curso sigue abierto a todo el mundo en el catálogo, y puede que haya plazas en cohortes posteriores.
mail-certificate-issued-subject = Su certificado del curso { $course }
mail-certificate-issued-body =
    Enhorabuena: ha completado todas las lecciones y ha aprobado todos los cuestionarios del curso “{ $course }”.

    El código de su certificado es { $code }. Cualquier persona puede comprobarlo aquí:

    { $link }

    El certificado es también una credencial digital firmada (un Open Badge) que puede descargar desde su inscripción y compartir.
mail-certificate-revoked-subject = Se ha revocado su certificado { $code }
mail-certificate-revoked-body =
    Su certificado { $code } del curso “{ $course }” se ha revocado por el siguiente motivo:

    { $reason }

    Cualquier persona que compruebe el código verá ahora que está revocado. Si cree que se trata de un error, responda a este mensaje para comunicárselo a los instructores del curso.

## Correos electrónicos a quienes siguen una consulta

mail-follow-round-opened-subject = Abierta a comentarios: { $consultation }
mail-follow-round-opened-body =
    La consulta “{ $consultation }” que usted sigue está recibiendo comentarios: la ronda “{ $round }” está abierta hasta el { $closesAt }.

    Inicie sesión en Agora para leer el borrador y comentarlo, sección por sección.

    Recibe este correo porque sigue esta consulta. Para dejar de seguirla, abra este enlace: { $unfollowUrl }
mail-follow-round-closing-subject = Últimas 48 horas para comentar: { $consultation }
mail-follow-round-closing-body =
    La ronda “{ $round }” de la consulta “{ $consultation }” que usted sigue se cierra el { $closesAt }. Si desea comentar, todavía está a tiempo.

    Recibe este correo porque sigue esta consulta. Para dejar de seguirla, abra este enlace: { $unfollowUrl }
mail-follow-round-extended-subject = Más tiempo para comentar: { $consultation }
mail-follow-round-extended-body =
    Los responsables de la consulta “{ $consultation }” que usted sigue han prorrogado la ronda “{ $round }”: ahora se cierra el { $closesAt }. Su motivo:

    { $reason }

    Recibe este correo porque sigue esta consulta. Para dejar de seguirla, abra este enlace: { $unfollowUrl }
mail-follow-round-closed-subject = Ronda de comentarios cerrada antes de tiempo: { $consultation }
mail-follow-round-closed-body =
    La ronda “{ $round }” de la consulta “{ $consultation }” que usted sigue se ha cerrado antes de la fecha prevista: los administradores de la plataforma retiraron la verificación de la organización que lleva a cabo la consulta. Los comentarios ya enviados se conservan; por ahora no se aceptan comentarios nuevos.

    Recibe este correo porque sigue esta consulta. Para dejar de seguirla, abra este enlace: { $unfollowUrl }
mail-follow-outcome-published-subject = Resultados publicados: { $consultation }
mail-follow-outcome-published-body =
    La consulta “{ $consultation }” que usted sigue ha concluido. Sus responsables han publicado los resultados: qué cambió en el texto, sección por sección, y qué comentarios dieron lugar a esos cambios. Abra la consulta en Agora para leerlos.

    Recibe este correo porque sigue esta consulta. Para dejar de seguirla, abra este enlace: { $unfollowUrl }
