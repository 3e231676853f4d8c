# Messages for the error codes of the API (see API.md). Each one is what a person reads
# when a request fails; the stable code travels beside it in `extensions.code`.

error-unauthenticated = Please sign in to do this. If you were signed in, your session may have expired.
error-invalid-credentials = The email address or the password is not correct.
error-forbidden = You are not allowed to do this.
error-not-found = We could not find what you asked for, or you are not allowed to see it.
error-validation = Please check the field “{ $field }”.
error-text-nul = The field “{ $field }” contains a NUL character (U+0000), which text cannot hold. Please remove it.
error-email-not-verified = Please confirm your email address first. We have sent you a link.
error-round-not-open = This comment round is not open for comments.
error-rate-limited =
    { $minutes ->
        [one] Too many attempts. Please try again in one minute.
       *[other] Too many attempts. Please try again in { $minutes } minutes.
    }
error-enrollment-closed = Enrollment for this cohort is closed.
error-internal = Something went wrong on our side. If it happens again, please quote this reference: { $requestId }.

## Errors about the GraphQL request itself

error-bad-request = This request is not valid for the Agora API: { $detail }
error-mutation-over-get = Changes must be sent with an HTTP POST request, not GET.
error-query-too-deep = This query is nested too deeply: at most { $limit } levels are allowed.
error-query-too-complex = This query asks for too much at once: its cost is { $cost } and the limit is { $limit }.
error-too-many-aliases = This query uses too many aliases: at most { $limit } are allowed.
error-batch-too-large = This request contains too many operations: at most { $limit } are allowed.
error-page-too-large = A list can return at most { $limit } items per page.
error-too-many-counts = This request counts too many lists (totalCount): at most { $limit } counts are allowed per request, all the operations of a batch together.
error-payload-too-large = This request is too large: at most { $kilobytes } kilobytes are allowed.
error-too-many-subscriptions = This connection already follows { $limit } live updates, the most it may: stop one before starting another.

## Errors about accounts

error-invalid-email = Please enter a valid email address, such as name@example.org.
error-password-length = A password must be between 10 and 128 characters long. A few words strung together make a strong, memorable password.
error-display-name = A display name must be between 1 and 100 characters long.
error-name-hidden-characters = The field “{ $field }” contains invisible characters, or characters that change the direction of the text (such as a zero-width space or a right-to-left override), which could make one name look like another. Please remove them.
error-email-taken = An account with this email address already exists.
error-password-common = This password is too easy to guess: it is among the most common ones, or it is your own email address or name. Please choose another.
error-country = Please choose a country by its two-letter code, such as KE or FR.
error-locale = Please choose a language by its code, such as fr, es or zh-CN.
error-token-invalid = This link is not valid any more: it was already used, or it has expired. Please ask for a new one.
error-account-suspended = This account is suspended. If you think this is a mistake, please contact the platform administrators.

## Errors about organizations

error-organization-already-verified = This organization is already verified.
error-organization-not-verified = This organization is not verified, so there is no verification to withdraw.
error-already-member = This person is already a member of the organization.
error-invitation-needs-verification = Only a verified organization can invite members. A platform administrator must verify this organization first.
error-official-needs-government = Only government and intergovernmental organizations have officials.
error-last-admin = An organization needs at least one admin. Make someone else an admin first.

## Errors about roles and suspensions

error-admin-is-platform-wide = The admin role is platform-wide: it cannot be limited to one consultation or course.
error-role-already-granted = This person already holds this role.
error-last-platform-admin = The platform needs at least one admin. Make someone else an admin first.
error-cannot-suspend-self = You cannot suspend your own account.
error-already-suspended = This account is already suspended.
error-not-suspended = This account is not suspended.

## Errors about consultations, rounds and comments

error-consultation-owner = Consultations are run by verified government or intergovernmental organizations.
error-official-organization-unverified = Your organization is not verified (or its verification was withdrawn), so its officials cannot act for it. You can still read its consultations; a platform administrator must verify it again first.
error-slug = A short name for addresses uses 3 to 80 lower-case letters, digits and single hyphens, such as ai-act-2026.
error-slug-taken = Another consultation already uses this short name.
error-original-translation = The texts must include the consultation’s original language.
error-consultation-not-editable = This consultation is closed, so it can no longer be changed.
error-consultation-status = This consultation is not in a state that allows this.
error-consultation-without-sections = A consultation needs at least one section before it is published.
error-round-dates = A round must close after it opens, and in the future.
error-round-closed = This round is already closed.
error-round-extension = The new closing time must be later than the current one.
error-outcome-round-open = The outcome can be published once no comment round is open. Close the open round first.
error-outcome-section = Each section outcome must name a section of this consultation, and each section only once.
error-outcome-comment = An outcome can credit only comments made on this consultation, at most 500 per section.
error-comment-not-editable = Only a published comment can be edited.
error-comment-withdrawn = This comment has been withdrawn.
error-comment-changed = Someone changed this comment meanwhile. Reload it and try again.
error-endorse-own-comment = You cannot endorse your own comment.
error-already-endorsed = You have already endorsed this comment.
error-not-endorsed = You have not endorsed this comment.
error-already-flagged = You have already flagged this comment.
error-moderation-status = This comment is not in a state that allows this moderation action.
error-reply-other-round = A reply must be in the same comment round as the comment it answers.
error-reply-too-deep = This conversation is nested as deeply as allowed. Please reply higher up in the thread.

## Errors about courses, cohorts, enrollments and certificates

error-course-unknown = There is no course with this short name.
error-cohort-dates = A cohort must end after it starts, and its enrollment must close after it opens and no later than the cohort ends.
error-cohort-capacity = A cohort needs between 1 and 10,000 seats, and no more priority seats than seats.
error-capacity-below-taken = The capacity cannot be lower than the number of seats already taken.
error-already-enrolled = You are already enrolled in this cohort, on its waitlist, or waiting for approval.
error-enrollment-status = This enrollment is not in a state that allows this.
error-enrollment-not-active = Progress is recorded only while an enrollment is active.
error-lesson-not-in-course = This lesson is not part of this cohort’s course.
error-quiz-not-in-course = This quiz is not part of this cohort’s course.
error-quiz-answers = Each answer must name a question of this quiz once, with choices of that question (exactly one for a single-choice question).
error-quiz-attempts-used = You have used every attempt at this quiz.
error-quiz-already-passed = You have already passed this quiz.
error-certificate-revoked = This certificate is already revoked.
error-unfollow-link-invalid = This unfollow link is not valid: it may be incomplete or too old. Sign in to Agora to stop following the consultation.

## Errors about retried requests

error-idempotency-key = An idempotency key has 1 to 100 characters, using only the letters a–z and A–Z, digits and - _ . : (a UUID, for example).
error-idempotency-key-reused = This idempotency key was already used for a different request. Use a new key for each new request, and the same key only to retry the same request.
