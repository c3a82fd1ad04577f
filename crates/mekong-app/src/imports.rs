//! Importing organisations and people from a spreadsheet: upload, map columns, preview every
//! row with its errors and look-alikes, then commit all valid rows in one transaction, or
//! nothing. The command line's `mekong import` takes the same path.

use crate::audit::{Change, audit_actor};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::drafts::{OrganisationDraft, PersonDraft};
use mekong_core::ids::{OrganisationId, PersonId};
use mekong_core::names::fold;
use mekong_core::people::{Organisation, Person};
use mekong_core::validation::FieldErrors;
use mekong_docs::Table;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    People,
    Organisations,
}

impl ImportKind {
    pub fn parse(code: &str) -> Option<ImportKind> {
        match code {
            "people" => Some(ImportKind::People),
            "organisations" => Some(ImportKind::Organisations),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::People => "people",
            ImportKind::Organisations => "organisations",
        }
    }

    /// The fields columns can be mapped to.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            ImportKind::People => &PersonDraft::FIELDS,
            ImportKind::Organisations => &OrganisationDraft::FIELDS,
        }
    }
}

/// One row as checked: its line in the file, a short label, its problems and look-alikes.
#[derive(Debug, Clone)]
pub struct RowCheck {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    pub line: usize,
    pub label: String,
    pub errors: FieldErrors,
    /// A record already in the directory, or an earlier row, with the same name or email.
    pub duplicate_of: Option<String>,
}

/// The whole file checked.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub upload: String,
    pub kind: ImportKind,
    pub headers: Vec<String>,
    /// For each column, the field it fills (none: ignored).
    pub mapping: Vec<Option<String>>,
    pub rows: Vec<RowCheck>,
}

impl ImportPreview {
    pub fn error_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.errors.is_empty()).count()
    }

    pub fn duplicate_count(&self) -> usize {
        self.rows.iter().filter(|r| r.duplicate_of.is_some()).count()
    }
}

/// Column names people use for each field, folded (French and English).
fn field_for_header(kind: ImportKind, header: &str) -> Option<&'static str> {
    let header = fold(header).replace(' ', "_");
    let aliases: &[(&str, &[&str])] = &[
        ("name_romanised", &["name", "nom", "full_name", "romanised_name", "nom_romanise"]),
        ("name_local", &["local_name", "nom_local", "local_script"]),
        ("emails", &["email", "e_mail", "courriel", "mail"]),
        ("phones", &["phone", "telephone", "tel"]),
        ("function", &["fonction", "position", "job_title"]),
        ("organisation", &["organization", "institution", "employer"]),
        ("country", &["pays", "country_iso2"]),
        ("languages", &["language", "langues", "langue"]),
        ("themes", &["theme", "thematiques"]),
        ("sex", &["sexe", "gender", "genre"]),
        ("name_fr", &["nom_francais", "french_name"]),
        ("name_en", &["english_name", "nom_anglais"]),
        ("admin_region", &["region", "province"]),
        ("kind", &["type", "category"]),
    ];
    kind.fields().iter().copied().find(|field| {
        *field == header || aliases.iter().any(|(f, names)| f == field && names.contains(&header.as_str()))
    })
}

impl App {
    /// Keeps an uploaded file (by its SHA-256) until it is committed, and checks it reads.
    pub async fn stage_upload(&self, actor: &Actor, bytes: &[u8]) -> Result<(String, Table), AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let table = read(bytes)?;
        let upload: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        let dir = self.data_dir.join("imports");
        tokio::fs::create_dir_all(&dir).await.map_err(|e| AppError::Internal(format!("imports folder: {e}")))?;
        tokio::fs::write(dir.join(format!("{upload}.upload")), bytes)
            .await
            .map_err(|e| AppError::Internal(format!("keeping the upload: {e}")))?;
        Ok((upload, table))
    }

    /// The mapping Mekong proposes from the file's column names.
    pub fn suggested_mapping(kind: ImportKind, headers: &[String]) -> Vec<Option<String>> {
        headers.iter().map(|h| field_for_header(kind, h).map(str::to_owned)).collect()
    }

    async fn staged(&self, upload: &str) -> Result<Table, AppError> {
        if upload.len() != 64 || !upload.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::NotFound);
        }
        let bytes = tokio::fs::read(self.data_dir.join("imports").join(format!("{upload}.upload")))
            .await
            .map_err(|_| AppError::field("file", "error-upload-gone"))?;
        read(&bytes)
    }

    /// Checks every row of a staged file under `mapping`.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        upload: &str,
        kind: ImportKind,
        mapping: Vec<Option<String>>,
    ) -> Result<ImportPreview, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let table = self.staged(upload).await?;
        let (rows, _) = self.check_rows(&table, kind, &mapping).await?;
        Ok(ImportPreview { upload: upload.to_owned(), kind, headers: table.headers, mapping, rows })
    }

    /// Parses every row; returns the checks and the records of the rows without errors.
    async fn check_rows(
        &self,
        table: &Table,
        kind: ImportKind,
        mapping: &[Option<String>],
    ) -> Result<(Vec<RowCheck>, Vec<Record>), AppError> {
        let mut checks = Vec::with_capacity(table.rows.len());
        let mut records = Vec::with_capacity(table.rows.len());
        match kind {
            ImportKind::People => {
                let organisations: HashMap<String, _> = self
                    .store
                    .organisation_names()
                    .await?
                    .into_iter()
                    .flat_map(|(id, names, city, _)| {
                        [names.fr.clone(), names.en.clone(), names.local.clone()]
                            .into_iter()
                            .filter(|n| !n.is_empty())
                            .map(move |n| (fold(&n), (id, names.clone(), city.clone())))
                    })
                    .collect();
                let mut seen_names: HashSet<String> = HashSet::new();
                let mut seen_emails: HashSet<String> = HashSet::new();
                for (key, email) in self.store.people_keys().await? {
                    seen_names.extend(key.split(" | ").map(str::to_owned));
                    if !email.is_empty() {
                        seen_emails.insert(email);
                    }
                }
                for (index, cells) in table.rows.iter().enumerate() {
                    let mut draft = PersonDraft::default();
                    for (value, field) in cells.iter().zip(mapping) {
                        if let Some(field) = field {
                            draft.set(field, value.clone());
                        }
                    }
                    let mut errors = FieldErrors::default();
                    let organisation = match draft.organisation.trim() {
                        "" => None,
                        name => match organisations.get(&fold(name)) {
                            Some(found) => Some(found.clone()),
                            None => {
                                errors.add("organisation", "error-unknown-organisation");
                                None
                            }
                        },
                    };
                    let label = if draft.name_romanised.trim().is_empty() {
                        draft.name_local.clone()
                    } else {
                        draft.name_romanised.clone()
                    };
                    let parsed = draft.parse(PersonId::new(), 1, organisation, Vec::new());
                    let person = match parsed {
                        Ok(person) if errors.is_empty() => Some(person),
                        Ok(_) => None,
                        Err(more) => {
                            errors.0.extend(more.0);
                            None
                        }
                    };
                    let duplicate_of = person.as_ref().and_then(|p| {
                        let names = [fold(&p.name_romanised), fold(&p.name_local)];
                        let email = p.emails.first().map(|e| e.as_str().to_owned()).unwrap_or_default();
                        let hit = names
                            .iter()
                            .find(|n| !n.is_empty() && seen_names.contains(*n))
                            .cloned()
                            .or_else(|| (!email.is_empty() && seen_emails.contains(&email)).then(|| email.clone()));
                        seen_names.extend(names.into_iter().filter(|n| !n.is_empty()));
                        if !email.is_empty() {
                            seen_emails.insert(email);
                        }
                        hit
                    });
                    checks.push(RowCheck { line: index + 2, label, errors, duplicate_of: duplicate_of.clone() });
                    if let Some(person) = person {
                        records.push(Record::Person(person, duplicate_of.is_some()));
                    }
                }
            }
            ImportKind::Organisations => {
                let mut seen: HashSet<String> = self
                    .store
                    .organisation_names()
                    .await?
                    .into_iter()
                    .flat_map(|(_, _, _, key)| key.split(" | ").map(str::to_owned).collect::<Vec<_>>())
                    .collect();
                for (index, cells) in table.rows.iter().enumerate() {
                    let mut draft = OrganisationDraft::default();
                    for (value, field) in cells.iter().zip(mapping) {
                        if let Some(field) = field {
                            draft.set(field, value.clone());
                        }
                    }
                    let label = [&draft.name_en, &draft.name_fr, &draft.name_local]
                        .iter()
                        .find(|n| !n.is_empty())
                        .map(|n| n.to_string())
                        .unwrap_or_default();
                    match draft.parse(OrganisationId::new(), 1) {
                        Ok(org) => {
                            let names: Vec<String> = [&org.names.fr, &org.names.en, &org.names.local]
                                .iter()
                                .filter(|n| !n.is_empty())
                                .map(|n| fold(n))
                                .collect();
                            let duplicate_of = names.iter().find(|n| seen.contains(*n)).cloned();
                            seen.extend(names);
                            checks.push(RowCheck {
                                line: index + 2,
                                label,
                                errors: FieldErrors::default(),
                                duplicate_of: duplicate_of.clone(),
                            });
                            records.push(Record::Organisation(org, duplicate_of.is_some()));
                        }
                        Err(errors) => checks.push(RowCheck { line: index + 2, label, errors, duplicate_of: None }),
                    }
                }
            }
        }
        Ok((checks, records))
    }

    /// Writes every row of a staged file in one transaction; refuses the whole file while any
    /// row has an error. Rows that look like existing records are skipped when `skip_duplicates`.
    pub async fn commit_import(
        &self,
        actor: &Actor,
        upload: &str,
        kind: ImportKind,
        mapping: Vec<Option<String>>,
        skip_duplicates: bool,
    ) -> Result<usize, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let table = self.staged(upload).await?;
        // Claiming the file first means a second click, a refresh or a concurrent commit finds it
        // gone instead of importing every row twice.
        let staged = self.data_dir.join("imports").join(format!("{upload}.upload"));
        let claimed = staged.with_extension("committing");
        tokio::fs::rename(&staged, &claimed).await.map_err(|_| AppError::field("file", "error-upload-gone"))?;
        let outcome = match self.check_rows(&table, kind, &mapping).await {
            Ok((checks, records)) => self.write_rows(actor, kind, &checks, records, skip_duplicates).await,
            Err(error) => Err(error),
        };
        let _ = match outcome {
            Ok(_) => tokio::fs::remove_file(&claimed).await,
            Err(_) => tokio::fs::rename(&claimed, &staged).await,
        };
        outcome
    }

    /// Imports a file read from disk (the command line); `dry_run` checks without writing.
    pub async fn import_file(
        &self,
        actor: &Actor,
        bytes: &[u8],
        kind: ImportKind,
        dry_run: bool,
    ) -> Result<ImportPreview, AppError> {
        policy::authorise(actor, Permission::ManagePartnerships, &Target::Nothing)?;
        let table = read(bytes)?;
        let mapping = App::suggested_mapping(kind, &table.headers);
        let (rows, records) = self.check_rows(&table, kind, &mapping).await?;
        if !dry_run && rows.iter().all(|r| r.errors.is_empty()) {
            self.write_rows(actor, kind, &rows, records, false).await?;
        }
        Ok(ImportPreview { upload: String::new(), kind, headers: table.headers, mapping, rows })
    }

    /// Writes checked rows in one transaction, or refuses all of them if any row has an error.
    async fn write_rows(
        &self,
        actor: &Actor,
        kind: ImportKind,
        checks: &[RowCheck],
        records: Vec<Record>,
        skip_duplicates: bool,
    ) -> Result<usize, AppError> {
        if checks.is_empty() {
            return Err(AppError::field("file", "error-import-empty"));
        }
        if checks.iter().any(|c| !c.errors.is_empty()) {
            return Err(AppError::field("file", "error-import-has-errors"));
        }
        let mut people: Vec<Person> = Vec::new();
        let mut organisations: Vec<Organisation> = Vec::new();
        for record in records {
            match record {
                Record::Person(_, true) | Record::Organisation(_, true) if skip_duplicates => {}
                Record::Person(person, _) => people.push(person),
                Record::Organisation(organisation, _) => organisations.push(organisation),
            }
        }
        let now = self.clock.now();
        let txn = self.store.begin_write().await?;
        txn.insert_people(&people, now).await?;
        txn.insert_organisations(&organisations, now).await?;
        let ids: Vec<String> =
            people.iter().map(|p| p.id.to_string()).chain(organisations.iter().map(|o| o.id.to_string())).collect();
        let change = Change {
            action: "directory.imported",
            entity_type: kind.code(),
            entity_id: "import".into(),
            before: None,
            after: Some(serde_json::json!({ "rows": checks.len(), "created": ids })),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        self.store.refresh_statistics().await?;
        Ok(ids.len())
    }
}

/// A checked row ready to write, and whether it looks like an existing record.
enum Record {
    Person(Person, bool),
    Organisation(Organisation, bool),
}

fn read(bytes: &[u8]) -> Result<Table, AppError> {
    crate::spreadsheets::read_upload(bytes)
}
