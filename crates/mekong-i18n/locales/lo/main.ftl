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
