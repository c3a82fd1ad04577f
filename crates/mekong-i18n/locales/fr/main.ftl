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
error-throttled-title = Trop de tentatives
error-throttled = Trop de tentatives de connexion ont échoué. Attendez quinze minutes avant de réessayer.
error-sign-in = Adresse électronique ou mot de passe incorrect.
error-email = Adresse électronique invalide.
error-password-short = Le mot de passe doit compter au moins 12 caractères.
error-password-weak = Ce mot de passe est trop facile à deviner : allongez-le ou mélangez des mots sans rapport entre eux.
error-password-mismatch = Les deux mots de passe ne sont pas identiques.
error-current-password = Le mot de passe actuel est incorrect.
error-link-expired = Ce lien n’est plus valable : il a déjà servi ou date de plus de 24 heures.
error-display-name = Indiquez un nom (120 caractères au plus).
error-language = Choisissez l’une des cinq langues.
error-time-zone = Fuseau horaire inconnu : utilisez un nom comme Asia/Phnom_Penh.
error-role = Rôle inconnu.
error-scope-required = Ce rôle doit être limité à une ville (code comme KH-PNH), une organisation ou un appel (identifiant).
error-scope-not-allowed = Ce rôle ne se limite pas à un périmètre : laissez le champ vide.
error-own-admin-role = Vous ne pouvez pas retirer votre propre rôle d’administrateur.
error-deactivate-self = Vous ne pouvez pas désactiver votre propre compte.
error-token-name = Donnez au jeton un nom de 80 caractères au plus.
error-token-grants = Choisissez au moins un de vos rôles pour ce jeton.
error-valid-days = Indiquez un nombre de jours positif, ou laissez vide.
error-audit-filter = Filtre invalide : dates au format AAAA-MM-JJ, utilisateur par son identifiant.

## Page shell (accounts)
shell-user-menu = Votre compte
nav-users = Utilisateurs
nav-audit = Journal d’audit
nav-outbox = Courriels envoyés
sign-in-title = Se connecter
sign-in-button = Se connecter
sign-in-forgot = Mot de passe oublié ?
sign-out-button = Se déconnecter
save-button = Enregistrer
filter-button = Filtrer
never = jamais

## Fields
field-email = Adresse électronique
field-password = Mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-confirm-password = Confirmez le nouveau mot de passe
field-display-name = Nom
field-language = Langue
field-time-zone = Fuseau horaire
field-role = Rôle
field-scope = Périmètre
field-token-name = Nom du jeton
field-valid-days = Validité en jours (vide : sans limite)
password-rules = Au moins 12 caractères, difficile à deviner : une phrase de plusieurs mots convient bien.
time-zone-hint = Par exemple :
scope-hint = Pour un point focal, le code de la ville (KH-PNH) ; pour un partenaire ou un évaluateur, l’identifiant de l’organisation ou de l’appel. Vide pour les autres rôles.

## Flash messages
flash-signed-in = Vous êtes connecté.
flash-signed-out = Vous êtes déconnecté.
flash-signed-out-everywhere = Toutes vos sessions ont été fermées.
flash-settings-saved = Vos réglages sont enregistrés.
flash-password-changed = Votre mot de passe a été changé.
flash-password-set = Votre mot de passe est enregistré. Vous pouvez vous connecter.
flash-token-revoked = Le jeton a été révoqué.
flash-user-invited = L’invitation a été envoyée.
flash-role-granted = Le rôle a été attribué.
flash-role-withdrawn = Le rôle a été retiré.
flash-user-deactivated = Le compte a été désactivé et ses sessions fermées.
flash-user-reactivated = Le compte a été réactivé.

## Passwords by email
forgot-title = Mot de passe oublié
forgot-intro = Indiquez votre adresse : si un compte l’utilise, vous recevrez un lien pour choisir un nouveau mot de passe.
forgot-button = Envoyer le lien
forgot-sent = Si un compte utilise cette adresse, un lien vient d’y être envoyé. Il est valable 24 heures.
accept-title = Accepter l’invitation
reset-title = Choisir un nouveau mot de passe
set-password-button = Enregistrer le mot de passe

## Account
account-title = Mon compte
account-settings = Réglages
account-password = Mot de passe
account-sessions = Sessions ouvertes
account-download-data = Télécharger mes données (JSON)
change-password-button = Changer le mot de passe
sign-out-everywhere-button = Se déconnecter partout
session-started = Ouverte
session-last-seen = Dernière activité
session-device = Navigateur
session-address = Adresse
sessions-none = Aucune session ouverte.
conflict-compare = Vos modifications et la version enregistrée
conflict-yours = Votre saisie
conflict-saved = Enregistré entre-temps
conflict-resubmit = Vérifiez puis enregistrez à nouveau pour remplacer la version enregistrée.

## API tokens
tokens-title = Jetons d’API
tokens-intro = Un jeton permet à un autre logiciel d’utiliser l’API en votre nom, avec les seuls rôles que vous lui donnez.
tokens-shown-once = Copiez ce jeton maintenant : il ne sera plus jamais affiché.
tokens-rights = Droits
tokens-created = Créé
tokens-expires = Expire
tokens-last-used = Dernière utilisation
tokens-revoked = révoqué
tokens-revoke = Révoquer
tokens-new = Nouveau jeton
tokens-create = Créer le jeton

## Users (administration)
users-title = Utilisateurs
users-roles = Rôles
users-status = État
users-active = actif
users-invited = invité
users-deactivated = désactivé
users-deactivate = Désactiver le compte
users-reactivate = Réactiver le compte
users-grant = Attribuer le rôle
users-withdraw = Retirer
invite-title = Inviter un utilisateur
invite-intro = La personne reçoit un courriel dans sa langue avec un lien, valable 24 heures, pour choisir son mot de passe.
invite-button = Envoyer l’invitation
role-admin = Administrateur
role-secretariat = Secrétariat de l’AIMF
role-coordinator = Coordination du réseau
role-city-focal-point = Point focal de ville
role-partner = Partenaire
role-evaluator = Évaluateur
role-applicant = Candidat

## Audit trail
audit-title = Journal d’audit
history-title = Historique
city-facts = Fiche
city-sections = Sections de la fiche
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-changes = Modifications
audit-none = Aucune entrée.
audit-entity-type = Type d’enregistrement
audit-entity-id = Identifiant
audit-user = Utilisateur (identifiant)
audit-from = Du
audit-until = Au
audit-city-created = Ville ajoutée
audit-user-invited = Utilisateur invité
audit-user-signed-in = Connexion
audit-user-signed-out-everywhere = Déconnexion de toutes les sessions
audit-user-invitation-accepted = Invitation acceptée
audit-user-password-reset = Mot de passe réinitialisé
audit-user-password-changed = Mot de passe changé
audit-user-settings-changed = Réglages modifiés
audit-user-role-granted = Rôle attribué
audit-user-role-withdrawn = Rôle retiré
audit-user-deactivated = Compte désactivé
audit-user-reactivated = Compte réactivé
audit-api-token-created = Jeton d’API créé
audit-api-token-revoked = Jeton d’API révoqué

## Outbox
outbox-title = Courriels envoyés
outbox-intro = Sans serveur SMTP configuré, les courriels sont déposés ici (et dans le dossier outbox des données) au lieu d’être envoyés.
outbox-when = Quand
outbox-to = Destinataire
outbox-subject = Objet
outbox-empty = Aucun courriel.
email-status-queued = en attente
email-status-sent = envoyé
email-status-failed = échec

## Emails
email-greeting = Bonjour { $name },
email-invitation-subject = Invitation à rejoindre Mekong
email-invitation-body = { $inviter } vous invite à rejoindre Mekong, la plateforme du réseau AIMF des villes d’Asie du Sud-Est. Suivez le lien ci-dessous pour choisir votre mot de passe.
email-reset-subject = Choisir un nouveau mot de passe Mekong
email-reset-body = Une demande de nouveau mot de passe a été faite pour votre compte Mekong. Si elle ne vient pas de vous, ignorez ce message.
email-link-expiry = Ce lien est valable { $hours } heures et ne sert qu’une fois.
