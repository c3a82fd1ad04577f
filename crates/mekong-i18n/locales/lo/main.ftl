## Page shell
site-name = Mekong
shell-skip-to-content = ຂ້າມໄປຫາເນື້ອຫາ
shell-languages = ພາສາ
shell-main-navigation = ການນຳທາງຫຼັກ
shell-breadcrumb = ເສັ້ນທາງນຳທາງ
shell-funder-statement = ດ້ວຍການສະໜັບສະໜູນດ້ານການເງິນຈາກສະຫະພາບເອີຣົບ (ການເປັນຄູ່ຮ່ວມມືດ້ານຍຸດທະສາດ AIMF – EU, SGA4).
shell-footer-network = ເຄືອຂ່າຍ AIMF ຂອງບັນດານະຄອນໃນອາຊີຕາເວັນອອກສຽງໃຕ້
shell-api = API ແບບເປີດ
nav-home = ໜ້າຫຼັກ
nav-cities = ນະຄອນສະມາຊິກ
flash-language-changed = ປ່ຽນພາສາແລ້ວ.

## Home
home-title = ເຄືອຂ່າຍບັນດານະຄອນໃນອາຊີຕາເວັນອອກສຽງໃຕ້
home-lead = Mekong ລວບລວມວຽກງານຂອງເຄືອຂ່າຍ AIMF ຂອງບັນດານະຄອນໃນກຳປູເຊຍ, ລາວ ແລະ ຫວຽດນາມ: ນະຄອນສະມາຊິກ, ກອງປະຊຸມ, ໂຄງການ, ຜົນໄດ້ຮັບ ແລະ ບົດລາຍງານ.
home-member-cities = ນະຄອນສະມາຊິກ
home-countries = ປະເທດ
home-see-cities = ເບິ່ງນະຄອນສະມາຊິກ

## Member cities
cities-title = ນະຄອນສະມາຊິກ
cities-intro = ອົງການປົກຄອງທ້ອງຖິ່ນທີ່ເປັນສະມາຊິກຂອງ AIMF ໃນກຳປູເຊຍ, ລາວ ແລະ ຫວຽດນາມ, ພ້ອມດ້ວຍແຫຼ່ງທີ່ມາຂອງຂໍ້ມູນແຕ່ລະລາຍການ.
cities-caption = ນະຄອນສະມາຊິກຂອງເຄືອຂ່າຍ
city-name = ຊື່
city-local-name = ຊື່ເປັນອັກສອນທ້ອງຖິ່ນ
city-name-fr = ຊື່ເປັນພາສາຝຣັ່ງ
city-name-en = ຊື່ເປັນພາສາອັງກິດ
city-code = ລະຫັດ
city-country = ປະເທດ
city-region = ເຂດການປົກຄອງ
city-population = ຈຳນວນພົນລະເມືອງ
city-population-year = ໃນປີ { $year }
city-coordinates = ພິກັດ (ເສັ້ນຂະໜານ, ເສັ້ນແວງ)
city-sources = ແຫຼ່ງທີ່ມາ
city-unknown = ບໍ່ຮູ້ຈັກ
city-unverified = ໄດ້ປະກາດເປັນສະມາຊິກ
city-unverified-explained = ການເປັນສະມາຊິກຂອງອົງການປົກຄອງທ້ອງຖິ່ນນີ້ໄດ້ຖືກປະກາດແລ້ວ, ແຕ່ຍັງບໍ່ມີແຫຼ່ງຂໍ້ມູນສາທາລະນະໃດຢືນຢັນເທື່ອ.
country-KH = ກຳປູເຊຍ
country-LA = ລາວ
country-VN = ຫວຽດນາມ

## Errors
error-code-label = ລະຫັດ:
error-request-label = ຄຳຮ້ອງຂໍ:
error-back-home = ກັບຄືນໜ້າຫຼັກ
error-not-found-title = ບໍ່ພົບໜ້າ
error-not-found = ໜ້າທີ່ທ່ານຮ້ອງຂໍບໍ່ມີຢູ່ ຫຼື ໄດ້ຖືກຍ້າຍໄປແລ້ວ.
error-unauthenticated-title = ຕ້ອງເຂົ້າສູ່ລະບົບ
error-unauthenticated = ກະລຸນາເຂົ້າສູ່ລະບົບເພື່ອເຂົ້າເຖິງໜ້ານີ້.
error-forbidden-title = ການເຂົ້າເຖິງຖືກປະຕິເສດ
error-forbidden = ທ່ານບໍ່ມີສິດທີ່ຈຳເປັນສຳລັບການດຳເນີນການນີ້.
error-validation-title = ຂໍ້ມູນບໍ່ຖືກຕ້ອງ
error-validation = ຂໍ້ມູນບາງຢ່າງທີ່ປ້ອນເຂົ້າບໍ່ຖືກຕ້ອງ. ກະລຸນາແກ້ໄຂຊ່ອງທີ່ໝາຍໄວ້.
error-conflict-title = ການປ່ຽນແປງຂັດກັນ
error-conflict = ມີຜູ້ອື່ນໄດ້ປ່ຽນແປງບັນທຶກນີ້ ນັບແຕ່ທ່ານເປີດມັນ.
error-unavailable-title = ບໍລິການບໍ່ພ້ອມໃຊ້ງານ
error-unavailable = ຖານຂໍ້ມູນບໍ່ຕອບສະໜອງ. ກະລຸນາລອງໃໝ່ອີກຄັ້ງໃນອີກບໍ່ດົນ.
error-internal-title = ຂໍ້ຜິດພາດພາຍໃນ
error-internal = ເກີດຂໍ້ຜິດພາດທີ່ບໍ່ຄາດຄິດ. ຂໍ້ຜິດພາດນີ້ໄດ້ຖືກບັນທຶກໄວ້ແລ້ວ; ກະລຸນາແຈ້ງລະຫັດຄຳຮ້ອງຂໍ ຖ້າທ່ານຕິດຕໍ່ຝ່າຍຊ່ວຍເຫຼືອ.
error-duplicate = ຄ່ານີ້ຖືກໃຊ້ແລ້ວ.
error-city-code = ລະຫັດນະຄອນບໍ່ຖືກຕ້ອງ: ຕົວອັກສອນປະເທດສອງຕົວ, ເຄື່ອງໝາຍຂີດ (-) ໜຶ່ງອັນ ແລະ ຕົວອັກສອນສາມຕົວ (ຕົວຢ່າງ KH-PNH).
error-country = ປະເທດບໍ່ຮູ້ຈັກ: ກະລຸນາໃຊ້ KH, LA ຫຼື VN.
error-throttled-title = ພະຍາຍາມຫຼາຍເທື່ອເກີນໄປ
error-throttled = ການພະຍາຍາມເຂົ້າສູ່ລະບົບລົ້ມເຫຼວຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າສິບຫ້ານາທີ ກ່ອນລອງໃໝ່ອີກຄັ້ງ.
error-sign-in = ທີ່ຢູ່ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.
error-email = ທີ່ຢູ່ອີເມວບໍ່ຖືກຕ້ອງ.
error-password-short = ລະຫັດຜ່ານຕ້ອງມີຢ່າງໜ້ອຍ 12 ຕົວອັກສອນ.
error-password-weak = ລະຫັດຜ່ານນີ້ເດົາງ່າຍເກີນໄປ: ກະລຸນາເຮັດໃຫ້ຍາວຂຶ້ນ ຫຼື ປະສົມຄຳສັບທີ່ບໍ່ກ່ຽວຂ້ອງກັນ.
error-password-mismatch = ລະຫັດຜ່ານທັງສອງບໍ່ຄືກັນ.
error-current-password = ລະຫັດຜ່ານປັດຈຸບັນບໍ່ຖືກຕ້ອງ.
error-link-expired = ລິ້ງນີ້ໃຊ້ບໍ່ໄດ້ອີກແລ້ວ: ມັນໄດ້ຖືກໃຊ້ແລ້ວ ຫຼື ມີອາຍຸເກີນ 24 ຊົ່ວໂມງ.
error-display-name = ກະລຸນາໃສ່ຊື່ (ບໍ່ເກີນ 120 ຕົວອັກສອນ).
error-language = ກະລຸນາເລືອກໜຶ່ງໃນຫ້າພາສາ.
error-time-zone = ເຂດເວລາບໍ່ຮູ້ຈັກ: ກະລຸນາໃຊ້ຊື່ເຊັ່ນ Asia/Phnom_Penh.
error-role = ບົດບາດບໍ່ຮູ້ຈັກ.
error-scope-required = ບົດບາດນີ້ຕ້ອງຈຳກັດຢູ່ໃນນະຄອນໃດໜຶ່ງ (ລະຫັດເຊັ່ນ KH-PNH), ອົງການໃດໜຶ່ງ ຫຼື ການເປີດຮັບຂໍ້ສະເໜີໃດໜຶ່ງ (ລະຫັດລະບຸ).
error-scope-not-allowed = ບົດບາດນີ້ບໍ່ຈຳກັດຢູ່ໃນຂອບເຂດໃດ: ກະລຸນາປ່ອຍຊ່ອງນີ້ໃຫ້ຫວ່າງ.
error-own-admin-role = ທ່ານບໍ່ສາມາດຖອນບົດບາດຜູ້ບໍລິຫານລະບົບຂອງຕົນເອງໄດ້.
error-deactivate-self = ທ່ານບໍ່ສາມາດປິດການນຳໃຊ້ບັນຊີຂອງຕົນເອງໄດ້.
error-token-name = ກະລຸນາຕັ້ງຊື່ໃຫ້ໂທເຄັນ ບໍ່ເກີນ 80 ຕົວອັກສອນ.
error-token-grants = ກະລຸນາເລືອກຢ່າງໜ້ອຍໜຶ່ງບົດບາດຂອງທ່ານສຳລັບໂທເຄັນນີ້.
error-valid-days = ກະລຸນາໃສ່ຈຳນວນມື້ທີ່ເປັນຈຳນວນບວກ ຫຼື ປ່ອຍໃຫ້ຫວ່າງ.
error-audit-filter = ຕົວກອງບໍ່ຖືກຕ້ອງ: ວັນທີຕ້ອງຢູ່ໃນຮູບແບບ YYYY-MM-DD (ປີ-ເດືອນ-ວັນ), ຜູ້ໃຊ້ຕ້ອງລະບຸດ້ວຍລະຫັດລະບຸຂອງເຂົາເຈົ້າ.

## Page shell (accounts)
shell-user-menu = ບັນຊີຂອງທ່ານ
nav-users = ຜູ້ໃຊ້
nav-audit = ບັນທຶກການກວດສອບ
nav-outbox = ອີເມວທີ່ສົ່ງແລ້ວ
sign-in-title = ເຂົ້າສູ່ລະບົບ
sign-in-button = ເຂົ້າສູ່ລະບົບ
sign-in-forgot = ລືມລະຫັດຜ່ານບໍ?
sign-out-button = ອອກຈາກລະບົບ
save-button = ບັນທຶກ
filter-button = ກອງ
never = ບໍ່ເຄີຍ

## Fields
field-email = ທີ່ຢູ່ອີເມວ
field-password = ລະຫັດຜ່ານ
field-current-password = ລະຫັດຜ່ານປັດຈຸບັນ
field-new-password = ລະຫັດຜ່ານໃໝ່
field-confirm-password = ຢືນຢັນລະຫັດຜ່ານໃໝ່
field-display-name = ຊື່
field-language = ພາສາ
field-time-zone = ເຂດເວລາ
field-role = ບົດບາດ
field-scope = ຂອບເຂດ
field-token-name = ຊື່ໂທເຄັນ
field-valid-days = ໄລຍະທີ່ໃຊ້ໄດ້ (ເປັນມື້; ປ່ອຍຫວ່າງ: ບໍ່ມີກຳນົດ)
password-rules = ຢ່າງໜ້ອຍ 12 ຕົວອັກສອນ ແລະ ເດົາຍາກ: ປະໂຫຍກທີ່ມີຫຼາຍຄຳແມ່ນເໝາະສົມດີ.
time-zone-hint = ຕົວຢ່າງ:
scope-hint = ສຳລັບຈຸດປະສານງານ, ໃຫ້ໃສ່ລະຫັດນະຄອນ (KH-PNH); ສຳລັບຄູ່ຮ່ວມມື ຫຼື ຜູ້ປະເມີນ, ໃຫ້ໃສ່ລະຫັດລະບຸຂອງອົງການ ຫຼື ຂອງການເປີດຮັບຂໍ້ສະເໜີ. ປ່ອຍຫວ່າງສຳລັບບົດບາດອື່ນ.

## Flash messages
flash-signed-in = ທ່ານໄດ້ເຂົ້າສູ່ລະບົບແລ້ວ.
flash-signed-out = ທ່ານໄດ້ອອກຈາກລະບົບແລ້ວ.
flash-signed-out-everywhere = ເຊດຊັນທັງໝົດຂອງທ່ານໄດ້ຖືກປິດແລ້ວ.
flash-settings-saved = ການຕັ້ງຄ່າຂອງທ່ານໄດ້ຖືກບັນທຶກແລ້ວ.
flash-password-changed = ລະຫັດຜ່ານຂອງທ່ານໄດ້ຖືກປ່ຽນແລ້ວ.
flash-password-set = ລະຫັດຜ່ານຂອງທ່ານໄດ້ຖືກບັນທຶກແລ້ວ. ດຽວນີ້ທ່ານສາມາດເຂົ້າສູ່ລະບົບໄດ້.
flash-token-revoked = ໂທເຄັນໄດ້ຖືກຍົກເລີກແລ້ວ.
flash-user-invited = ຄຳເຊີນໄດ້ຖືກສົ່ງແລ້ວ.
flash-role-granted = ບົດບາດໄດ້ຖືກມອບໃຫ້ແລ້ວ.
flash-role-withdrawn = ບົດບາດໄດ້ຖືກຖອນແລ້ວ.
flash-user-deactivated = ບັນຊີໄດ້ຖືກປິດການນຳໃຊ້ ແລະ ເຊດຊັນຂອງບັນຊີນີ້ໄດ້ຖືກປິດແລ້ວ.
flash-user-reactivated = ບັນຊີໄດ້ຖືກເປີດການນຳໃຊ້ຄືນແລ້ວ.

## Passwords by email
forgot-title = ລືມລະຫັດຜ່ານ
forgot-intro = ກະລຸນາໃສ່ທີ່ຢູ່ອີເມວຂອງທ່ານ: ຖ້າມີບັນຊີໃຊ້ທີ່ຢູ່ນີ້, ທ່ານຈະໄດ້ຮັບລິ້ງເພື່ອເລືອກລະຫັດຜ່ານໃໝ່.
forgot-button = ສົ່ງລິ້ງ
forgot-sent = ຖ້າມີບັນຊີໃຊ້ທີ່ຢູ່ນີ້, ລິ້ງໄດ້ຖືກສົ່ງໄປຫາທີ່ຢູ່ນັ້ນແລ້ວ. ລິ້ງນີ້ໃຊ້ໄດ້ 24 ຊົ່ວໂມງ.
accept-title = ຮັບຄຳເຊີນ
reset-title = ເລືອກລະຫັດຜ່ານໃໝ່
set-password-button = ບັນທຶກລະຫັດຜ່ານ

## Account
account-title = ບັນຊີຂອງຂ້ອຍ
account-settings = ການຕັ້ງຄ່າ
account-password = ລະຫັດຜ່ານ
account-sessions = ເຊດຊັນທີ່ເປີດຢູ່
account-download-data = ດາວໂຫຼດຂໍ້ມູນຂອງຂ້ອຍ (JSON)
change-password-button = ປ່ຽນລະຫັດຜ່ານ
sign-out-everywhere-button = ອອກຈາກລະບົບທຸກເຊດຊັນ
session-started = ເລີ່ມເມື່ອ
session-last-seen = ເຄື່ອນໄຫວຫຼ້າສຸດ
session-device = ໂປຣແກຣມທ່ອງເວັບ
session-address = ທີ່ຢູ່
sessions-none = ບໍ່ມີເຊດຊັນທີ່ເປີດຢູ່.
conflict-compare = ການປ່ຽນແປງຂອງທ່ານ ແລະ ສະບັບທີ່ບັນທຶກໄວ້
conflict-yours = ສິ່ງທີ່ທ່ານປ້ອນເຂົ້າ
conflict-saved = ບັນທຶກໄວ້ໃນລະຫວ່າງນັ້ນ
conflict-resubmit = ກະລຸນາກວດສອບ, ຈາກນັ້ນບັນທຶກອີກຄັ້ງເພື່ອແທນທີ່ສະບັບທີ່ບັນທຶກໄວ້.

## API tokens
tokens-title = ໂທເຄັນ API
tokens-intro = ໂທເຄັນອະນຸຍາດໃຫ້ຊອບແວອື່ນໃຊ້ API ແທນທ່ານ, ໂດຍມີພຽງແຕ່ບົດບາດທີ່ທ່ານມອບໃຫ້ເທົ່ານັ້ນ.
tokens-shown-once = ກະລຸນາສຳເນົາໂທເຄັນນີ້ດຽວນີ້: ມັນຈະບໍ່ຖືກສະແດງອີກເລີຍ.
tokens-rights = ສິດ
tokens-created = ສ້າງເມື່ອ
tokens-expires = ໝົດອາຍຸ
tokens-last-used = ໃຊ້ຫຼ້າສຸດ
tokens-revoked = ຍົກເລີກແລ້ວ
tokens-revoke = ຍົກເລີກ
tokens-new = ໂທເຄັນໃໝ່
tokens-create = ສ້າງໂທເຄັນ

## Users (administration)
users-title = ຜູ້ໃຊ້
users-roles = ບົດບາດ
users-status = ສະຖານະ
users-active = ໃຊ້ງານຢູ່
users-invited = ໄດ້ຮັບເຊີນ
users-deactivated = ປິດການນຳໃຊ້ແລ້ວ
users-deactivate = ປິດການນຳໃຊ້ບັນຊີ
users-reactivate = ເປີດການນຳໃຊ້ບັນຊີຄືນ
users-grant = ມອບບົດບາດ
users-withdraw = ຖອນ
invite-title = ເຊີນຜູ້ໃຊ້
invite-intro = ຜູ້ຖືກເຊີນຈະໄດ້ຮັບອີເມວເປັນພາສາຂອງເຂົາເຈົ້າ ພ້ອມລິ້ງທີ່ໃຊ້ໄດ້ 24 ຊົ່ວໂມງ ເພື່ອເລືອກລະຫັດຜ່ານ.
invite-button = ສົ່ງຄຳເຊີນ
role-admin = ຜູ້ບໍລິຫານລະບົບ
role-secretariat = ກອງເລຂາ AIMF
role-coordinator = ຜູ້ປະສານງານເຄືອຂ່າຍ
role-city-focal-point = ຈຸດປະສານງານຂອງນະຄອນ
role-partner = ຄູ່ຮ່ວມມື
role-evaluator = ຜູ້ປະເມີນ
role-applicant = ຜູ້ສະໝັກ

## Audit trail
audit-title = ບັນທຶກການກວດສອບ
history-title = ປະຫວັດ
city-facts = ຂໍ້ມູນ
city-sections = ພາກສ່ວນຂອງໜ້ານະຄອນ
audit-when = ເວລາ
audit-who = ຜູ້ດຳເນີນການ
audit-what = ການດຳເນີນການ
audit-changes = ການປ່ຽນແປງ
audit-none = ບໍ່ມີລາຍການ.
audit-entity-type = ປະເພດບັນທຶກ
audit-entity-id = ລະຫັດລະບຸ
audit-user = ຜູ້ໃຊ້ (ລະຫັດລະບຸ)
audit-from = ແຕ່
audit-until = ຈົນເຖິງ
audit-city-created = ເພີ່ມນະຄອນແລ້ວ
audit-user-invited = ເຊີນຜູ້ໃຊ້ແລ້ວ
audit-user-signed-in = ເຂົ້າສູ່ລະບົບ
audit-user-signed-out-everywhere = ອອກຈາກລະບົບທຸກເຊດຊັນ
audit-user-invitation-accepted = ຮັບຄຳເຊີນແລ້ວ
audit-user-password-reset = ຕັ້ງລະຫັດຜ່ານໃໝ່ແລ້ວ
audit-user-password-changed = ປ່ຽນລະຫັດຜ່ານແລ້ວ
audit-user-settings-changed = ປ່ຽນການຕັ້ງຄ່າແລ້ວ
audit-user-role-granted = ມອບບົດບາດແລ້ວ
audit-user-role-withdrawn = ຖອນບົດບາດແລ້ວ
audit-user-deactivated = ປິດການນຳໃຊ້ບັນຊີແລ້ວ
audit-user-reactivated = ເປີດການນຳໃຊ້ບັນຊີຄືນແລ້ວ
audit-api-token-created = ສ້າງໂທເຄັນ API ແລ້ວ
audit-api-token-revoked = ຍົກເລີກໂທເຄັນ API ແລ້ວ

## Outbox
outbox-title = ອີເມວທີ່ສົ່ງແລ້ວ
outbox-intro = ເມື່ອບໍ່ໄດ້ຕັ້ງຄ່າເຊີບເວີ SMTP, ອີເມວຈະຖືກເກັບໄວ້ທີ່ນີ້ (ແລະ ໃນໂຟນເດີ outbox ຂອງບ່ອນເກັບຂໍ້ມູນ) ແທນການສົ່ງອອກ.
outbox-when = ເວລາ
outbox-to = ຜູ້ຮັບ
outbox-subject = ຫົວຂໍ້
outbox-empty = ບໍ່ມີອີເມວ.
email-status-queued = ລໍຖ້າສົ່ງ
email-status-sent = ສົ່ງແລ້ວ
email-status-failed = ລົ້ມເຫຼວ

## Emails
email-greeting = ສະບາຍດີ { $name },
email-invitation-subject = ຄຳເຊີນເຂົ້າຮ່ວມ Mekong
email-invitation-body = { $inviter } ຂໍເຊີນທ່ານເຂົ້າຮ່ວມ Mekong, ແພລດຟອມຂອງເຄືອຂ່າຍ AIMF ຂອງບັນດານະຄອນໃນອາຊີຕາເວັນອອກສຽງໃຕ້. ກະລຸນາກົດລິ້ງຂ້າງລຸ່ມນີ້ເພື່ອເລືອກລະຫັດຜ່ານຂອງທ່ານ.
email-reset-subject = ເລືອກລະຫັດຜ່ານ Mekong ໃໝ່
email-reset-body = ມີການຮ້ອງຂໍລະຫັດຜ່ານໃໝ່ສຳລັບບັນຊີ Mekong ຂອງທ່ານ. ຖ້າທ່ານບໍ່ໄດ້ຮ້ອງຂໍ, ກະລຸນາບໍ່ຕ້ອງສົນໃຈຂໍ້ຄວາມນີ້.
email-link-expiry = ລິ້ງນີ້ໃຊ້ໄດ້ { $hours } ຊົ່ວໂມງ ແລະ ໃຊ້ໄດ້ພຽງຄັ້ງດຽວເທົ່ານັ້ນ.
