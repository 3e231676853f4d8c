# Mensajes para los códigos de error de la API (véase API.md). Cada uno es lo que lee una persona
# cuando falla una solicitud; el código estable viaja junto a él en `extensions.code`.

error-unauthenticated = Inicie sesión para realizar esta acción. Si ya había iniciado sesión, es posible que su sesión haya caducado.
error-invalid-credentials = La dirección de correo electrónico o la contraseña no son correctas.
error-forbidden = No tiene permiso para realizar esta acción.
error-not-found = No hemos encontrado lo que ha solicitado, o no tiene permiso para verlo.
error-validation = Revise el campo “{ $field }”.
error-text-nul = El campo “{ $field }” contiene un carácter NUL (U+0000), que un texto no puede contener. Quítelo, por favor.
error-email-not-verified = Primero confirme su dirección de correo electrónico. Le hemos enviado un enlace.
error-round-not-open = Esta ronda de comentarios no está abierta.
error-rate-limited =
    { $minutes ->
        [one] Demasiados intentos. Vuelva a intentarlo dentro de un minuto.
       *[other] Demasiados intentos. Vuelva a intentarlo dentro de { $minutes } minutos.
    }
error-enrollment-closed = La inscripción en esta cohorte está cerrada.
error-internal = Algo ha fallado por nuestra parte. Si vuelve a ocurrir, indique esta referencia: { $requestId }.

## Errores relativos a la propia solicitud GraphQL

error-bad-request = Esta solicitud no es válida para la API de Agora: { $detail }
error-mutation-over-get = Los cambios deben enviarse con una solicitud HTTP POST, no GET.
error-query-too-deep =
    { $limit ->
        [one] Esta consulta tiene demasiados niveles de anidamiento: se permite como máximo { $limit } nivel.
       *[other] Esta consulta tiene demasiados niveles de anidamiento: se permiten como máximo { $limit } niveles.
    }
error-query-too-complex = Esta consulta solicita demasiado a la vez: su coste es { $cost } y el límite es { $limit }.
error-too-many-aliases =
    { $limit ->
        [one] Esta consulta utiliza demasiados alias: se permite como máximo { $limit }.
       *[other] Esta consulta utiliza demasiados alias: se permiten como máximo { $limit }.
    }
error-batch-too-large =
    { $limit ->
        [one] Esta solicitud contiene demasiadas operaciones: se permite como máximo { $limit }.
       *[other] Esta solicitud contiene demasiadas operaciones: se permiten como máximo { $limit }.
    }
error-page-too-large =
    { $limit ->
        [one] Una lista puede devolver como máximo { $limit } elemento por página.
       *[other] Una lista puede devolver como máximo { $limit } elementos por página.
    }
error-too-many-counts =
    { $limit ->
        [one] Esta solicitud cuenta demasiadas listas (totalCount): se permite como máximo { $limit } recuento por solicitud, sumando todas las operaciones de un lote.
       *[other] Esta solicitud cuenta demasiadas listas (totalCount): se permiten como máximo { $limit } recuentos por solicitud, sumando todas las operaciones de un lote.
    }
error-payload-too-large =
    { $kilobytes ->
        [one] Esta solicitud es demasiado grande: se permite como máximo { $kilobytes } kilobyte.
       *[other] Esta solicitud es demasiado grande: se permiten como máximo { $kilobytes } kilobytes.
    }
error-too-many-subscriptions =
    { $limit ->
        [one] Esta conexión ya sigue { $limit } actualización en directo, el máximo permitido: detenga una antes de iniciar otra.
       *[other] Esta conexión ya sigue { $limit } actualizaciones en directo, el máximo permitido: detenga una antes de iniciar otra.
    }

## Errores relativos a las cuentas

error-invalid-email = Introduzca una dirección de correo electrónico válida, por ejemplo, name@example.org.
error-password-length = La contraseña debe tener entre 10 y 128 caracteres. Unas cuantas palabras encadenadas forman una contraseña segura y fácil de recordar.
error-display-name = El nombre para mostrar debe tener entre 1 y 100 caracteres.
error-name-hidden-characters = El campo “{ $field }” contiene caracteres invisibles, o que cambian la dirección del texto (como un espacio de ancho cero o un forzado de derecha a izquierda), con los que un nombre podría pasar por otro. Quítelos, por favor.
error-email-taken = Ya existe una cuenta con esta dirección de correo electrónico.
error-password-common = Esta contraseña es demasiado fácil de adivinar: figura entre las más comunes o coincide con su propia dirección de correo electrónico o su nombre. Elija otra.
error-country = Elija un país mediante su código de dos letras, por ejemplo, KE o FR.
error-locale = Elija un idioma mediante su código, por ejemplo, fr, es o zh-CN.
error-token-invalid = Este enlace ya no es válido: ya se ha utilizado o ha caducado. Solicite uno nuevo.
error-account-suspended = Esta cuenta está suspendida. Si cree que se trata de un error, póngase en contacto con los administradores de la plataforma.

## Errores relativos a las organizaciones

error-organization-already-verified = Esta organización ya está verificada.
error-organization-not-verified = Esta organización no está verificada, por lo que no hay ninguna verificación que retirar.
error-already-member = Esta persona ya es miembro de la organización.
error-invitation-needs-verification = Solo una organización verificada puede invitar a miembros. Un administrador de la plataforma debe verificar antes esta organización.
error-official-needs-government = Solo las organizaciones gubernamentales e intergubernamentales pueden tener representantes oficiales.
error-last-admin = Una organización necesita al menos un administrador. Primero, designe a otra persona como administrador.

## Errores relativos a los roles y las suspensiones

error-admin-is-platform-wide = El rol de administrador abarca toda la plataforma: no puede limitarse a una sola consulta o a un solo curso.
error-role-already-granted = Esta persona ya tiene este rol.
error-last-platform-admin = La plataforma necesita al menos un administrador. Primero, designe a otra persona como administrador.
error-cannot-suspend-self = No puede suspender su propia cuenta.
error-already-suspended = Esta cuenta ya está suspendida.
error-not-suspended = Esta cuenta no está suspendida.

## Errores relativos a las consultas, las rondas y los comentarios

error-consultation-owner = Las consultas las llevan a cabo organizaciones gubernamentales o intergubernamentales verificadas.
error-official-organization-unverified = Su organización no está verificada (o se ha retirado su verificación), por lo que sus representantes oficiales no pueden actuar en su nombre. Puede seguir leyendo sus consultas; antes, un administrador de la plataforma debe volver a verificarla.
error-slug = El nombre corto para las direcciones debe tener entre 3 y 80 caracteres (letras minúsculas sin tildes, dígitos y guiones no consecutivos), por ejemplo, ai-act-2026.
error-slug-taken = Otra consulta ya utiliza este nombre corto.
error-original-translation = Los textos deben incluir una versión en el idioma original de la consulta.
error-consultation-not-editable = Esta consulta está cerrada, por lo que ya no se puede modificar.
error-consultation-status = El estado actual de esta consulta no permite realizar esta acción.
error-consultation-without-sections = Una consulta debe tener al menos una sección antes de publicarse.
error-round-dates = El cierre de una ronda debe ser posterior a su apertura y situarse en el futuro.
error-round-closed = Esta ronda ya está cerrada.
error-round-extension = La nueva fecha de cierre debe ser posterior a la actual.
error-outcome-round-open = El resultado solo puede publicarse cuando no haya ninguna ronda de comentarios abierta. Cierre primero la ronda abierta.
error-outcome-section = Cada resultado por sección debe indicar una sección de esta consulta, y cada sección una sola vez.
error-outcome-comment = Un resultado solo puede citar comentarios hechos en esta consulta, como máximo 500 por sección.
error-comment-not-editable = Solo se puede modificar un comentario publicado.
error-comment-withdrawn = Este comentario se ha retirado.
error-comment-changed = Alguien ha modificado este comentario mientras tanto. Vuelva a cargarlo e inténtelo de nuevo.
error-endorse-own-comment = No puede apoyar su propio comentario.
error-already-endorsed = Ya ha apoyado este comentario.
error-not-endorsed = No ha apoyado este comentario.
error-already-flagged = Ya ha denunciado este comentario.
error-moderation-status = El estado actual de este comentario no permite realizar esta acción de moderación.
error-reply-other-round = Una respuesta debe pertenecer a la misma ronda de comentarios que el comentario al que responde.
error-reply-too-deep = Esta conversación ha alcanzado el nivel máximo de anidamiento permitido. Responda en un nivel superior del hilo.

## Errores relativos a los cursos, las cohortes, las inscripciones y los certificados

error-course-unknown = No existe ningún curso con este nombre corto.
error-cohort-dates = El final de una cohorte debe ser posterior a su inicio, y el cierre de su inscripción debe ser posterior a su apertura y producirse, como muy tarde, al final de la cohorte.
error-cohort-capacity = Una cohorte debe tener entre 1 y 10 000 plazas, y el número de plazas prioritarias no puede superar el total de plazas.
error-capacity-below-taken = La capacidad no puede ser inferior al número de plazas ya ocupadas.
error-already-enrolled = Ya tiene una inscripción en esta cohorte, ya sea activa, en lista de espera o pendiente de aprobación.
error-enrollment-status = El estado actual de esta inscripción no permite realizar esta acción.
error-enrollment-not-active = El progreso solo se registra mientras la inscripción está activa.
error-lesson-not-in-course = Esta lección no forma parte del curso de esta cohorte.
error-quiz-not-in-course = Este cuestionario no forma parte del curso de esta cohorte.
error-quiz-answers = Cada respuesta debe referirse a una pregunta de este cuestionario, sin repetir ninguna, e incluir solo opciones de esa pregunta (exactamente una en las preguntas de respuesta única).
error-quiz-attempts-used = Ha agotado todos los intentos de este cuestionario.
error-quiz-already-passed = Ya ha aprobado este cuestionario.
error-certificate-revoked = Este certificado ya está revocado.
error-unfollow-link-invalid = Este enlace para dejar de seguir no es válido: puede estar incompleto o ser demasiado antiguo. Inicie sesión en Agora para dejar de seguir la consulta.

## Errores relativos a las solicitudes reenviadas

error-idempotency-key = Una clave de idempotencia tiene de 1 a 100 caracteres, solo letras latinas sin tilde (a–z, A–Z), dígitos y - _ . : (por ejemplo, un UUID).
error-idempotency-key-reused = Esta clave de idempotencia ya se usó para otra solicitud. Use una clave nueva para cada solicitud nueva, y la misma clave solo para reenviar la misma solicitud.
