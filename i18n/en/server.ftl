# Names the server shows about itself.

# The name of this language, written in this language (used in language pickers).
locale-name = English

## Pages for the links in account emails

page-site-name = Agora
page-verify-email-title = Confirm your email address
page-verify-email-intro = To confirm your email address, choose the password of your Agora account: at least 10 characters (it may be the one you registered with). Only the password you choose here will open the account, and every device signed in to it will be signed out.
page-verify-email-label = Password
page-verify-email-submit = Confirm my address
page-verify-email-done = Thank you: your email address is confirmed and your password is saved. Sign in with it to comment on consultations, enroll in courses and create organizations.
page-reset-password-title = Choose a new password
page-reset-password-intro = Choose a new password for your Agora account: at least 10 characters. A few words strung together make a strong, memorable password. Every device signed in to your account will be signed out.
page-reset-password-label = New password
page-reset-password-submit = Save the new password
page-reset-password-done = Your new password is saved. You can now sign in with it.
page-invitation-title = Join an organization
page-invitation-intro = You are invited to join { $organization } on Agora. Sign in with the account of the address the invitation was sent to, and you will become a member.
page-invitation-email = Email address
page-invitation-password = Password
page-invitation-submit = Sign in and accept
page-invitation-done = Welcome: you are now a member of { $organization }.

## Names the platform gives

# How a deleted account is named beside its past contributions.
deleted-participant = Deleted participant

## The certificate page and the credential

page-certificate-title = Certificate { $code }
page-certificate-valid = This certificate is valid.
page-certificate-revoked = This certificate was revoked on { $date }.
page-certificate-unknown = There is no certificate with the code { $code }. Please check the code and try again.
page-certificate-holder = Holder
page-certificate-holder-withheld = Withheld: the holder has closed their account.
page-certificate-course = Course
page-certificate-issued = Issued on
page-certificate-signature = Anyone can check the signature of this certificate’s digital credential with the keys published at { $jwks }.
# What a certificate states that its holder did (the Open Badge's criteria).
certificate-criteria = Completed every lesson and passed every quiz of the course.

## Participation statistics

# A count from 1 to 4, withheld so that nobody can be identified.
stats-fewer-than-five = fewer than 5
page-unfollow-title = Stop following a consultation
page-unfollow-confirm = Stop receiving emails about the consultation “{ $consultation }”? Opening this link changes nothing until you press the button.
page-unfollow-confirm-unknown = Stop receiving emails about this consultation? Opening this link changes nothing until you press the button.
page-unfollow-submit = Stop following
page-unfollow-done = You no longer follow the consultation “{ $consultation }”. You will receive no more emails about it.
page-unfollow-done-unknown = You no longer follow this consultation. You will receive no more emails about it.
