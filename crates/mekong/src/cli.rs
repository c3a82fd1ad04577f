//! The command line: global options shared by every subcommand, and the subcommands.

use crate::config::{Config, EnvSettings};
use crate::{backup, serve};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use mekong_app::AppError;
use mekong_app::audit::ResealOutcome;
use mekong_app::identity::InviteUser;
use mekong_app::imports::{ImportKind, ImportPreview};
use mekong_app::policy::Actor;
use mekong_core::Lang;
use mekong_core::identity::RoleGrant;
use mekong_core::reporting::ReportKind;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "mekong", version, about = "Mekong: one platform to run a regional network of cities.")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts, so that all of them work on the same data.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Where Mekong keeps its database, files and configuration (`mekong.toml`).
    #[arg(long, global = true, env = "MEKONG_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// `sqlite://FILE` or `postgres://USER@HOST/DB`; defaults to an SQLite file in the data directory.
    #[arg(long, global = true, env = "MEKONG_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web application.
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Write a consistent snapshot of a (possibly running) SQLite deployment: database and files.
    Backup {
        /// The archive to write (`.tar.gz`).
        file: PathBuf,
    },
    /// Restore a snapshot written by `backup` into an empty data directory.
    Restore {
        /// The archive to read.
        file: PathBuf,
    },
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Print how long a computation takes at a stated scale: `matching` holds 500 funding
    /// opportunities against 2,000 candidates. Run it on a release build.
    Bench {
        /// `matching`.
        what: String,
    },
    /// Read every stored record into its type and back (after bringing the schema up to date);
    /// exit non-zero naming the records that do not read, or would lose a field when saved.
    Check,
    /// Import organisations, people or funding opportunities from a CSV or XLSX file: every row
    /// is checked first, and either all of them go in, or none. Or `applications --call ID
    /// FILE...`: the applications that `.eml` files or mbox mailboxes received at a call's
    /// addresses hold, all or nothing.
    Import {
        /// `people`, `organisations`, `opportunities` or `applications`.
        kind: String,
        /// One spreadsheet; for `applications`, one or more files of mail.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The call the applications are for (its id, as in its page's address).
        #[arg(long)]
        call: Option<String>,
        /// Check and report, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the directory: `people` or `organisations` to a `.csv`, `.xlsx` or (people) `.vcf`
    /// file, in the import's column layout; or `iati --programme SGA4 FILE.xml`, the programme as
    /// an IATI 2.03 activity (refused, naming what to fix, when it breaks IATI's rules).
    Export {
        /// `people`, `organisations` or `iati`.
        kind: String,
        /// The file to write; its extension chooses the format.
        file: PathBuf,
        /// The programme, for `iati` (its code: `SGA4`).
        #[arg(long)]
        programme: Option<String>,
    },
    /// A period's reports, written from its latest snapshot (taken now when it has none; the
    /// period must be locked).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Accounts.
    #[command(subcommand)]
    Users(UsersCommand),
    /// The directory's people.
    #[command(subcommand)]
    People(PeopleCommand),
    /// The full-text index of this data directory.
    #[command(subcommand)]
    Search(SearchCommand),
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Rebuild the index from the database (it is derived data). Run it with the server of this
    /// data directory stopped: the server holds the index open and keeps it current itself.
    Reindex,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Erase a person's personal data: their record, names in the search index, affiliations,
    /// the names and contacts in their event participations (kept anonymised for the figures),
    /// mail sent to them, and every audit payload about them. The trail records that it was
    /// done and by whom, and still verifies; the database file is rewritten without the bytes.
    Erase {
        /// The person's id, as in their page's address (`/people/ID`).
        id: String,
    },
}

/// Which programme and period a report covers.
#[derive(Debug, Args)]
pub struct ReportOf {
    /// The programme's code (`SGA4`).
    #[arg(long)]
    programme: String,
    /// The reporting period's code (`2025`, `2026-H1`).
    #[arg(long)]
    period: String,
    /// The file to write.
    file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The EU narrative report (Annex VI), as an editable DOCX or a PDF.
    EuNarrative {
        #[command(flatten)]
        of: ReportOf,
        /// `docx` or `pdf`.
        #[arg(long, default_value = "docx")]
        format: String,
    },
    /// The EU financial report, as XLSX.
    EuFinancial {
        #[command(flatten)]
        of: ReportOf,
    },
    /// The two-page note for AIMF's bodies, as PDF.
    AimfNote {
        #[command(flatten)]
        of: ReportOf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; exit non-zero naming the first altered or missing entry.
    Verify,
    /// Re-compute the hashes from the first entry that does not verify (or from `--from`) to
    /// the end, and record that it was done (entry `audit.resealed`, with the previous head
    /// hash). For entries written before the hash covered what both databases keep: on
    /// PostgreSQL they lost their nanoseconds. Refused when entries are missing.
    Reseal {
        /// The first entry to re-seal; it may not come after the first entry that does not verify.
        #[arg(long, value_name = "SEQ")]
        from: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Invite someone (for instance the first administrator): the invitation goes by email, or
    /// to the outbox directory when no SMTP server is configured.
    Invite {
        email: String,
        /// Their name as others will see it.
        #[arg(long)]
        name: String,
        /// `admin`, `secretariat`, `coordinator`, `city_focal_point`, `partner`, `evaluator` or `applicant`.
        #[arg(long)]
        role: String,
        /// The city code (`KH-PNH`), organisation or call the role is limited to, when it is.
        #[arg(long)]
        scope: Option<String>,
        /// Language of the invitation: fr, en, km, lo or vi.
        #[arg(long, default_value = "fr")]
        language: String,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MEKONG_LISTEN", value_name = "ADDR:PORT")]
    pub listen: Option<String>,
    /// Load the demo data (the real member cities) into an empty database; no-op on a loaded one.
    #[arg(long)]
    pub demo: bool,
    /// Mekong is reached over HTTPS (directly or behind a proxy): secure cookies and HSTS.
    #[arg(long, env = "MEKONG_TLS")]
    pub tls: bool,
}

pub fn parse() -> Cli {
    Cli::parse()
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let listen = match &cli.command {
        Command::Serve(args) => args.listen.clone(),
        _ => None,
    };
    let config = Config::resolve(cli.global.data_dir, cli.global.database_url, listen, EnvSettings::from_env())?;
    match cli.command {
        Command::Serve(args) => serve::run(config, args.demo, args.tls).await,
        Command::Migrate => {
            let app = serve::open_app(&config, None).await?;
            app.close().await.context("closing the database")?;
            println!("mekong: database schema is up to date");
            Ok(())
        }
        Command::Backup { file } => backup::backup(&config, &file).await,
        Command::Restore { file } => backup::restore(&config, &file).await,
        Command::Search(SearchCommand::Reindex) => {
            let app = serve::open_app(&config, None).await?;
            let records = app.reindex_search().await?;
            println!("search index rebuilt: {records} records");
            Ok(())
        }
        Command::Audit(AuditCommand::Verify) => {
            let app = serve::open_app(&config, None).await?;
            match app.verify_audit_chain().await? {
                Ok(entries) => {
                    println!("audit trail intact: {entries} entries verified");
                    Ok(())
                }
                Err(problem) => anyhow::bail!("audit trail broken: {problem}"),
            }
        }
        Command::Check => {
            let app = serve::open_app(&config, None).await?;
            let problems = app.check_records().await?;
            for problem in &problems {
                eprintln!("{}: {}", problem.table, problem.problem);
            }
            anyhow::ensure!(problems.is_empty(), "{} stored records do not read whole", problems.len());
            println!("every stored record reads whole");
            Ok(())
        }
        Command::Audit(AuditCommand::Reseal { from }) => {
            let app = serve::open_app(&config, None).await?;
            match app
                .reseal_audit_chain(&Actor::command_line(), from)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?
            {
                ResealOutcome::NothingToDo => println!("audit trail intact: nothing to re-seal"),
                ResealOutcome::Resealed(resealed) => println!("{resealed}"),
                ResealOutcome::Refused(reason) => anyhow::bail!("not re-sealed: {reason}"),
            }
            Ok(())
        }
        Command::Import { kind, files, call, dry_run } if kind == "applications" => {
            let call = call.ok_or_else(|| anyhow::anyhow!("import applications: name the call with --call ID"))?;
            if dry_run {
                anyhow::bail!("import applications: --dry-run is not offered (an import is all or nothing)");
            }
            import_applications(&config, &call, &files).await
        }
        Command::Import { kind, files, call: _, dry_run } if kind == "opportunities" => {
            if dry_run {
                anyhow::bail!("import opportunities: --dry-run is not offered (an import is all or nothing)");
            }
            let [file] = files.as_slice() else { anyhow::bail!("import opportunities: one file at a time") };
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let app = serve::open_app(&config, None).await?;
            let imported = app
                .import_opportunities(&Actor::command_line(), &bytes)
                .await
                .map_err(|e| anyhow::anyhow!("{}: nothing imported: {}", file.display(), describe(&e)))?;
            println!("imported {} opportunities", imported.len());
            Ok(())
        }
        Command::Bench { what } if what == "matching" => {
            crate::bench::matching();
            Ok(())
        }
        Command::Bench { what } => anyhow::bail!("bench what? `{what}` is unknown; use `matching`"),
        Command::Import { kind, files, call: _, dry_run } => {
            let kind = ImportKind::parse(&kind)
                .ok_or_else(|| anyhow::anyhow!("import what? use `people`, `organisations` or `applications`"))?;
            let [file] = files.as_slice() else { anyhow::bail!("import {}: one file at a time", kind.code()) };
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let app = serve::open_app(&config, None).await?;
            let preview = app
                .import_file(&Actor::command_line(), &bytes, kind, dry_run)
                .await
                .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), describe(&e)))?;
            report_import(&app, &preview, dry_run)
        }
        Command::Export { kind, file, programme } => {
            let app = serve::open_app(&config, None).await?;
            let bytes = match (kind.as_str(), programme) {
                ("iati", Some(programme)) => export_iati(&app, &programme, &file).await?,
                ("iati", None) => anyhow::bail!("export iati: name the programme with --programme CODE"),
                _ => export(&app, &kind, &file).await?,
            };
            if file.exists() {
                anyhow::bail!("{} already exists; choose a new file name", file.display());
            }
            std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
            println!("Exported to {}", file.display());
            Ok(())
        }
        Command::Report(command) => {
            let (of, kind) = match command {
                ReportCommand::EuNarrative { of, format } => match format.as_str() {
                    "docx" => (of, ReportKind::EuNarrativeDocx),
                    "pdf" => (of, ReportKind::EuNarrativePdf),
                    _ => anyhow::bail!("--format: use docx or pdf"),
                },
                ReportCommand::EuFinancial { of } => (of, ReportKind::EuFinancial),
                ReportCommand::AimfNote { of } => (of, ReportKind::AimfNote),
            };
            if of.file.exists() {
                anyhow::bail!("{} already exists; choose a new file name", of.file.display());
            }
            let app = serve::open_app(&config, None).await?;
            let report = app
                .period_report(&Actor::command_line(), &of.programme, &of.period, kind)
                .await
                .map_err(|e| anyhow::anyhow!("{}", explain(&app, &e)))?;
            std::fs::write(&of.file, &report.bytes).with_context(|| format!("cannot write {}", of.file.display()))?;
            println!("Wrote {} ({} bytes)", of.file.display(), report.bytes.len());
            Ok(())
        }
        Command::People(PeopleCommand::Erase { id }) => {
            let id = uuid::Uuid::parse_str(id.trim()).map(mekong_core::ids::PersonId).map_err(|_| {
                anyhow::anyhow!("{id} is not a person's id (see the address of their page: /people/ID)")
            })?;
            let app = serve::open_app(&config, None).await?;
            let erasure = app
                .erase_person(&Actor::command_line(), id)
                .await
                .map_err(|e| anyhow::anyhow!("{}", explain(&app, &e)))?;
            println!("{erasure}");
            Ok(())
        }
        Command::Users(UsersCommand::Invite { email, name, role, scope, language }) => {
            let app = serve::open_app(&config, None).await?;
            let grant =
                RoleGrant::from_parts(&role, scope.as_deref()).map_err(|e| anyhow::anyhow!("--role/--scope: {e}"))?;
            let language =
                Lang::from_tag(&language).ok_or_else(|| anyhow::anyhow!("--language: use fr, en, km, lo or vi"))?;
            let invite = InviteUser { email: &email, display_name: &name, language, grants: vec![grant] };
            app.invite_from_command_line(invite).await.map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            app.run_due_jobs().await.context("sending the invitation")?;
            println!("Invitation sent to {email}");
            Ok(())
        }
    }
}

/// An application error as one line for the terminal, naming the fields at fault.
fn describe(error: &AppError) -> String {
    match error {
        AppError::Validation(fields) => {
            fields.0.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

/// The terminal's language, for messages written to it.
fn terminal_language() -> Lang {
    std::env::var("LANG").ok().and_then(|l| Lang::from_tag(&l)).unwrap_or(Lang::En)
}

/// An application error as sentences in the terminal's language.
fn explain(app: &mekong_app::App, error: &AppError) -> String {
    match error {
        AppError::Validation(fields) => {
            let i18n = app.i18n();
            fields.0.iter().map(|f| i18n.message(terminal_language(), &f.message)).collect::<Vec<_>>().join(" ")
        }
        other => describe(other),
    }
}

/// Imports the applications of files of mail into a call and prints what was done; a file that
/// cannot be read changes nothing and makes the command fail, naming the file and the message.
async fn import_applications(config: &Config, call: &str, files: &[PathBuf]) -> anyhow::Result<()> {
    let call = uuid::Uuid::parse_str(call.trim())
        .map(mekong_core::ids::CallId)
        .map_err(|_| anyhow::anyhow!("--call {call}: not a call id"))?;
    let mut mail = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        mail.push(mekong_app::recruitment::MailFile { name: file.display().to_string(), bytes });
    }
    let app = serve::open_app(config, None).await?;
    let outcome = app
        .import_mail(&Actor::command_line(), call, mail)
        .await
        .map_err(|e| anyhow::anyhow!("{}", explain(&app, &e)))?;
    let (lang, i18n) = (terminal_language(), app.i18n());
    if !outcome.problems.is_empty() {
        let problems: Vec<String> = outcome
            .problems
            .iter()
            .map(|p| {
                let at = p.position.map_or(String::new(), |n| format!(" (message {n})"));
                format!("{}{at}: {}", p.file, i18n.message(lang, &p.key))
            })
            .collect();
        anyhow::bail!("nothing imported:\n{}", problems.join("\n"));
    }
    for imported in &outcome.created {
        let a = &imported.application;
        let late = if a.late { " LATE" } else { "" };
        println!(
            "{} {} <{}> received {}{late}, {} document(s)",
            a.receipt,
            a.name,
            a.email,
            a.received_at,
            imported.documents.len()
        );
    }
    for receipt in &outcome.already_imported {
        println!("imported before: {receipt}");
    }
    for (sender, receipt) in &outcome.already_applied {
        println!("{sender} had applied already: {receipt}");
    }
    for aside in &outcome.set_aside {
        println!("set aside from {}: {} ({})", aside.sender, aside.attachment, i18n.message(lang, &aside.key));
    }
    println!("{} application(s) created", outcome.created.len());
    Ok(())
}

/// Prints an import's outcome; rows with errors make it fail, naming each row and field.
fn report_import(app: &mekong_app::App, preview: &ImportPreview, dry_run: bool) -> anyhow::Result<()> {
    let lang = terminal_language();
    let i18n = app.i18n();
    for row in preview.rows.iter().filter(|r| !r.errors.is_empty()) {
        for error in &row.errors.0 {
            eprintln!("row {}: {}: {}", row.line, error.field, i18n.message(lang, &error.message));
        }
    }
    let errors = preview.error_count();
    if errors > 0 {
        anyhow::bail!("{errors} of {} rows have errors; nothing was imported", preview.rows.len());
    }
    let duplicates = preview.duplicate_count();
    let verb = if dry_run { "would import" } else { "imported" };
    println!("{verb} {} rows ({duplicates} look like records already in the directory)", preview.rows.len());
    Ok(())
}

/// A programme as an IATI file, or the rules it breaks, each on a line, and nothing written.
async fn export_iati(app: &mekong_app::App, programme: &str, file: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    if !file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xml")) {
        anyhow::bail!("{}: an IATI file is .xml", file.display());
    }
    match app.iati_export(&Actor::command_line(), programme).await.map_err(|e| anyhow::anyhow!("{}", describe(&e)))? {
        mekong_app::iati::IatiExport::Xml(bytes) => Ok(bytes),
        mekong_app::iati::IatiExport::Refused(breaches) => {
            for breach in &breaches {
                eprintln!("{breach}");
            }
            anyhow::bail!("{} IATI rules broken; nothing was written: fix the records above", breaches.len())
        }
    }
}

/// The directory as the file `file`'s extension asks for.
async fn export(app: &mekong_app::App, kind: &str, file: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let actor = Actor::command_line();
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let table = match (kind, extension.as_str()) {
        ("people", "vcf") => {
            let people = app
                .export_people(&actor, &Default::default())
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            return Ok(mekong_app::exports::people_vcards(&people).into_bytes());
        }
        ("people", "csv" | "xlsx") => {
            let people = app
                .export_people(&actor, &Default::default())
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            mekong_app::exports::people_table(&people)
        }
        ("organisations", "csv" | "xlsx") => app
            .organisations_table(&actor, &Default::default())
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?,
        ("people" | "organisations", _) => {
            anyhow::bail!("{}: use a .csv or .xlsx file (or .vcf for people)", file.display())
        }
        _ => anyhow::bail!("export what? use `people` or `organisations`"),
    };
    let bytes =
        if extension == "xlsx" { mekong_docs::write_xlsx(&table, kind) } else { mekong_docs::write_csv(&table) };
    bytes.map_err(|e| anyhow::anyhow!("{e}"))
}
