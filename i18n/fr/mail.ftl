# Messages électroniques. Chaque e-mail comporte un `-subject` (objet) et un `-body` (corps) ; le corps est
# en texte brut (paragraphes séparés par des lignes vides) et sert aussi de partie HTML.

mail-greeting = Bonjour { $name },
mail-signature = L’équipe Agora
mail-footer = Vous recevez cet e-mail en raison de votre activité sur Agora, la plateforme ouverte de consultations publiques et de formation.

mail-test-subject = Message de test d’Agora
mail-test-body =
    Ceci est un message de test envoyé par le serveur Agora à l’adresse { $serverUrl }.

    Si vous pouvez le lire, l’envoi des e-mails est correctement configuré. Vous n’avez rien d’autre à faire.

## E-mails relatifs au compte

mail-verify-email-subject = Confirmez votre adresse e-mail pour Agora
mail-verify-email-body =
    Bienvenue sur Agora. Veuillez confirmer que cette adresse e-mail vous appartient en ouvrant ce lien dans les 24 heures :

    { $link }

    Une fois votre adresse confirmée, vous pourrez commenter les consultations, vous inscrire à des cours et créer des organisations. Si vous n’avez pas créé de compte, vous pouvez ignorer ce message.
mail-already-registered-subject = Quelqu’un a tenté de s’inscrire avec votre adresse e-mail
mail-already-registered-body =
    Quelqu’un, peut-être vous, a tenté de créer un nouveau compte Agora avec cette adresse e-mail. Un compte est déjà associé à cette adresse ; aucun nouveau compte n’a donc été créé.

    Si c’était vous et que vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau ici : { $resetLink }

    Si ce n’était pas vous, vous n’avez rien à faire : votre compte reste inchangé.
mail-password-reset-subject = Choisissez un nouveau mot de passe pour Agora
mail-password-reset-body =
    Nous avons reçu une demande de choix d’un nouveau mot de passe pour votre compte Agora. Pour ce faire, ouvrez ce lien dans l’heure qui suit :

    { $link }

    Le choix d’un nouveau mot de passe vous déconnecte de toutes vos sessions, sur tous vos appareils. Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message : votre mot de passe reste inchangé.

## E-mails relatifs aux organisations

mail-organization-verified-subject = L’organisation { $organization } est désormais vérifiée sur Agora
mail-organization-verified-body =
    Un administrateur de la plateforme a vérifié l’organisation { $organization }. Ses membres peuvent désormais participer aux consultations en son nom, et elle apparaît comme vérifiée.

    Merci de contribuer à préserver la fiabilité des consultations.
mail-organization-withdrawn-subject = La vérification de l’organisation { $organization } a été retirée
mail-organization-withdrawn-body =
    Un administrateur de la plateforme a retiré la vérification de l’organisation { $organization }, pour le motif suivant :

    { $reason }

    Tant qu’elle n’aura pas été vérifiée de nouveau, l’organisation apparaîtra comme non vérifiée, elle ne pourra pas inviter de nouveaux membres et ses représentants officiels ne pourront pas agir en son nom : ils ne pourront ni modifier ou publier des consultations, ni ouvrir, prolonger ou clôturer des cycles de commentaires, ni répondre aux commentaires, ni publier de résultats, mais ils pourront toujours lire tout ce qu’ils pouvaient lire auparavant. Ses cycles de commentaires ouverts ou programmés viennent d’être clôturés, et les personnes qui suivent ces consultations en ont été informées ; une fois l’organisation vérifiée de nouveau, ses représentants officiels pourront ouvrir de nouveaux cycles.

    Si vous pensez qu’il s’agit d’une erreur, veuillez répondre à ce message pour en informer les administrateurs de la plateforme.
mail-membership-invitation-subject = Invitation à rejoindre une organisation sur Agora
mail-membership-invitation-body =
    { $inviter } vous invite à rejoindre l’organisation « { $organization } » sur Agora, la plateforme ouverte de consultations publiques et de formation. Un administrateur de la plateforme a vérifié cette organisation. Pour accepter l’invitation, ouvrez ce lien dans les 14 jours et connectez-vous avec le compte associé à cette adresse e-mail :

    { $link }

    Si vous ne connaissez ni cette personne ni cette organisation, vous pouvez ignorer ce message : personne ne devient membre sans avoir accepté l’invitation.

## E-mails relatifs aux rôles et aux suspensions

mail-role-granted-subject = Un nouveau rôle vous a été attribué sur Agora
mail-role-granted-body =
    Un administrateur de la plateforme vous a attribué le rôle { $role ->
        [ADMIN] d’administrateur de la plateforme
        [MODERATOR] de modérateur
       *[INSTRUCTOR] de formateur
    } sur Agora. Vous découvrirez les nouvelles possibilités qui s’offrent à vous lors de votre prochaine connexion.
mail-account-suspended-subject = Votre compte Agora est suspendu
mail-account-suspended-body =
    Un administrateur de la plateforme a suspendu votre compte Agora, pour le motif suivant :

    { $reason }

    Tant que votre compte est suspendu, vous ne pouvez pas vous connecter. Si vous pensez qu’il s’agit d’une erreur, veuillez répondre à ce message pour en informer les administrateurs de la plateforme.
mail-account-reinstated-subject = Votre compte Agora est de nouveau actif
mail-account-reinstated-body =
    Un administrateur de la plateforme a levé la suspension de votre compte Agora. Vous pouvez de nouveau vous connecter.
mail-comment-receipt-subject = Votre commentaire a bien été reçu : { $trackingNumber }
mail-comment-receipt-body =
    Merci d’avoir participé à la consultation « { $consultation } » ({ $round }).

    Nous avons reçu votre commentaire le { $submittedAt }. Son numéro de suivi est le suivant :

    { $trackingNumber }

    Conservez ce numéro : n’importe qui peut l’utiliser pour vérifier que votre commentaire a bien été reçu, sans savoir qui en est l’auteur.
mail-comment-pending-review-subject = Votre commentaire est en attente d’examen par un modérateur : { $trackingNumber }
mail-comment-pending-review-body =
    Plusieurs participants ont signalé votre commentaire { $trackingNumber } sur la consultation « { $consultation } » ; il est donc masqué jusqu’à ce qu’un modérateur l’examine.

    Vous n’avez rien à faire. Nous vous informerons à l’issue de cet examen.
mail-comment-hidden-subject = Un modérateur a masqué votre commentaire { $trackingNumber }
mail-comment-hidden-body =
    Un modérateur a masqué votre commentaire { $trackingNumber } sur la consultation « { $consultation } », pour le motif suivant :

    { $reason }

    Les représentants officiels chargés de la consultation peuvent toujours le lire. Si vous pensez qu’il s’agit d’une erreur, veuillez répondre à ce message pour en informer les modérateurs.
mail-comment-restored-subject = Votre commentaire { $trackingNumber } est de nouveau visible
mail-comment-restored-body =
    Un modérateur a examiné votre commentaire { $trackingNumber } sur la consultation « { $consultation } » et l’a rendu de nouveau visible :

    { $reason }
mail-comment-responded-subject = Un représentant officiel a répondu à votre commentaire { $trackingNumber }
mail-comment-responded-body =
    L’organisation qui mène la consultation « { $consultation } » a répondu à votre commentaire { $trackingNumber } :

    { $response }

## E-mails relatifs aux cours

mail-enrollment-active-subject = Inscription confirmée : { $course }
mail-enrollment-active-body =
    Votre place dans la cohorte « { $cohort } » du cours « { $course } » est confirmée. La cohorte se déroule du { $startsAt } au { $endsAt }.

    Vous pouvez suivre les leçons au moment qui vous convient. Terminez toutes les leçons et réussissez tous les quiz pour obtenir un certificat que n’importe qui peut vérifier.

    Si vous ne pouvez plus participer, veuillez annuler votre inscription, afin que votre place revienne à la personne suivante sur la liste d’attente.
mail-enrollment-requested-subject = Votre demande d’inscription à { $course } a bien été reçue
mail-enrollment-requested-body =
    Merci de l’intérêt que vous portez à la cohorte « { $cohort } » du cours « { $course } ». Ses formateurs examinent chaque demande avant d’attribuer une place.

    Une demande ne vous réserve pas encore de place. Nous vous écrirons dès que les formateurs auront pris leur décision.
mail-enrollment-waitlisted-subject = Vous êtes sur la liste d’attente de { $course }
mail-enrollment-waitlisted-body =
    Aucune place ne peut vous être attribuée pour le moment dans la cohorte « { $cohort } » du cours « { $course } » ; vous figurez donc sur sa liste d’attente, en position { $position }.

    Lorsqu’une place se libère, elle revient à la personne suivante sur la liste d’attente, et nous vous écrirons aussitôt si c’est à vous qu’elle revient. Vous n’avez rien à faire d’ici là.
mail-enrollment-promoted-subject = Une place vous est attribuée : { $course }
mail-enrollment-promoted-body =
    Bonne nouvelle : vous sortez de la liste d’attente, et une place vous revient désormais dans la cohorte « { $cohort } » du cours « { $course } ». La cohorte se déroule du { $startsAt } au { $endsAt }.

    Vous pouvez dès maintenant suivre les leçons. Si vous ne pouvez plus participer, veuillez annuler votre inscription, afin que la place revienne à la personne suivante.
mail-enrollment-approved-subject = Votre demande a été acceptée : { $course }
mail-enrollment-approved-body =
    Les formateurs ont accepté votre demande pour rejoindre la cohorte « { $cohort } » du cours « { $course } », et votre place est confirmée. La cohorte se déroule du { $startsAt } au { $endsAt }.

    Vous pouvez suivre les leçons au moment qui vous convient.
mail-enrollment-rejected-subject = Votre demande d’inscription à { $course }
mail-enrollment-rejected-body =
    Nous sommes désolés : les formateurs de la cohorte « { $cohort } » du cours « { $course } » n’ont pas pu vous y proposer de place.

    Le contenu du cours reste accessible à tous dans le catalogue, et il pourra y avoir de la place dans les prochaines cohortes.
mail-certificate-issued-subject = Votre certificat pour { $course }
mail-certificate-issued-body =
    Félicitations : vous avez terminé toutes les leçons et réussi tous les quiz du cours « { $course } ».

    Le code de votre certificat est { $code }. N’importe qui peut le vérifier ici :

    { $link }

    Ce certificat est également une attestation numérique signée (un Open Badge), que vous pouvez télécharger depuis votre inscription et partager.
mail-certificate-revoked-subject = Votre certificat { $code } a été révoqué
mail-certificate-revoked-body =
    Votre certificat { $code } pour le cours « { $course } » a été révoqué, pour le motif suivant :

    { $reason }

    Toute personne qui vérifie ce code voit désormais qu’il est révoqué. Si vous pensez qu’il s’agit d’une erreur, veuillez répondre à ce message pour en informer les formateurs du cours.

## E-mails aux personnes qui suivent une consultation

mail-follow-round-opened-subject = Ouverte aux commentaires : { $consultation }
mail-follow-round-opened-body =
    La consultation « { $consultation } » que vous suivez reçoit des commentaires : la phase « { $round } » est ouverte jusqu’au { $closesAt }.

    Connectez-vous à Agora pour lire le projet de texte et le commenter, section par section.

    Vous recevez cet e-mail parce que vous suivez cette consultation. Pour ne plus la suivre, ouvrez ce lien : { $unfollowUrl }
mail-follow-round-closing-subject = Plus que 48 heures pour commenter : { $consultation }
mail-follow-round-closing-body =
    La phase « { $round } » de la consultation « { $consultation } » que vous suivez se termine le { $closesAt }. Si vous souhaitez la commenter, il est encore temps.

    Vous recevez cet e-mail parce que vous suivez cette consultation. Pour ne plus la suivre, ouvrez ce lien : { $unfollowUrl }
mail-follow-round-extended-subject = Plus de temps pour commenter : { $consultation }
mail-follow-round-extended-body =
    Les responsables de la consultation « { $consultation } » que vous suivez ont prolongé la phase « { $round } » : elle se termine désormais le { $closesAt }. Leur motif :

    { $reason }

    Vous recevez cet e-mail parce que vous suivez cette consultation. Pour ne plus la suivre, ouvrez ce lien : { $unfollowUrl }
mail-follow-round-closed-subject = Cycle de commentaires clôturé plus tôt que prévu : { $consultation }
mail-follow-round-closed-body =
    Le cycle « { $round } » de la consultation « { $consultation } » que vous suivez a été clôturé avant la date prévue : les administrateurs de la plateforme ont retiré la vérification de l’organisation qui mène la consultation. Les commentaires déjà déposés sont conservés ; aucun nouveau commentaire n’est accepté pour le moment.

    Vous recevez cet e-mail parce que vous suivez cette consultation. Pour ne plus la suivre, ouvrez ce lien : { $unfollowUrl }
mail-follow-outcome-published-subject = Résultats publiés : { $consultation }
mail-follow-outcome-published-body =
    La consultation « { $consultation } » que vous suivez est terminée. Ses responsables en ont publié les résultats : ce qui a changé dans le texte, section par section, et les commentaires qui ont conduit à ces changements. Ouvrez la consultation sur Agora pour les lire.

    Vous recevez cet e-mail parce que vous suivez cette consultation. Pour ne plus la suivre, ouvrez ce lien : { $unfollowUrl }
