# Messages associés aux codes d’erreur de l’API (voir API.md). Chacun est ce que lit une personne
# lorsqu’une requête échoue ; le code stable est transmis à côté, dans `extensions.code`.

error-unauthenticated = Veuillez vous connecter pour effectuer cette action. Si vous aviez déjà ouvert une session, celle-ci a peut-être expiré.
error-invalid-credentials = L’adresse e-mail ou le mot de passe est incorrect.
error-forbidden = Vous n’avez pas l’autorisation d’effectuer cette action.
error-not-found = Nous n’avons pas trouvé ce que vous avez demandé, ou vous n’avez pas l’autorisation de le consulter.
error-validation = Veuillez vérifier le champ « { $field } ».
error-text-nul = Le champ « { $field } » contient un caractère NUL (U+0000), qu’un texte ne peut pas contenir. Veuillez le retirer.
error-email-not-verified = Veuillez d’abord confirmer votre adresse e-mail. Nous vous avons envoyé un lien.
error-round-not-open = Cette phase de commentaires n’est pas ouverte.
error-rate-limited =
    { $minutes ->
        [one] Trop de tentatives. Veuillez réessayer dans { $minutes } minute.
       *[other] Trop de tentatives. Veuillez réessayer dans { $minutes } minutes.
    }
error-enrollment-closed = Les inscriptions pour cette cohorte sont closes.
error-internal = Une erreur s’est produite de notre côté. Si le problème se reproduit, veuillez indiquer cette référence : { $requestId }.

## Erreurs concernant la requête GraphQL elle-même

error-bad-request = Cette requête n’est pas valide pour l’API d’Agora : { $detail }
error-mutation-over-get = Les modifications doivent être envoyées avec une requête HTTP POST, et non GET.
error-query-too-deep =
    { $limit ->
        [one] Cette requête comporte trop de niveaux d’imbrication : { $limit } niveau au maximum est autorisé.
       *[other] Cette requête comporte trop de niveaux d’imbrication : { $limit } niveaux au maximum sont autorisés.
    }
error-query-too-complex = Cette requête en demande trop à la fois : son coût est de { $cost } et la limite est de { $limit }.
error-too-many-aliases =
    { $limit ->
        [one] Cette requête utilise trop d’alias : { $limit } alias au maximum est autorisé.
       *[other] Cette requête utilise trop d’alias : { $limit } alias au maximum sont autorisés.
    }
error-batch-too-large =
    { $limit ->
        [one] Cette requête contient trop d’opérations : { $limit } opération au maximum est autorisée.
       *[other] Cette requête contient trop d’opérations : { $limit } opérations au maximum sont autorisées.
    }
error-page-too-large =
    { $limit ->
        [one] Une liste peut renvoyer au maximum { $limit } élément par page.
       *[other] Une liste peut renvoyer au maximum { $limit } éléments par page.
    }
error-too-many-counts =
    { $limit ->
        [one] Cette requête compte trop de listes (totalCount) : { $limit } décompte au maximum est autorisé par requête, toutes les opérations d’un lot comprises.
       *[other] Cette requête compte trop de listes (totalCount) : { $limit } décomptes au maximum sont autorisés par requête, toutes les opérations d’un lot comprises.
    }
error-payload-too-large =
    { $kilobytes ->
        [one] Cette requête est trop volumineuse : { $kilobytes } kilo-octet au maximum est autorisé.
       *[other] Cette requête est trop volumineuse : { $kilobytes } kilo-octets au maximum sont autorisés.
    }
error-too-many-subscriptions = Cette connexion suit déjà { $limit } flux en direct, le maximum autorisé : arrêtez-en un avant d’en ouvrir un autre.

## Erreurs concernant les comptes

error-invalid-email = Veuillez saisir une adresse e-mail valide, par exemple name@example.org.
error-password-length = Le mot de passe doit comporter entre 10 et 128 caractères. Quelques mots mis bout à bout forment un mot de passe robuste et facile à retenir.
error-display-name = Le nom d’affichage doit comporter entre 1 et 100 caractères.
error-name-hidden-characters = Le champ « { $field } » contient des caractères invisibles, ou qui changent le sens d’écriture du texte (comme une espace sans chasse ou un forçage de droite à gauche), qui pourraient faire passer un nom pour un autre. Veuillez les retirer.
error-email-taken = Un compte associé à cette adresse e-mail existe déjà.
error-password-common = Ce mot de passe est trop facile à deviner : il figure parmi les plus courants, ou il correspond à votre propre adresse e-mail ou à votre nom. Veuillez en choisir un autre.
error-country = Veuillez choisir un pays au moyen de son code à deux lettres, par exemple KE ou FR.
error-locale = Veuillez choisir une langue au moyen de son code, par exemple fr, es ou zh-CN.
error-token-invalid = Ce lien n’est plus valide : il a déjà été utilisé ou il a expiré. Veuillez en demander un nouveau.
error-account-suspended = Ce compte est suspendu. Si vous pensez qu’il s’agit d’une erreur, veuillez contacter les administrateurs de la plateforme.

## Erreurs concernant les organisations

error-organization-already-verified = Cette organisation est déjà vérifiée.
error-organization-not-verified = Cette organisation n’est pas vérifiée ; il n’y a donc aucune vérification à retirer.
error-already-member = Cette personne est déjà membre de l’organisation.
error-invitation-needs-verification = Seule une organisation vérifiée peut inviter des membres. Un administrateur de la plateforme doit d’abord vérifier cette organisation.
error-official-needs-government = Seules les organisations gouvernementales et intergouvernementales peuvent avoir des représentants officiels.
error-last-admin = Une organisation doit compter au moins un administrateur. Désignez d’abord une autre personne comme administrateur.

## Erreurs concernant les rôles et les suspensions

error-admin-is-platform-wide = Le rôle d’administrateur s’applique à l’ensemble de la plateforme : il ne peut pas être limité à une seule consultation ou à un seul cours.
error-role-already-granted = Cette personne détient déjà ce rôle.
error-last-platform-admin = La plateforme doit compter au moins un administrateur. Désignez d’abord une autre personne comme administrateur.
error-cannot-suspend-self = Vous ne pouvez pas suspendre votre propre compte.
error-already-suspended = Ce compte est déjà suspendu.
error-not-suspended = Ce compte n’est pas suspendu.

## Erreurs concernant les consultations, les phases et les commentaires

error-consultation-owner = Les consultations sont menées par des organisations gouvernementales ou intergouvernementales vérifiées.
error-official-organization-unverified = Votre organisation n’est pas vérifiée (ou sa vérification a été retirée) : ses représentants officiels ne peuvent donc pas agir en son nom. Vous pouvez toujours consulter ses consultations ; un administrateur de la plateforme doit d’abord la vérifier de nouveau.
error-slug = Le nom court utilisé dans les adresses doit comporter de 3 à 80 caractères (lettres minuscules sans accents, chiffres et traits d’union non consécutifs), par exemple ai-act-2026.
error-slug-taken = Une autre consultation utilise déjà ce nom court.
error-original-translation = Les textes doivent comprendre une version dans la langue d’origine de la consultation.
error-consultation-not-editable = Cette consultation est close ; elle ne peut donc plus être modifiée.
error-consultation-status = L’état actuel de cette consultation ne permet pas cette action.
error-consultation-without-sections = Une consultation doit comporter au moins une section avant d’être publiée.
error-round-dates = La clôture d’une phase doit être postérieure à son ouverture et se situer dans le futur.
error-round-closed = Cette phase est déjà close.
error-round-extension = La nouvelle date de clôture doit être postérieure à la date de clôture actuelle.
error-outcome-round-open = Le bilan ne peut être publié que lorsqu’aucune phase de commentaires n’est ouverte. Clôturez d’abord la phase en cours.
error-outcome-section = Chaque bilan de section doit désigner une section de cette consultation, et chaque section une seule fois.
error-outcome-comment = Un bilan ne peut citer que des commentaires faits sur cette consultation, 500 au plus par section.
error-comment-not-editable = Seul un commentaire publié peut être modifié.
error-comment-withdrawn = Ce commentaire a été retiré.
error-comment-changed = Quelqu’un a modifié ce commentaire entre-temps. Rechargez-le et réessayez.
error-endorse-own-comment = Vous ne pouvez pas apporter votre soutien à votre propre commentaire.
error-already-endorsed = Vous avez déjà apporté votre soutien à ce commentaire.
error-not-endorsed = Vous n’avez pas apporté votre soutien à ce commentaire.
error-already-flagged = Vous avez déjà signalé ce commentaire.
error-moderation-status = L’état actuel de ce commentaire ne permet pas cette action de modération.
error-reply-other-round = Une réponse doit appartenir à la même phase de commentaires que le commentaire auquel elle répond.
error-reply-too-deep = Cette conversation a atteint le niveau d’imbrication maximal autorisé. Veuillez répondre plus haut dans le fil de discussion.

## Erreurs concernant les cours, les cohortes, les inscriptions et les certificats

error-course-unknown = Aucun cours ne porte ce nom court.
error-cohort-dates = La fin d’une cohorte doit être postérieure à son début, et la clôture de ses inscriptions doit être postérieure à leur ouverture et intervenir au plus tard à la fin de la cohorte.
error-cohort-capacity = Une cohorte doit compter entre 1 et 10 000 places, et son nombre de places prioritaires ne peut pas dépasser son nombre total de places.
error-capacity-below-taken = La capacité d’accueil ne peut pas être inférieure au nombre de places déjà occupées.
error-already-enrolled = Vous disposez déjà d’une inscription à cette cohorte, qu’elle soit active, sur liste d’attente ou en attente d’approbation.
error-enrollment-status = L’état actuel de cette inscription ne permet pas cette action.
error-enrollment-not-active = La progression n’est enregistrée que tant que l’inscription est active.
error-lesson-not-in-course = Cette leçon ne fait pas partie du cours de cette cohorte.
error-quiz-not-in-course = Ce quiz ne fait pas partie du cours de cette cohorte.
error-quiz-answers = Chaque réponse doit porter sur une question de ce quiz, sans qu’aucune question soit citée deux fois, et ne comporter que des choix de cette question (exactement un pour une question à choix unique).
error-quiz-attempts-used = Vous avez épuisé toutes vos tentatives pour ce quiz.
error-quiz-already-passed = Vous avez déjà réussi ce quiz.
error-certificate-revoked = Ce certificat est déjà révoqué.
error-unfollow-link-invalid = Ce lien de désabonnement n’est pas valide : il est peut-être incomplet ou trop ancien. Connectez-vous à Agora pour ne plus suivre la consultation.

## Erreurs concernant les requêtes renvoyées

error-idempotency-key = Une clé d’idempotence compte de 1 à 100 caractères, uniquement des lettres latines non accentuées (a–z, A–Z), des chiffres et - _ . : (un UUID, par exemple).
error-idempotency-key-reused = Cette clé d’idempotence a déjà servi pour une autre requête. Utilisez une nouvelle clé pour chaque nouvelle requête, et la même clé uniquement pour renvoyer la même requête.
