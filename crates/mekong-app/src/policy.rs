//! The one authorisation policy: every (actor, permission, target) question is decided here.
//! Every route names its permission in the route table, so no handler can forget the check,
//! and use cases call `authorise` again for what they touch.

use crate::AppError;
use mekong_core::Lang;
use mekong_core::directory::CityCode;
use mekong_core::documents::Audience;
use mekong_core::identity::{Role, RoleGrant, Scope};
use mekong_core::ids::{CallId, ProgrammeId, TokenId, UserId};

/// The signed-in person behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub language: Lang,
    pub time_zone: String,
}

/// How the actor proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session; holds the hash of the session secret.
    Session(String),
    /// An API token, carrying a subset of its owner's grants.
    Token(TokenId),
    /// An operator at the server's command line (imports, invitations): they hold the machine.
    CommandLine,
}

/// Who is acting: the public, or a user with their grants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<ActingUser>,
    pub grants: Vec<RoleGrant>,
    pub credential: Option<Credential>,
}

impl Actor {
    /// Someone not signed in.
    pub fn public() -> Actor {
        Actor::default()
    }

    /// The operator of the server, running `mekong` commands: an administrator's rights.
    pub fn command_line() -> Actor {
        Actor {
            user: None,
            grants: vec![RoleGrant { role: Role::Admin, scope: None }],
            credential: Some(Credential::CommandLine),
        }
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user.as_ref().map(|u| u.id)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    fn has_scope(&self, role: Role, scope: &Scope) -> bool {
        self.grants.iter().any(|g| g.role == role && g.scope.as_ref() == Some(scope))
    }

    fn signed_in_by_session(&self) -> bool {
        matches!(self.credential, Some(Credential::Session(_))) && self.user.is_some()
    }
}

/// What a route or use case needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Probes, static assets, the language switcher: open to all.
    Infrastructure,
    /// Signing in, password reset, accepting an invitation: open to all.
    SignIn,
    /// The network's public pages and API: the member cities.
    ViewDirectory,
    /// Anything a signed-in user may see about themselves, by session or API token.
    Authenticated,
    /// One's own account: settings, password, tokens, sessions, personal data. Needs a browser
    /// session, so that an API token cannot mint more tokens.
    OwnAccount,
    /// Invite users, grant and withdraw roles, deactivate accounts.
    ManageUsers,
    /// The outgoing mail.
    ViewOutbox,
    /// The whole audit trail.
    ViewAudit,
    /// Re-sealing the audit chain: administrators, in practice at the command line.
    ResealAudit,
    /// Erasing a person's personal data everywhere, the trail included: network staff.
    ErasePerson,
    /// A record's change history (a city's, and its organisation's and people's): network
    /// staff, and the city's own focal points.
    ViewCityHistory,
    /// The people of the directory (names; contact details follow `sees_contacts`).
    ViewPeople,
    /// Creating and editing organisations and people: staff everywhere, focal points for
    /// their own city's records.
    EditDirectory,
    /// The partnership pipeline, mailing lists, imports and exports of people: network staff.
    ManagePartnerships,
    /// The network's announced events, their agendas and participation figures: open to all
    /// (drafts only to those who manage them).
    ViewEvents,
    /// A personal link (an invitation's answer, a calendar feed): open to all, the secret in
    /// the link is the credential and the use case checks it.
    PersonalLink,
    /// Creating and running events, seeing their participants: staff everywhere, a focal point
    /// for the events their city hosts.
    ManageEvents,
    /// The per diem rate table.
    ManagePerDiemRates,
    /// Programmes, logframes, indicators, values and the action plan: anyone signed in.
    ViewResults,
    /// Editing the logframe, periods and action plan; validating values: network staff.
    ManageResults,
    /// Approving a logframe: the AIMF secretariat.
    ApproveLogframe,
    /// Entering a city's indicator values: staff, and that city's focal points.
    EnterValues,
    /// A programme's budget, expenses, rates, their documents and trail: network staff, and
    /// the auditors of that programme.
    ViewFinance,
    /// Entering the budget, expenses, rates and mission orders: the coordinator (and admins).
    ManageFinance,
    /// Approving or returning expenses and mission orders: the AIMF secretariat (and admins).
    ApproveFinance,
    /// Mission orders and reports: staff and auditors; a focal point those to their city.
    ViewMissions,
    /// A programme's reports, their snapshots and the records behind each figure: staff, the
    /// focal points of the network's cities, and the auditors of that programme.
    ViewReports,
    /// Writing a period's narrative, taking snapshots, the visibility settings: the coordinator.
    WriteReports,
    /// Signing a final narrative off: the AIMF secretariat.
    SignOffReports,
    /// Calls for applications: the public list and pages, and the form to apply. Open to all
    /// (what a visitor sees of a call is decided by the use case).
    ViewCalls,
    /// Writing a new call: network staff (who become its first manager).
    CreateCall,
    /// Running a call: its terms, committee, applications and their documents (identity and
    /// medical ones included, each opening recorded), shortlist, interviews and decision: the
    /// call's managers, named per call, and administrators.
    ManageCall,
    /// Reading and scoring a call's applications, never their identity or medical documents:
    /// the call's evaluators (and its managers, who also see the scores).
    EvaluateCall,
    /// Asking the network for technical assistance: a city's focal points for their city, and
    /// those who run assistance on a city's behalf.
    RequestAssistance,
    /// Technical assistance requests: the route lets anyone signed in reach the list (an expert
    /// may hold any role); the use case shows staff all, a focal point their city's, an expert
    /// those assigned to them.
    ViewAssistance,
    /// Triage, assigning the expert, delivery: the coordinator (and admins).
    ManageAssistance,
    /// Follow-up notes and documents: network staff, the assigned expert and the city's focal
    /// points.
    FollowAssistance,
    /// Rating delivered help: the city's focal points.
    RateAssistance,
    /// Funders' opportunities, the matches and the applications: network staff and the cities'
    /// focal points (a focal point sees their own city's applications only, decided by the use
    /// case). Not partners nor the public: the list is the network's working intelligence.
    ViewFunding,
    /// Opportunities (writing, importing) and every city's applications: the coordinator (and admins).
    ManageFunding,
    /// Recording an application to a funder and its outcome: those who manage funding, and a
    /// city's focal points for their city.
    RecordFundingApplication,
    /// Projects of the pipeline: the route lets anyone signed in reach the portfolio; the use
    /// case shows staff all, a focal point their cities', a partner those their organisation is
    /// a partner of, and an owner theirs.
    ViewProjects,
    /// Proposing a project and working on it up to its submission (fields, documents, stage
    /// moves, asking for the secretariat's approval): the coordinator (and admins), and the focal
    /// points of one of the project's cities.
    ProposeProjects,
    /// Running the pipeline past the submission (the funder's answer, implementation, closure)
    /// and linking monitoring missions: the coordinator (and admins).
    ManageProjects,
    /// Approving a project's submission to a funder, or sending it back: the AIMF secretariat.
    ApproveProjects,
    /// Writing good practices and seeing them before they are published: network staff, and
    /// a city's focal points for their own city's.
    WritePractices,
    /// Reviewing and publishing a practice's language versions: the coordinator (and admins).
    ReviewPractices,
    /// Writing and publishing news posts: the coordinator (and admins).
    ManageNews,
    /// The documents library: the route is open to all; each document's audience decides who
    /// reads it (`reads_document`).
    ViewDocuments,
    /// Adding documents and their new versions: network staff, and focal points for documents
    /// of their own cities.
    AddDocuments,
    /// The network's published positions and their briefs: open to all (drafts to staff).
    ViewAdvocacy,
    /// Writing and publishing positions: the coordinator (and admins).
    ManageAdvocacy,
}

/// What a permission is asked about, when it depends on the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Nothing,
    City(CityCode),
    /// A directory record, with the cities it belongs to (none for a partner organisation).
    Record(Vec<CityCode>),
    /// A programme's money.
    Programme(ProgrammeId),
    /// A call for applications, whose committee is named per call.
    Call(CallId),
    /// A technical assistance request: its city, and the account of the expert assigned.
    Assistance {
        city: CityCode,
        expert: Option<UserId>,
    },
    /// A project: its cities, its partner organisations and the account that carries it.
    Project {
        cities: Vec<CityCode>,
        partners: Vec<uuid::Uuid>,
        owner: Option<UserId>,
    },
}

/// The people who run the network: they see and edit the whole directory.
const STAFF: [Role; 3] = [Role::Admin, Role::Secretariat, Role::Coordinator];

impl Actor {
    /// The cities this actor is focal point of.
    pub fn focal_cities(&self) -> Vec<CityCode> {
        self.grants
            .iter()
            .filter(|g| g.role == Role::CityFocalPoint)
            .filter_map(|g| match &g.scope {
                Some(Scope::City(code)) => Some(code.clone()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn is_staff(&self) -> bool {
        self.has_any(&STAFF)
    }

    /// The organisations this actor is a partner for.
    pub fn partner_organisations(&self) -> Vec<uuid::Uuid> {
        self.grants
            .iter()
            .filter(|g| g.role == Role::Partner)
            .filter_map(|g| match &g.scope {
                Some(Scope::Organisation(id)) => Some(*id),
                _ => None,
            })
            .collect()
    }
}

/// Those who run the project pipeline.
const PROJECT_MANAGERS: [Role; 2] = [Role::Admin, Role::Coordinator];

/// Whether `actor` may read the contact details of a person tied to `cities` who did or did not
/// agree to share them with partners.
pub fn sees_contacts(actor: &Actor, cities: &[CityCode], shared_with_partners: bool) -> bool {
    actor.is_staff()
        || actor.focal_cities().iter().any(|c| cities.contains(c))
        || (shared_with_partners && actor.has_role(Role::Partner))
}

/// Those who run technical assistance: triage, experts, delivery.
const ASSISTANCE_MANAGERS: [Role; 2] = [Role::Admin, Role::Coordinator];

/// Those who run funding: opportunities, imports, every city's applications.
const FUNDING_MANAGERS: [Role; 2] = [Role::Admin, Role::Coordinator];

/// Whether `actor` is the expert assigned (by their account).
fn is_expert(actor: &Actor, expert: Option<UserId>) -> bool {
    expert.is_some_and(|expert| actor.user_id() == Some(expert))
}

/// Whether `actor` finds a person of `cities` in search results: the directory's readers, except
/// that a partner finds only those who agreed to share their details with partners.
pub fn finds_person(actor: &Actor, cities: &[CityCode], shared_with_partners: bool) -> bool {
    actor.has_role(Role::CityFocalPoint) || sees_contacts(actor, cities, shared_with_partners)
}

/// Whether `actor` reads a library document for `audience` naming `cities`: a public one anyone;
/// a network one naming no city anyone signed in, one naming cities those cities' focal points;
/// network staff every one. (`store::documents::LibraryReader` says the same in SQL for lists.)
pub fn reads_document(actor: &Actor, audience: Audience, cities: &[CityCode]) -> bool {
    match audience {
        _ if actor.is_staff() => true,
        Audience::Public => true,
        Audience::Network => {
            actor.user.is_some() && (cities.is_empty() || actor.focal_cities().iter().any(|c| cities.contains(c)))
        }
        Audience::Staff => false,
    }
}

/// Decides whether `actor` may do what `permission` covers on `target`.
pub fn authorise(actor: &Actor, permission: Permission, target: &Target) -> Result<(), AppError> {
    use Permission::*;
    let allowed = match permission {
        Infrastructure | SignIn | ViewDirectory | ViewEvents | PersonalLink => return Ok(()),
        Authenticated => actor.user.is_some(),
        OwnAccount => actor.signed_in_by_session(),
        ManageUsers | ViewOutbox | ResealAudit => actor.has_role(Role::Admin),
        ViewAudit => actor.has_any(&[Role::Admin, Role::Secretariat]),
        ViewCityHistory => {
            actor.is_staff()
                || match target {
                    Target::City(code) => actor.has_scope(Role::CityFocalPoint, &Scope::City(code.clone())),
                    Target::Record(cities) => actor.focal_cities().iter().any(|c| cities.contains(c)),
                    Target::Nothing
                    | Target::Programme(_)
                    | Target::Call(_)
                    | Target::Assistance { .. }
                    | Target::Project { .. } => false,
                }
        }
        ViewPeople => {
            actor.has_any(&[Role::Admin, Role::Secretariat, Role::Coordinator, Role::CityFocalPoint, Role::Partner])
        }
        // A focal point's own city: its records, and the events it hosts.
        EditDirectory | ManageEvents | EnterValues => match target {
            _ if actor.is_staff() => true,
            Target::Nothing => actor.has_role(Role::CityFocalPoint),
            Target::City(code) => actor.focal_cities().contains(code),
            Target::Record(cities) => actor.focal_cities().iter().any(|c| cities.contains(c)),
            Target::Programme(_) | Target::Call(_) | Target::Assistance { .. } | Target::Project { .. } => false,
        },
        ManagePartnerships | ErasePerson => actor.is_staff(),
        ManagePerDiemRates => actor.has_role(Role::Admin),
        // The command line holds staff rights without an account of its own.
        ViewResults => actor.user.is_some() || actor.is_staff(),
        ManageResults => actor.is_staff(),
        ApproveLogframe => actor.has_any(&[Role::Admin, Role::Secretariat]),
        // The route lets any auditor in; the use case asks again about the programme.
        ViewFinance => {
            actor.is_staff()
                || match target {
                    Target::Programme(id) => actor.has_scope(Role::Auditor, &Scope::Programme(id.0)),
                    _ => actor.has_role(Role::Auditor),
                }
        }
        ManageFinance => actor.has_any(&[Role::Admin, Role::Coordinator]),
        ApproveFinance => actor.has_any(&[Role::Admin, Role::Secretariat]),
        ViewMissions => match target {
            _ if actor.is_staff() => true,
            Target::Programme(id) => actor.has_scope(Role::Auditor, &Scope::Programme(id.0)),
            Target::Record(cities) => actor.focal_cities().iter().any(|c| cities.contains(c)),
            _ => actor.has_any(&[Role::CityFocalPoint, Role::Auditor]),
        },
        ViewReports => match target {
            _ if actor.is_staff() || actor.has_role(Role::CityFocalPoint) => true,
            Target::Programme(id) => actor.has_scope(Role::Auditor, &Scope::Programme(id.0)),
            _ => actor.has_role(Role::Auditor),
        },
        WriteReports => actor.has_any(&[Role::Admin, Role::Coordinator]),
        SignOffReports => actor.has_any(&[Role::Admin, Role::Secretariat]),
        ViewCalls => true,
        CreateCall => actor.is_staff(),
        // A call's committee: per-call grants, never a role over every call.
        ManageCall => {
            actor.has_role(Role::Admin)
                || match target {
                    Target::Call(id) => actor.has_scope(Role::CallManager, &Scope::Call(id.0)),
                    _ => actor.has_role(Role::CallManager),
                }
        }
        EvaluateCall => {
            actor.has_role(Role::Admin)
                || match target {
                    Target::Call(id) => {
                        actor.has_scope(Role::Evaluator, &Scope::Call(id.0))
                            || actor.has_scope(Role::CallManager, &Scope::Call(id.0))
                    }
                    _ => actor.has_any(&[Role::Evaluator, Role::CallManager]),
                }
        }
        RequestAssistance => match target {
            _ if actor.has_any(&ASSISTANCE_MANAGERS) => true,
            Target::City(code) => actor.focal_cities().contains(code),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        // Following a request (notes, documents) is open to whoever sees it.
        ViewAssistance | FollowAssistance => match target {
            Target::Assistance { city, expert } => {
                actor.is_staff() || actor.focal_cities().contains(city) || is_expert(actor, *expert)
            }
            _ => actor.user.is_some() || actor.is_staff(),
        },
        ManageAssistance => actor.has_any(&ASSISTANCE_MANAGERS),
        RateAssistance => match target {
            Target::Assistance { city, .. } => actor.focal_cities().contains(city),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        ViewFunding => actor.is_staff() || actor.has_role(Role::CityFocalPoint),
        ManageFunding => actor.has_any(&FUNDING_MANAGERS),
        RecordFundingApplication => match target {
            _ if actor.has_any(&FUNDING_MANAGERS) => true,
            Target::City(code) => actor.focal_cities().contains(code),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        ViewProjects => match target {
            Target::Project { cities, partners, owner } => {
                actor.is_staff()
                    || actor.focal_cities().iter().any(|c| cities.contains(c))
                    || actor.partner_organisations().iter().any(|o| partners.contains(o))
                    || owner.is_some_and(|owner| actor.user_id() == Some(owner))
            }
            _ => actor.user.is_some() || actor.is_staff(),
        },
        ProposeProjects => match target {
            _ if actor.has_any(&PROJECT_MANAGERS) => true,
            Target::Project { cities, .. } => actor.focal_cities().iter().any(|c| cities.contains(c)),
            Target::City(code) => actor.focal_cities().contains(code),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        ManageProjects => actor.has_any(&PROJECT_MANAGERS),
        ApproveProjects => actor.has_any(&[Role::Admin, Role::Secretariat]),
        WritePractices => match target {
            _ if actor.is_staff() => true,
            Target::City(code) => actor.focal_cities().contains(code),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        ReviewPractices | ManageNews => actor.has_any(&[Role::Admin, Role::Coordinator]),
        ViewDocuments | ViewAdvocacy => true,
        // A focal point's document names only their own cities, and at least one.
        AddDocuments => match target {
            _ if actor.is_staff() => true,
            Target::Record(cities) => !cities.is_empty() && cities.iter().all(|c| actor.focal_cities().contains(c)),
            _ => actor.has_role(Role::CityFocalPoint),
        },
        ManageAdvocacy => actor.has_any(&[Role::Admin, Role::Coordinator]),
    };
    let identified = actor.user.is_some() || actor.credential == Some(Credential::CommandLine);
    match (allowed, identified) {
        (true, _) => Ok(()),
        (false, true) => Err(AppError::Forbidden),
        (false, false) => Err(AppError::Unauthenticated),
    }
}

/// The target a route's path names, read from its parameters (`{code}` is a city).
pub fn route_target(params: &[(String, String)]) -> Target {
    // `{call}` is a call for applications.
    if let Some(call) = params.iter().find(|(name, _)| name == "call").and_then(|(_, v)| uuid::Uuid::parse_str(v).ok())
    {
        return Target::Call(CallId(call));
    }
    params
        .iter()
        .find(|(name, _)| name == "code")
        .and_then(|(_, value)| CityCode::parse(value).ok())
        .map_or(Target::Nothing, Target::City)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(grants: Vec<RoleGrant>) -> Actor {
        Actor {
            user: Some(ActingUser {
                id: UserId::new(),
                email: "a@b.example".into(),
                display_name: "A".into(),
                language: Lang::Fr,
                time_zone: "Asia/Phnom_Penh".into(),
            }),
            grants,
            credential: Some(Credential::Session("x".into())),
        }
    }

    #[test]
    fn projects_are_seen_by_their_cities_and_partners_proposed_by_their_cities_approved_by_the_secretariat()
    -> Result<(), AppError> {
        let vientiane = CityCode::parse("LA-VTE")?;
        let university = uuid::Uuid::now_v7();
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(vientiane.clone())))?]);
        let other_focal =
            actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(CityCode::parse("VN-HUI")?)))?]);
        let partner = actor(vec![RoleGrant::new(Role::Partner, Some(Scope::Organisation(university)))?]);
        let other_partner =
            actor(vec![RoleGrant::new(Role::Partner, Some(Scope::Organisation(uuid::Uuid::now_v7())))?]);
        let coordinator = actor(vec![RoleGrant::new(Role::Coordinator, None)?]);
        let secretariat = actor(vec![RoleGrant::new(Role::Secretariat, None)?]);
        let project = Target::Project { cities: vec![vientiane], partners: vec![university], owner: None };
        for reader in [&focal, &partner, &coordinator, &secretariat] {
            assert!(authorise(reader, Permission::ViewProjects, &project).is_ok());
        }
        for stranger in [&other_focal, &other_partner] {
            assert!(authorise(stranger, Permission::ViewProjects, &project).is_err());
        }
        assert!(authorise(&focal, Permission::ProposeProjects, &project).is_ok());
        for not_proposing in [&other_focal, &partner, &secretariat] {
            assert!(authorise(not_proposing, Permission::ProposeProjects, &project).is_err());
        }
        assert!(authorise(&secretariat, Permission::ApproveProjects, &project).is_ok());
        for not_approving in [&focal, &coordinator] {
            assert!(authorise(not_approving, Permission::ApproveProjects, &project).is_err());
        }
        assert!(authorise(&focal, Permission::ManageProjects, &project).is_err());
        Ok(())
    }

    #[test]
    fn focal_points_see_only_their_own_citys_history() -> Result<(), AppError> {
        let phnom_penh = CityCode::parse("KH-PNH")?;
        let hue = CityCode::parse("VN-HUI")?;
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(phnom_penh.clone())))?]);
        assert!(authorise(&focal, Permission::ViewCityHistory, &Target::City(phnom_penh)).is_ok());
        assert!(matches!(authorise(&focal, Permission::ViewCityHistory, &Target::City(hue)), Err(AppError::Forbidden)));
        Ok(())
    }

    #[test]
    fn an_auditor_reads_only_their_programmes_money_and_changes_nothing() -> Result<(), AppError> {
        let audited = ProgrammeId::new();
        let auditor = actor(vec![RoleGrant::new(Role::Auditor, Some(Scope::Programme(audited.0)))?]);
        assert!(authorise(&auditor, Permission::ViewFinance, &Target::Programme(audited)).is_ok());
        assert!(authorise(&auditor, Permission::ViewFinance, &Target::Programme(ProgrammeId::new())).is_err());
        for change in [Permission::ManageFinance, Permission::ApproveFinance, Permission::ManageResults] {
            assert!(authorise(&auditor, change, &Target::Programme(audited)).is_err(), "{change:?}");
        }
        Ok(())
    }

    #[test]
    fn focal_points_see_the_missions_to_their_city_only() -> Result<(), AppError> {
        let phnom_penh = CityCode::parse("KH-PNH")?;
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(phnom_penh.clone())))?]);
        assert!(authorise(&focal, Permission::ViewMissions, &Target::Record(vec![phnom_penh])).is_ok());
        assert!(
            authorise(&focal, Permission::ViewMissions, &Target::Record(vec![CityCode::parse("LA-VTE")?])).is_err()
        );
        assert!(authorise(&focal, Permission::ViewFinance, &Target::Nothing).is_err());
        Ok(())
    }

    #[test]
    fn the_coordinator_writes_reports_the_secretariat_signs_them_off_and_others_read() -> Result<(), AppError> {
        let programme = ProgrammeId::new();
        let coordinator = actor(vec![RoleGrant::new(Role::Coordinator, None)?]);
        let secretariat = actor(vec![RoleGrant::new(Role::Secretariat, None)?]);
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(CityCode::parse("KH-PNH")?)))?]);
        let auditor = actor(vec![RoleGrant::new(Role::Auditor, Some(Scope::Programme(programme.0)))?]);
        let target = Target::Programme(programme);
        assert!(authorise(&coordinator, Permission::WriteReports, &target).is_ok());
        assert!(authorise(&coordinator, Permission::SignOffReports, &target).is_err());
        assert!(authorise(&secretariat, Permission::SignOffReports, &target).is_ok());
        assert!(authorise(&secretariat, Permission::WriteReports, &target).is_err());
        for reader in [&focal, &auditor] {
            assert!(authorise(reader, Permission::ViewReports, &target).is_ok());
            assert!(authorise(reader, Permission::WriteReports, &target).is_err());
        }
        assert!(authorise(&auditor, Permission::ViewReports, &Target::Programme(ProgrammeId::new())).is_err());
        assert!(
            authorise(&actor(vec![RoleGrant::new(Role::Applicant, None)?]), Permission::ViewReports, &target).is_err()
        );
        Ok(())
    }

    #[test]
    fn a_calls_committee_is_named_per_call() -> Result<(), AppError> {
        let (ours, other) = (CallId::new(), CallId::new());
        let manager = actor(vec![RoleGrant::new(Role::CallManager, Some(Scope::Call(ours.0)))?]);
        let evaluator = actor(vec![RoleGrant::new(Role::Evaluator, Some(Scope::Call(ours.0)))?]);
        let coordinator = actor(vec![RoleGrant::new(Role::Coordinator, None)?]);
        assert!(authorise(&manager, Permission::ManageCall, &Target::Call(ours)).is_ok());
        assert!(authorise(&manager, Permission::ManageCall, &Target::Call(other)).is_err());
        assert!(authorise(&evaluator, Permission::EvaluateCall, &Target::Call(ours)).is_ok());
        assert!(authorise(&evaluator, Permission::EvaluateCall, &Target::Call(other)).is_err());
        assert!(authorise(&evaluator, Permission::ManageCall, &Target::Call(ours)).is_err());
        // Staff write calls, but sit on a committee only when named to it.
        assert!(authorise(&coordinator, Permission::CreateCall, &Target::Nothing).is_ok());
        assert!(authorise(&coordinator, Permission::ManageCall, &Target::Call(ours)).is_err());
        assert!(authorise(&Actor::public(), Permission::ViewCalls, &Target::Call(ours)).is_ok());
        Ok(())
    }

    #[test]
    fn assistance_is_seen_by_its_city_and_its_expert_run_by_the_coordinator_rated_by_the_city() -> Result<(), AppError>
    {
        let vientiane = CityCode::parse("LA-VTE")?;
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(vientiane.clone())))?]);
        let other_focal =
            actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(CityCode::parse("VN-HUI")?)))?]);
        // The expert: another city's officer (a partner's grant would name its organisation).
        let expert = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(CityCode::parse("KH-PNH")?)))?]);
        let coordinator = actor(vec![RoleGrant::new(Role::Coordinator, None)?]);
        let secretariat = actor(vec![RoleGrant::new(Role::Secretariat, None)?]);
        let request = Target::Assistance { city: vientiane.clone(), expert: expert.user_id() };
        for reader in [&focal, &expert, &coordinator, &secretariat] {
            assert!(authorise(reader, Permission::ViewAssistance, &request).is_ok());
        }
        assert!(authorise(&other_focal, Permission::ViewAssistance, &request).is_err());
        let unassigned = Target::Assistance { city: vientiane.clone(), expert: None };
        assert!(authorise(&expert, Permission::ViewAssistance, &unassigned).is_err());
        assert!(authorise(&expert, Permission::FollowAssistance, &request).is_ok());
        assert!(authorise(&expert, Permission::ManageAssistance, &request).is_err());
        assert!(authorise(&coordinator, Permission::ManageAssistance, &request).is_ok());
        assert!(authorise(&secretariat, Permission::ManageAssistance, &request).is_err());
        assert!(authorise(&focal, Permission::RateAssistance, &request).is_ok());
        for not_the_city in [&other_focal, &expert, &coordinator] {
            assert!(authorise(not_the_city, Permission::RateAssistance, &request).is_err());
        }
        assert!(authorise(&focal, Permission::RequestAssistance, &Target::City(vientiane)).is_ok());
        assert!(
            authorise(&other_focal, Permission::RequestAssistance, &Target::City(CityCode::parse("LA-VTE")?)).is_err()
        );
        Ok(())
    }

    #[test]
    fn focal_points_write_their_own_citys_practices_and_the_coordinator_publishes() -> Result<(), AppError> {
        let phnom_penh = CityCode::parse("KH-PNH")?;
        let focal = actor(vec![RoleGrant::new(Role::CityFocalPoint, Some(Scope::City(phnom_penh.clone())))?]);
        let coordinator = actor(vec![RoleGrant::new(Role::Coordinator, None)?]);
        let secretariat = actor(vec![RoleGrant::new(Role::Secretariat, None)?]);
        assert!(authorise(&focal, Permission::WritePractices, &Target::City(phnom_penh.clone())).is_ok());
        assert!(authorise(&focal, Permission::WritePractices, &Target::City(CityCode::parse("VN-HUI")?)).is_err());
        for reviewer_only in [Permission::ReviewPractices, Permission::ManageNews] {
            assert!(authorise(&coordinator, reviewer_only, &Target::Nothing).is_ok());
            assert!(authorise(&focal, reviewer_only, &Target::Nothing).is_err());
            assert!(authorise(&secretariat, reviewer_only, &Target::Nothing).is_err());
        }
        assert!(matches!(
            authorise(&Actor::public(), Permission::WritePractices, &Target::City(phnom_penh)),
            Err(AppError::Unauthenticated)
        ));
        Ok(())
    }

    #[test]
    fn tokens_cannot_reach_the_account_pages() {
        let mut with_token = actor(vec![]);
        with_token.credential = Some(Credential::Token(TokenId::new()));
        assert!(authorise(&with_token, Permission::OwnAccount, &Target::Nothing).is_err());
        assert!(matches!(
            authorise(&Actor::public(), Permission::OwnAccount, &Target::Nothing),
            Err(AppError::Unauthenticated)
        ));
    }
}
