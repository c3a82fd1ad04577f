## Page shell
site-name = Mekong
shell-skip-to-content = រំលងទៅខ្លឹមសារ
shell-languages = ភាសា
shell-main-navigation = ការរុករកចម្បង
shell-breadcrumb = ផ្លូវរុករក
shell-funder-statement = ដោយមានការគាំទ្រផ្នែកហិរញ្ញវត្ថុពីសហភាពអឺរ៉ុប (ភាពជាដៃគូយុទ្ធសាស្ត្រ AIMF – EU, SGA4)។
shell-footer-network = បណ្ដាញ AIMF នៃទីក្រុងនានានៅអាស៊ីអាគ្នេយ៍
shell-api = API បើកចំហ
nav-home = ទំព័រដើម
nav-cities = ទីក្រុងសមាជិក
flash-language-changed = បានប្ដូរភាសារួចហើយ។

## Home
home-title = បណ្ដាញទីក្រុងនានានៅអាស៊ីអាគ្នេយ៍
home-lead = Mekong ប្រមូលផ្ដុំការងាររបស់បណ្ដាញ AIMF នៃទីក្រុងនានានៅកម្ពុជា ឡាវ និងវៀតណាម៖ ទីក្រុងសមាជិក កិច្ចប្រជុំ គម្រោង លទ្ធផល និងរបាយការណ៍។
home-member-cities = ទីក្រុងសមាជិក
home-countries = ប្រទេស
home-see-cities = មើលទីក្រុងសមាជិក

## Member cities
cities-title = ទីក្រុងសមាជិក
cities-intro = អាជ្ញាធរមូលដ្ឋានដែលជាសមាជិករបស់ AIMF នៅកម្ពុជា ឡាវ និងវៀតណាម ព្រមទាំងប្រភពនៃព័ត៌មាននីមួយៗ។
cities-caption = ទីក្រុងសមាជិកនៃបណ្ដាញ
city-name = ឈ្មោះ
city-local-name = ឈ្មោះជាអក្សរក្នុងស្រុក
city-name-fr = ឈ្មោះជាភាសាបារាំង
city-name-en = ឈ្មោះជាភាសាអង់គ្លេស
city-code = លេខកូដ
city-country = ប្រទេស
city-region = តំបន់រដ្ឋបាល
city-population = ចំនួនប្រជាជន
city-population-year = ក្នុងឆ្នាំ { $year }
city-coordinates = កូអរដោនេ (រយៈទទឹង, រយៈបណ្ដោយ)
city-sources = ប្រភព
city-unknown = មិនស្គាល់
city-unverified = បានប្រកាសសមាជិកភាព
city-unverified-explained = សមាជិកភាពរបស់អាជ្ញាធរមូលដ្ឋាននេះត្រូវបានប្រកាស ប៉ុន្តែមិនទាន់មានប្រភពសាធារណៈណាមួយបញ្ជាក់នៅឡើយទេ។
country-KH = កម្ពុជា
country-LA = ឡាវ
country-VN = វៀតណាម

## Errors
error-code-label = លេខកូដ៖
error-request-label = សំណើ៖
error-back-home = ត្រឡប់ទៅទំព័រដើម
error-not-found-title = រកមិនឃើញទំព័រ
error-not-found = ទំព័រដែលអ្នកបានស្នើសុំមិនមាន ឬត្រូវបានផ្លាស់ទីតាំង។
error-unauthenticated-title = តម្រូវឱ្យចូលគណនី
error-unauthenticated = សូមចូលគណនី ដើម្បីចូលមើលទំព័រនេះ។
error-forbidden-title = ការចូលប្រើត្រូវបានបដិសេធ
error-forbidden = អ្នកមិនមានសិទ្ធិចាំបាច់សម្រាប់សកម្មភាពនេះទេ។
error-validation-title = ទិន្នន័យមិនត្រឹមត្រូវ
error-validation = ព័ត៌មានមួយចំនួនដែលបានបញ្ចូលមិនត្រឹមត្រូវ។ សូមកែតម្រូវប្រអប់ដែលបានសម្គាល់។
error-conflict-title = ការកែប្រែជាន់គ្នា
error-conflict = មានអ្នកផ្សេងបានកែប្រែកំណត់ត្រានេះ ចាប់តាំងពីពេលដែលអ្នកបានបើកវា។
error-unavailable-title = សេវាមិនអាចប្រើបាន
error-unavailable = មូលដ្ឋានទិន្នន័យមិនឆ្លើយតប។ សូមព្យាយាមម្ដងទៀតក្នុងពេលបន្តិចទៀត។
error-internal-title = កំហុសផ្ទៃក្នុង
error-internal = មានបញ្ហាដែលមិនបានរំពឹងទុកបានកើតឡើង។ បញ្ហានេះត្រូវបានកត់ត្រាទុក។ សូមផ្ដល់លេខកូដសំណើ ប្រសិនបើអ្នកទាក់ទងផ្នែកជំនួយ។
error-duplicate = តម្លៃនេះត្រូវបានប្រើរួចហើយ។
error-city-code = លេខកូដទីក្រុងមិនត្រឹមត្រូវ៖ អក្សរប្រទេសពីរតួ សញ្ញាដាច់ (-) មួយ និងអក្សរបីតួ (ឧទាហរណ៍ KH-PNH)។
error-country = ប្រទេសមិនស្គាល់៖ សូមប្រើ KH, LA ឬ VN។
error-throttled-title = ការព្យាយាមច្រើនដងពេក
error-throttled = ការព្យាយាមចូលគណនីបានបរាជ័យច្រើនដងពេក។ សូមរង់ចាំដប់ប្រាំនាទី មុននឹងព្យាយាមម្ដងទៀត។
error-sign-in = អាសយដ្ឋានអ៊ីមែល ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ។
error-email = អាសយដ្ឋានអ៊ីមែលមិនត្រឹមត្រូវ។
error-password-short = ពាក្យសម្ងាត់ត្រូវមានយ៉ាងហោចណាស់ 12 តួអក្សរ។
error-password-weak = ពាក្យសម្ងាត់នេះងាយទាយពេក៖ សូមធ្វើឱ្យវាវែងជាងនេះ ឬលាយពាក្យដែលមិនទាក់ទងគ្នាបញ្ចូលគ្នា។
error-password-mismatch = ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ។
error-current-password = ពាក្យសម្ងាត់បច្ចុប្បន្នមិនត្រឹមត្រូវ។
error-link-expired = តំណនេះលែងប្រើបានហើយ៖ វាត្រូវបានប្រើរួចហើយ ឬមានអាយុលើសពី 24 ម៉ោង។
error-display-name = សូមបញ្ចូលឈ្មោះ (យ៉ាងច្រើន 120 តួអក្សរ)។
error-language = សូមជ្រើសរើសភាសាមួយក្នុងចំណោមភាសាទាំងប្រាំ។
error-time-zone = ល្វែងម៉ោងមិនស្គាល់៖ សូមប្រើឈ្មោះដូចជា Asia/Phnom_Penh។
error-role = តួនាទីមិនស្គាល់។
error-scope-required = តួនាទីនេះត្រូវតែកំណត់ចំពោះទីក្រុងមួយ (លេខកូដដូចជា KH-PNH) អង្គការមួយ ឬការអំពាវនាវដាក់សំណើមួយ (លេខសម្គាល់)។
error-scope-not-allowed = តួនាទីនេះមិនត្រូវបានកំណត់ចំពោះវិសាលភាពណាមួយទេ៖ សូមទុកប្រអប់នេះឱ្យនៅទទេ។
error-own-admin-role = អ្នកមិនអាចដកតួនាទីអ្នកគ្រប់គ្រងរបស់ខ្លួនឯងបានទេ។
error-deactivate-self = អ្នកមិនអាចបិទដំណើរការគណនីរបស់ខ្លួនឯងបានទេ។
error-token-name = សូមដាក់ឈ្មោះឱ្យថូខឹន ដែលមានយ៉ាងច្រើន 80 តួអក្សរ។
error-token-grants = សូមជ្រើសរើសតួនាទីរបស់អ្នកយ៉ាងហោចណាស់មួយសម្រាប់ថូខឹននេះ។
error-valid-days = សូមបញ្ចូលចំនួនថ្ងៃជាចំនួនវិជ្ជមាន ឬទុកឱ្យនៅទទេ។
error-audit-filter = តម្រងមិនត្រឹមត្រូវ៖ កាលបរិច្ឆេទត្រូវតាមទម្រង់ YYYY-MM-DD (ឆ្នាំ-ខែ-ថ្ងៃ) ហើយអ្នកប្រើប្រាស់ត្រូវតាមលេខសម្គាល់របស់ពួកគេ។

## Page shell (accounts)
shell-user-menu = គណនីរបស់អ្នក
nav-users = អ្នកប្រើប្រាស់
nav-audit = កំណត់ត្រាសវនកម្ម
nav-outbox = អ៊ីមែលដែលបានផ្ញើ
sign-in-title = ចូលគណនី
sign-in-button = ចូលគណនី
sign-in-forgot = ភ្លេចពាក្យសម្ងាត់?
sign-out-button = ចាកចេញពីគណនី
save-button = រក្សាទុក
filter-button = ត្រង
never = មិនធ្លាប់

## Fields
field-email = អាសយដ្ឋានអ៊ីមែល
field-password = ពាក្យសម្ងាត់
field-current-password = ពាក្យសម្ងាត់បច្ចុប្បន្ន
field-new-password = ពាក្យសម្ងាត់ថ្មី
field-confirm-password = បញ្ជាក់ពាក្យសម្ងាត់ថ្មី
field-display-name = ឈ្មោះ
field-language = ភាសា
field-time-zone = ល្វែងម៉ោង
field-role = តួនាទី
field-scope = វិសាលភាព
field-token-name = ឈ្មោះថូខឹន
field-valid-days = រយៈពេលមានសុពលភាព (គិតជាថ្ងៃ បើទុកទទេ គឺគ្មានកំណត់)
password-rules = យ៉ាងហោចណាស់ 12 តួអក្សរ និងពិបាកទាយ៖ ប្រយោគមួយដែលមានពាក្យច្រើនគឺសមស្របណាស់។
time-zone-hint = ឧទាហរណ៍៖
scope-hint = សម្រាប់មន្ត្រីបង្គោល សូមបញ្ចូលលេខកូដទីក្រុង (KH-PNH)។ សម្រាប់ដៃគូ ឬអ្នកវាយតម្លៃ សូមបញ្ចូលលេខសម្គាល់របស់អង្គការ ឬរបស់ការអំពាវនាវដាក់សំណើ។ ទុកទទេសម្រាប់តួនាទីផ្សេងទៀត។

## Flash messages
flash-signed-in = អ្នកបានចូលគណនីហើយ។
flash-signed-out = អ្នកបានចាកចេញពីគណនីហើយ។
flash-signed-out-everywhere = វគ្គទាំងអស់របស់អ្នកត្រូវបានបញ្ចប់។
flash-settings-saved = ការកំណត់របស់អ្នកត្រូវបានរក្សាទុក។
flash-password-changed = ពាក្យសម្ងាត់របស់អ្នកត្រូវបានប្ដូរ។
flash-password-set = ពាក្យសម្ងាត់របស់អ្នកត្រូវបានរក្សាទុក។ ឥឡូវនេះ អ្នកអាចចូលគណនីបានហើយ។
flash-token-revoked = ថូខឹនត្រូវបានដកហូត។
flash-user-invited = ការអញ្ជើញត្រូវបានផ្ញើ។
flash-role-granted = តួនាទីត្រូវបានផ្ដល់។
flash-role-withdrawn = តួនាទីត្រូវបានដកចេញ។
flash-user-deactivated = គណនីត្រូវបានបិទដំណើរការ ហើយវគ្គរបស់គណនីនេះត្រូវបានបញ្ចប់។
flash-user-reactivated = គណនីត្រូវបានបើកដំណើរការឡើងវិញ។

## Passwords by email
forgot-title = ភ្លេចពាក្យសម្ងាត់
forgot-intro = សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែលរបស់អ្នក៖ ប្រសិនបើមានគណនីប្រើអាសយដ្ឋាននេះ អ្នកនឹងទទួលបានតំណមួយ ដើម្បីជ្រើសរើសពាក្យសម្ងាត់ថ្មី។
forgot-button = ផ្ញើតំណ
forgot-sent = ប្រសិនបើមានគណនីប្រើអាសយដ្ឋាននេះ តំណមួយទើបតែត្រូវបានផ្ញើទៅកាន់អាសយដ្ឋាននោះ។ តំណនេះមានសុពលភាព 24 ម៉ោង។
accept-title = ទទួលយកការអញ្ជើញ
reset-title = ជ្រើសរើសពាក្យសម្ងាត់ថ្មី
set-password-button = រក្សាទុកពាក្យសម្ងាត់

## Account
account-title = គណនីរបស់ខ្ញុំ
account-settings = ការកំណត់
account-password = ពាក្យសម្ងាត់
account-sessions = វគ្គដែលកំពុងបើក
account-download-data = ទាញយកទិន្នន័យរបស់ខ្ញុំ (JSON)
change-password-button = ប្ដូរពាក្យសម្ងាត់
sign-out-everywhere-button = ចាកចេញពីគ្រប់វគ្គ
session-started = ចាប់ផ្ដើម
session-last-seen = សកម្មភាពចុងក្រោយ
session-device = កម្មវិធីរុករក
session-address = អាសយដ្ឋាន
sessions-none = មិនមានវគ្គដែលកំពុងបើកទេ។
conflict-compare = ការកែប្រែរបស់អ្នក និងកំណែដែលបានរក្សាទុក
conflict-yours = អ្វីដែលអ្នកបានបញ្ចូល
conflict-saved = បានរក្សាទុកក្នុងអំឡុងពេលនោះ
conflict-resubmit = សូមពិនិត្យ រួចរក្សាទុកម្ដងទៀត ដើម្បីជំនួសកំណែដែលបានរក្សាទុក។

## API tokens
tokens-title = ថូខឹន API
tokens-intro = ថូខឹនអនុញ្ញាតឱ្យកម្មវិធីផ្សេងទៀតប្រើ API ជំនួសអ្នក ដោយមានតែតួនាទីដែលអ្នកផ្ដល់ឱ្យវាប៉ុណ្ណោះ។
tokens-shown-once = សូមចម្លងថូខឹននេះឥឡូវនេះ៖ វានឹងមិនត្រូវបានបង្ហាញម្ដងទៀតឡើយ។
tokens-rights = សិទ្ធិ
tokens-created = បានបង្កើត
tokens-expires = ផុតកំណត់
tokens-last-used = ប្រើចុងក្រោយ
tokens-revoked = បានដកហូត
tokens-revoke = ដកហូត
tokens-new = ថូខឹនថ្មី
tokens-create = បង្កើតថូខឹន

## Users (administration)
users-title = អ្នកប្រើប្រាស់
users-roles = តួនាទី
users-status = ស្ថានភាព
users-active = សកម្ម
users-invited = បានអញ្ជើញ
users-deactivated = បានបិទដំណើរការ
users-deactivate = បិទដំណើរការគណនី
users-reactivate = បើកដំណើរការគណនីឡើងវិញ
users-grant = ផ្ដល់តួនាទី
users-withdraw = ដកចេញ
invite-title = អញ្ជើញអ្នកប្រើប្រាស់
invite-intro = បុគ្គលនោះនឹងទទួលបានអ៊ីមែលជាភាសារបស់ខ្លួន ដែលមានតំណមួយមានសុពលភាព 24 ម៉ោង ដើម្បីជ្រើសរើសពាក្យសម្ងាត់។
invite-button = ផ្ញើការអញ្ជើញ
role-admin = អ្នកគ្រប់គ្រង
role-secretariat = លេខាធិការដ្ឋាន AIMF
role-coordinator = អ្នកសម្របសម្រួលបណ្ដាញ
role-city-focal-point = មន្ត្រីបង្គោលទីក្រុង
role-partner = ដៃគូ
role-evaluator = អ្នកវាយតម្លៃ
role-applicant = អ្នកដាក់ពាក្យ

## Audit trail
audit-title = កំណត់ត្រាសវនកម្ម
history-title = ប្រវត្តិ
city-facts = ព័ត៌មាន
city-sections = ផ្នែកនានានៃទំព័រទីក្រុង
audit-when = ពេលវេលា
audit-who = អ្នកធ្វើ
audit-what = សកម្មភាព
audit-changes = ការកែប្រែ
audit-none = មិនមានកំណត់ត្រាទេ។
audit-entity-type = ប្រភេទកំណត់ត្រា
audit-entity-id = លេខសម្គាល់
audit-user = អ្នកប្រើប្រាស់ (លេខសម្គាល់)
audit-from = ពី
audit-until = ដល់
audit-city-created = បានបន្ថែមទីក្រុង
audit-user-invited = បានអញ្ជើញអ្នកប្រើប្រាស់
audit-user-signed-in = បានចូលគណនី
audit-user-signed-out-everywhere = បានចាកចេញពីគ្រប់វគ្គ
audit-user-invitation-accepted = បានទទួលយកការអញ្ជើញ
audit-user-password-reset = បានកំណត់ពាក្យសម្ងាត់ឡើងវិញ
audit-user-password-changed = បានប្ដូរពាក្យសម្ងាត់
audit-user-settings-changed = បានកែប្រែការកំណត់
audit-user-role-granted = បានផ្ដល់តួនាទី
audit-user-role-withdrawn = បានដកតួនាទី
audit-user-deactivated = បានបិទដំណើរការគណនី
audit-user-reactivated = បានបើកដំណើរការគណនីឡើងវិញ
audit-api-token-created = បានបង្កើតថូខឹន API
audit-api-token-revoked = បានដកហូតថូខឹន API

## Outbox
outbox-title = អ៊ីមែលដែលបានផ្ញើ
outbox-intro = ប្រសិនបើមិនបានកំណត់ម៉ាស៊ីនមេ SMTP ទេ អ៊ីមែលនឹងត្រូវបានដាក់នៅទីនេះ (និងនៅក្នុងថត outbox នៃថតទិន្នន័យ) ជំនួសឱ្យការផ្ញើចេញ។
outbox-when = ពេលវេលា
outbox-to = អ្នកទទួល
outbox-subject = ប្រធានបទ
outbox-empty = មិនមានអ៊ីមែលទេ។
email-status-queued = កំពុងរង់ចាំ
email-status-sent = បានផ្ញើ
email-status-failed = បរាជ័យ

## Emails
email-greeting = ជម្រាបសួរ { $name },
email-invitation-subject = ការអញ្ជើញឱ្យចូលរួម Mekong
email-invitation-body = { $inviter } សូមអញ្ជើញអ្នកឱ្យចូលរួម Mekong ដែលជាវេទិការបស់បណ្ដាញ AIMF នៃទីក្រុងនានានៅអាស៊ីអាគ្នេយ៍។ សូមចុចតំណខាងក្រោម ដើម្បីជ្រើសរើសពាក្យសម្ងាត់របស់អ្នក។
email-reset-subject = ជ្រើសរើសពាក្យសម្ងាត់ Mekong ថ្មី
email-reset-body = មានការស្នើសុំពាក្យសម្ងាត់ថ្មីសម្រាប់គណនី Mekong របស់អ្នក។ ប្រសិនបើអ្នកមិនបានស្នើសុំទេ សូមកុំអើពើនឹងសារនេះ។
email-link-expiry = តំណនេះមានសុពលភាពរយៈពេល { $hours } ម៉ោង ហើយអាចប្រើបានតែម្ដងប៉ុណ្ណោះ។
