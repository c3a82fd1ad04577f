## Page shell
site-name = Mekong
shell-skip-to-content = Aller au contenu
shell-languages = Langues
shell-main-navigation = Navigation principale
shell-breadcrumb = Fil d’Ariane
shell-funder-statement = Avec le soutien financier de l’Union européenne (partenariat stratégique AIMF – UE, SGA4).
shell-footer-network = Réseau AIMF des villes d’Asie du Sud-Est
shell-api = API ouverte
nav-home = Accueil
nav-cities = Villes membres
flash-language-changed = Langue modifiée.

## Home
home-title = Le réseau des villes d’Asie du Sud-Est
home-lead = Mekong rassemble le travail du réseau AIMF des villes du Cambodge, du Laos et du Viêt Nam : villes membres, rencontres, projets, résultats et rapports.
home-member-cities = Villes membres
home-countries = Pays
home-see-cities = Voir les villes membres

## Member cities
cities-title = Villes membres
cities-intro = Les collectivités locales membres de l’AIMF au Cambodge, au Laos et au Viêt Nam, avec la source de chaque information.
cities-caption = Villes membres du réseau
city-name = Nom
city-local-name = Nom en écriture locale
city-name-fr = Nom en français
city-name-en = Nom en anglais
city-code = Code
city-country = Pays
city-region = Région administrative
city-population = Population
city-population-year = en { $year }
city-coordinates = Coordonnées (latitude, longitude)
city-sources = Sources
city-unknown = Inconnue
city-unverified = adhésion annoncée
city-unverified-explained = L’adhésion de cette collectivité a été annoncée mais aucune source publique ne la confirme encore.
country-KH = Cambodge
country-LA = Laos
country-VN = Viêt Nam

## Errors
error-code-label = Code :
error-request-label = Demande :
error-back-home = Retour à l’accueil
error-not-found-title = Page introuvable
error-not-found = La page demandée n’existe pas ou a été déplacée.
error-unauthenticated-title = Connexion requise
error-unauthenticated = Connectez-vous pour accéder à cette page.
error-forbidden-title = Accès refusé
error-forbidden = Vous n’avez pas les droits nécessaires pour cette action.
error-validation-title = Données invalides
error-validation = Certaines informations saisies sont invalides. Corrigez les champs signalés.
error-conflict-title = Modification concurrente
error-conflict = Cet enregistrement a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert.
error-unavailable-title = Service indisponible
error-unavailable = La base de données ne répond pas. Réessayez dans quelques instants.
error-internal-title = Erreur interne
error-internal = Une erreur inattendue s’est produite. Elle a été enregistrée ; citez le code de la demande si vous contactez le support.
error-duplicate = Cette valeur est déjà utilisée.
error-city-code = Code de ville invalide : deux lettres de pays, un tiret et trois lettres (par exemple KH-PNH).
error-country = Pays inconnu : utilisez KH, LA ou VN.
