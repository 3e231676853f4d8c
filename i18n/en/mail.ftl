# Email messages. Each email has a `-subject` and a `-body`; the body is plain text
# (paragraphs separated by blank lines) and also becomes the HTML part.

mail-greeting = Hello { $name },
mail-signature = The Agora team
mail-footer = You receive this email because of your activity on Agora, the open platform for public consultations and training.

mail-test-subject = Agora test message
mail-test-body =
    This is a test message from the Agora server at { $serverUrl }.

    If you can read it, email delivery is configured correctly. There is nothing else to do.

## Account emails

mail-verify-email-subject = Confirm your email address for Agora
mail-verify-email-body =
    Welcome to Agora. Please confirm that this email address is yours by opening this link within 24 hours:

    { $link }

    Once it is confirmed, you can comment on consultations, enroll in courses and create organizations. If you did not create an account, you can ignore this message.
mail-already-registered-subject = Someone tried to register with your email address
mail-already-registered-body =
    Someone, perhaps you, tried to create a new Agora account with this email address. It already has an account, so no new one was created.

    If it was you and you have forgotten your password, you can choose a new one here: { $resetLink }

    If it was not you, there is nothing to do: your account is unchanged.
mail-password-reset-subject = Choose a new password for Agora
mail-password-reset-body =
    We received a request to choose a new password for your Agora account. Open this link within one hour to do so:

    { $link }

    Choosing a new password signs you out everywhere. If you did not ask for this, you can ignore this message: your password stays as it is.

## Organization emails

mail-organization-verified-subject = { $organization } is now verified on Agora
mail-organization-verified-body =
    A platform administrator has verified { $organization }. Its members can now take part in consultations on its behalf, and its name is shown as verified.

    Thank you for helping to keep consultations trustworthy.
mail-organization-withdrawn-subject = The verification of { $organization } was withdrawn
mail-organization-withdrawn-body =
    A platform administrator has withdrawn the verification of { $organization }, for this reason:

    { $reason }

    Until it is verified again, the organization is shown as unverified, it cannot invite new members, and its officials cannot act for it: they cannot change or publish consultations, open, extend or close comment rounds, respond to comments or publish outcomes, though they can still read everything they could read before. Its comment rounds that were open or scheduled have been closed now, and the followers of those consultations have been told; once it is verified again, its officials can open new rounds.

    If you think this is a mistake, please reply to the platform administrators.
mail-membership-invitation-subject = Invitation to join an organization on Agora
mail-membership-invitation-body =
    { $inviter } invites you to join the organization “{ $organization }” on Agora, the open platform for public consultations and training. A platform administrator has verified this organization. To accept, open this link within 14 days and sign in with the account of this email address:

    { $link }

    If you do not know this person or this organization, you can ignore this message: nobody becomes a member without accepting.

## Role and suspension emails

mail-role-granted-subject = You have a new role on Agora
mail-role-granted-body =
    A platform administrator has made you { $role ->
        [ADMIN] an administrator of the platform
        [MODERATOR] a moderator
       *[INSTRUCTOR] an instructor
    } on Agora. You will find the new possibilities when you next sign in.
mail-account-suspended-subject = Your Agora account is suspended
mail-account-suspended-body =
    A platform administrator has suspended your Agora account, for this reason:

    { $reason }

    While it is suspended you cannot sign in. If you think this is a mistake, please reply to the platform administrators.
mail-account-reinstated-subject = Your Agora account is active again
mail-account-reinstated-body =
    A platform administrator has lifted the suspension of your Agora account. You can sign in again.
mail-comment-receipt-subject = Your comment was received: { $trackingNumber }
mail-comment-receipt-body =
    Thank you for taking part in the consultation “{ $consultation }” ({ $round }).

    We received your comment on { $submittedAt }. Its tracking number is:

    { $trackingNumber }

    Keep this number: anyone can use it to confirm that your comment was received, without seeing who wrote it.
mail-comment-pending-review-subject = Your comment is waiting for a moderator: { $trackingNumber }
mail-comment-pending-review-body =
    Several participants flagged your comment { $trackingNumber } on the consultation “{ $consultation }”, so it is hidden until a moderator reviews it.

    You do not need to do anything. You will hear from us when the review is done.
mail-comment-hidden-subject = A moderator hid your comment { $trackingNumber }
mail-comment-hidden-body =
    A moderator hid your comment { $trackingNumber } on the consultation “{ $consultation }”, for this reason:

    { $reason }

    The consultation’s officials can still read it. If you think this is a mistake, please reply to the moderators.
mail-comment-restored-subject = Your comment { $trackingNumber } is visible again
mail-comment-restored-body =
    A moderator reviewed your comment { $trackingNumber } on the consultation “{ $consultation }” and made it visible again:

    { $reason }
mail-comment-responded-subject = An official responded to your comment { $trackingNumber }
mail-comment-responded-body =
    The organization running the consultation “{ $consultation }” has responded to your comment { $trackingNumber }:

    { $response }

## Course emails

mail-enrollment-active-subject = You are enrolled: { $course }
mail-enrollment-active-body =
    Your seat in the cohort “{ $cohort }” of the course “{ $course }” is confirmed. The cohort runs from { $startsAt } to { $endsAt }.

    You can open the lessons whenever it suits you. Complete every lesson and pass every quiz to receive a certificate that anyone can verify.

    If you can no longer take part, please withdraw, so that your seat goes to the next person on the waitlist.
mail-enrollment-requested-subject = We received your request to join { $course }
mail-enrollment-requested-body =
    Thank you for your interest in the cohort “{ $cohort }” of the course “{ $course }”. Its instructors review every request before giving a seat.

    A request does not hold a seat yet. We will write to you as soon as the instructors have decided.
mail-enrollment-waitlisted-subject = You are on the waitlist for { $course }
mail-enrollment-waitlisted-body =
    There is no seat for you in the cohort “{ $cohort }” of the course “{ $course }” right now, so you are on its waitlist, at position { $position }.

    When a seat frees up, it goes to the next person on the waitlist, and we will write to you at once if it is yours. You do not need to do anything meanwhile.
mail-enrollment-promoted-subject = A seat is yours: { $course }
mail-enrollment-promoted-body =
    Good news: you have moved up from the waitlist, and a seat in the cohort “{ $cohort }” of the course “{ $course }” is now yours. The cohort runs from { $startsAt } to { $endsAt }.

    You can open the lessons now. If you can no longer take part, please withdraw, so that the seat goes to the next person.
mail-enrollment-approved-subject = Your request was approved: { $course }
mail-enrollment-approved-body =
    The instructors approved your request to join the cohort “{ $cohort }” of the course “{ $course }”, and your seat is confirmed. The cohort runs from { $startsAt } to { $endsAt }.

    You can open the lessons whenever it suits you.
mail-enrollment-rejected-subject = Your request to join { $course }
mail-enrollment-rejected-body =
    We are sorry: the instructors of the cohort “{ $cohort }” of the course “{ $course }” could not offer you a place in it.

    The course material stays open to everyone in the catalogue, and later cohorts may have room.
mail-certificate-issued-subject = Your certificate for { $course }
mail-certificate-issued-body =
    Congratulations: you completed every lesson and passed every quiz of the course “{ $course }”.

    Your certificate code is { $code }. Anyone can check it here:

    { $link }

    The certificate is also a signed digital credential (an Open Badge) that you can download from your enrollment and share.
mail-certificate-revoked-subject = Your certificate { $code } was revoked
mail-certificate-revoked-body =
    Your certificate { $code } for the course “{ $course }” was revoked, for this reason:

    { $reason }

    Anyone who checks the code now sees that it is revoked. If you think this is a mistake, please reply to the course’s instructors.

## Emails to the followers of a consultation

mail-follow-round-opened-subject = Open for comments: { $consultation }
mail-follow-round-opened-body =
    The consultation “{ $consultation }” that you follow is taking comments: the round “{ $round }” is open until { $closesAt }.

    Sign in to Agora to read the draft and to comment on it, section by section.

    You receive this email because you follow this consultation. To stop following it, open this link: { $unfollowUrl }
mail-follow-round-closing-subject = Last 48 hours to comment: { $consultation }
mail-follow-round-closing-body =
    The round “{ $round }” of the consultation “{ $consultation }” that you follow closes on { $closesAt }. If you want to comment, there is still time.

    You receive this email because you follow this consultation. To stop following it, open this link: { $unfollowUrl }
mail-follow-round-extended-subject = More time to comment: { $consultation }
mail-follow-round-extended-body =
    The officials of the consultation “{ $consultation }” that you follow have extended the round “{ $round }”: it now closes on { $closesAt }. Their reason:

    { $reason }

    You receive this email because you follow this consultation. To stop following it, open this link: { $unfollowUrl }
mail-follow-round-closed-subject = Comment round closed early: { $consultation }
mail-follow-round-closed-body =
    The round “{ $round }” of the consultation “{ $consultation }” that you follow has closed before its planned end: the platform administrators withdrew the verification of the organization that runs the consultation. Comments already made are kept; no new ones are taken for now.

    You receive this email because you follow this consultation. To stop following it, open this link: { $unfollowUrl }
mail-follow-outcome-published-subject = Outcome published: { $consultation }
mail-follow-outcome-published-body =
    The consultation “{ $consultation }” that you follow has concluded. Its officials have published the outcome: what changed in the text, section by section, and which comments led to it. Open the consultation on Agora to read it.

    You receive this email because you follow this consultation. To stop following it, open this link: { $unfollowUrl }
