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
