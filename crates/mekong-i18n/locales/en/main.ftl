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
