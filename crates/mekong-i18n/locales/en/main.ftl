## Page shell
site-name = Mekong
shell-skip-to-content = Skip to content
shell-languages = Languages
shell-main-navigation = Main navigation
shell-breadcrumb = Breadcrumb
shell-funder-statement = With the financial support of the European Union (AIMF – EU strategic partnership, SGA4).
shell-footer-network = AIMF network of Southeast Asian cities
shell-api = Open API
nav-home = Home
nav-cities = Member cities
flash-language-changed = Language changed.

## Home
home-title = The network of Southeast Asian cities
home-lead = Mekong brings together the work of the AIMF network of cities of Cambodia, Laos and Vietnam: member cities, meetings, projects, results and reports.
home-member-cities = Member cities
home-countries = Countries
home-see-cities = See the member cities

## Member cities
cities-title = Member cities
cities-intro = The AIMF member local authorities of Cambodia, Laos and Vietnam, with the source of every fact.
cities-caption = Member cities of the network
city-name = Name
city-local-name = Name in local script
city-name-fr = Name in French
city-name-en = Name in English
city-code = Code
city-country = Country
city-region = Administrative region
city-population = Population
city-population-year = in { $year }
city-coordinates = Coordinates (latitude, longitude)
city-sources = Sources
city-unknown = Unknown
city-unverified = membership announced
city-unverified-explained = This local authority's membership was announced, but no public source confirms it yet.
country-KH = Cambodia
country-LA = Laos
country-VN = Vietnam

## Errors
error-code-label = Code:
error-request-label = Request:
error-back-home = Back to the home page
error-not-found-title = Page not found
error-not-found = The page you asked for does not exist or has moved.
error-unauthenticated-title = Sign-in required
error-unauthenticated = Sign in to reach this page.
error-forbidden-title = Access denied
error-forbidden = You do not have the rights this action needs.
error-validation-title = Invalid input
error-validation = Some of the information entered is invalid. Correct the fields marked.
error-conflict-title = Conflicting change
error-conflict = Someone else changed this record since you opened it.
error-unavailable-title = Service unavailable
error-unavailable = The database is not answering. Try again in a moment.
error-internal-title = Internal error
error-internal = Something unexpected went wrong. It has been logged; quote the request code if you contact support.
error-duplicate = This value is already in use.
error-city-code = Invalid city code: two country letters, a dash and three letters (for example KH-PNH).
error-country = Unknown country: use KH, LA or VN.
error-throttled-title = Too many attempts
error-throttled = Too many sign-in attempts failed. Wait fifteen minutes before trying again.
error-sign-in = Wrong email address or password.
error-email = Invalid email address.
error-password-short = The password must have at least 12 characters.
error-password-weak = This password is too easy to guess: make it longer or mix unrelated words.
error-password-mismatch = The two passwords are not the same.
error-current-password = The current password is wrong.
error-link-expired = This link no longer works: it was already used or is more than 24 hours old.
error-display-name = Give a name (120 characters at most).
error-language = Choose one of the five languages.
error-time-zone = Unknown time zone: use a name such as Asia/Phnom_Penh.
error-role = Unknown role.
error-scope-required = This role must be limited to a city (a code such as KH-PNH), an organisation or a call (an identifier).
error-scope-not-allowed = This role is not limited to a scope: leave the field empty.
error-own-admin-role = You cannot withdraw your own administrator role.
error-deactivate-self = You cannot deactivate your own account.
error-token-name = Give the token a name of 80 characters at most.
error-token-grants = Choose at least one of your roles for this token.
error-valid-days = Give a positive number of days, or leave it empty.
error-audit-filter = Invalid filter: dates as YYYY-MM-DD, the user by their identifier.

## Page shell (accounts)
shell-user-menu = Your account
nav-users = Users
nav-audit = Audit trail
nav-outbox = Sent emails
sign-in-title = Sign in
sign-in-button = Sign in
sign-in-forgot = Forgot your password?
sign-out-button = Sign out
save-button = Save
filter-button = Filter
never = never

## Fields
field-email = Email address
field-password = Password
field-current-password = Current password
field-new-password = New password
field-confirm-password = Confirm the new password
field-display-name = Name
field-language = Language
field-time-zone = Time zone
field-role = Role
field-scope = Scope
field-token-name = Token name
field-valid-days = Valid for (days; empty: no limit)
password-rules = At least 12 characters, hard to guess: a sentence of several words works well.
time-zone-hint = For example:
scope-hint = For a focal point, the city code (KH-PNH); for a partner or an evaluator, the organisation's or call's identifier. Empty for other roles.

## Flash messages
flash-signed-in = You are signed in.
flash-signed-out = You are signed out.
flash-signed-out-everywhere = All your sessions were ended.
flash-settings-saved = Your settings are saved.
flash-password-changed = Your password was changed.
flash-password-set = Your password is saved. You can sign in now.
flash-token-revoked = The token was revoked.
flash-user-invited = The invitation was sent.
flash-role-granted = The role was granted.
flash-role-withdrawn = The role was withdrawn.
flash-user-deactivated = The account was deactivated and its sessions ended.
flash-user-reactivated = The account was reactivated.

## Passwords by email
forgot-title = Forgotten password
forgot-intro = Give your address: if an account uses it, you will receive a link to choose a new password.
forgot-button = Send the link
forgot-sent = If an account uses this address, a link was just sent to it. It works for 24 hours.
accept-title = Accept the invitation
reset-title = Choose a new password
set-password-button = Save the password

## Account
account-title = My account
account-settings = Settings
account-password = Password
account-sessions = Open sessions
account-download-data = Download my data (JSON)
change-password-button = Change the password
sign-out-everywhere-button = Sign out everywhere
session-started = Started
session-last-seen = Last active
session-device = Browser
session-address = Address
sessions-none = No open session.
conflict-compare = Your changes and the saved version
conflict-yours = What you entered
conflict-saved = Saved in the meantime
conflict-resubmit = Check, then save again to replace the saved version.

## API tokens
tokens-title = API tokens
tokens-intro = A token lets other software use the API on your behalf, with only the roles you give it.
tokens-shown-once = Copy this token now: it will never be shown again.
tokens-rights = Rights
tokens-created = Created
tokens-expires = Expires
tokens-last-used = Last used
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-new = New token
tokens-create = Create the token

## Users (administration)
users-title = Users
users-roles = Roles
users-status = Status
users-active = active
users-invited = invited
users-deactivated = deactivated
users-deactivate = Deactivate the account
users-reactivate = Reactivate the account
users-grant = Grant the role
users-withdraw = Withdraw
invite-title = Invite a user
invite-intro = The person receives an email in their language with a link, valid for 24 hours, to choose their password.
invite-button = Send the invitation
role-admin = Administrator
role-secretariat = AIMF secretariat
role-coordinator = Network coordinator
role-city-focal-point = City focal point
role-partner = Partner
role-evaluator = Evaluator
role-applicant = Applicant

## Audit trail
audit-title = Audit trail
history-title = History
city-facts = Facts
city-sections = Sections of the city's page
audit-when = When
audit-who = Who
audit-what = What
audit-changes = Changes
audit-none = No entries.
audit-entity-type = Record type
audit-entity-id = Identifier
audit-user = User (identifier)
audit-from = From
audit-until = Until
audit-city-created = City added
audit-user-invited = User invited
audit-user-signed-in = Signed in
audit-user-signed-out-everywhere = Signed out of every session
audit-user-invitation-accepted = Invitation accepted
audit-user-password-reset = Password reset
audit-user-password-changed = Password changed
audit-user-settings-changed = Settings changed
audit-user-role-granted = Role granted
audit-user-role-withdrawn = Role withdrawn
audit-user-deactivated = Account deactivated
audit-user-reactivated = Account reactivated
audit-api-token-created = API token created
audit-api-token-revoked = API token revoked

## Outbox
outbox-title = Sent emails
outbox-intro = With no SMTP server configured, emails are put here (and in the data directory's outbox folder) instead of being sent.
outbox-when = When
outbox-to = Recipient
outbox-subject = Subject
outbox-empty = No emails.
email-status-queued = queued
email-status-sent = sent
email-status-failed = failed

## Emails
email-greeting = Hello { $name },
email-invitation-subject = Invitation to join Mekong
email-invitation-body = { $inviter } invites you to join Mekong, the platform of the AIMF network of Southeast Asian cities. Follow the link below to choose your password.
email-reset-subject = Choose a new Mekong password
email-reset-body = A new password was requested for your Mekong account. If you did not ask for it, ignore this message.
email-link-expiry = This link works for { $hours } hours and only once.
