//! Schema migrations, one per file, timestamped, never edited once landed.

use sea_orm_migration::prelude::*;

mod foreign_keys;
mod m20261130_000001_create_cities;
mod m20261130_000002_create_identity;
mod m20261130_000003_create_audit;
mod m20261130_000004_create_jobs_and_emails;
mod m20261130_000005_create_directory;
mod m20261130_000006_create_name_tokens;
mod m20261130_000007_create_events;
mod m20261130_000008_create_results;
mod m20261130_000009_create_indicator_totals;
mod m20261202_000010_audit_payloads;
mod m20261202_000011_forget_bare_addresses;
mod m20261202_000020_money_with_currency;
mod m20261202_000030_programme_part_codes;
mod m20261202_000031_participant_references;
mod m20261202_000032_record_versions;
mod m20261202_000060_create_finance;
mod m20261202_000061_budget_line_codes;
mod m20261202_000062_expense_filter_indexes;
mod m20261202_000063_expense_spending_index;
mod m20261202_000064_expense_corrections;
mod m20261202_000065_create_reporting;
mod m20261202_000075_plan_activity_titles;
mod m20261202_000080_create_iati_settings;
mod m20261202_000090_create_recruitment;
mod m20261202_000091_recruitment_evaluations;
mod m20261202_000092_recruitment_procedures;
mod m20261202_000093_recruitment_interview_slots;
mod m20261202_000094_recruitment_interview_scores;
mod m20261202_000095_application_message_ids;
mod m20261202_000096_call_decisions;
mod m20261202_000097_application_erasure_requests;
mod m20261202_000100_create_search_changes;
mod m20261202_000101_create_practices;
mod m20261202_000106_create_library_documents;
mod m20261202_000107_create_advocacy;
mod m20261202_000110_create_assistance;
mod m20261202_000111_create_projects;
mod m20261202_000116_create_funding;
mod m20261202_000120_participant_facets;
mod m20261203_000130_name_tokens_by_record;
mod m20261203_000131_indicator_values_by_city;
mod m20261203_000132_drop_name_tokens;
mod m20261203_000133_file_texts;
mod m20261203_000134_participants_in_order;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_create_cities::Migration),
            Box::new(m20261130_000002_create_identity::Migration),
            Box::new(m20261130_000003_create_audit::Migration),
            Box::new(m20261130_000004_create_jobs_and_emails::Migration),
            Box::new(m20261130_000005_create_directory::Migration),
            Box::new(m20261130_000006_create_name_tokens::Migration),
            Box::new(m20261130_000007_create_events::Migration),
            Box::new(m20261130_000008_create_results::Migration),
            Box::new(m20261130_000009_create_indicator_totals::Migration),
            Box::new(m20261202_000010_audit_payloads::Migration),
            Box::new(m20261202_000011_forget_bare_addresses::Migration),
            Box::new(m20261202_000020_money_with_currency::Migration),
            Box::new(m20261202_000030_programme_part_codes::Migration),
            Box::new(m20261202_000031_participant_references::Migration),
            Box::new(m20261202_000032_record_versions::Migration),
            Box::new(m20261202_000060_create_finance::Migration),
            Box::new(m20261202_000061_budget_line_codes::Migration),
            Box::new(m20261202_000062_expense_filter_indexes::Migration),
            Box::new(m20261202_000063_expense_spending_index::Migration),
            Box::new(m20261202_000064_expense_corrections::Migration),
            Box::new(m20261202_000065_create_reporting::Migration),
            Box::new(m20261202_000075_plan_activity_titles::Migration),
            Box::new(m20261202_000080_create_iati_settings::Migration),
            Box::new(m20261202_000090_create_recruitment::Migration),
            Box::new(m20261202_000091_recruitment_evaluations::Migration),
            Box::new(m20261202_000092_recruitment_procedures::Migration),
            Box::new(m20261202_000093_recruitment_interview_slots::Migration),
            Box::new(m20261202_000094_recruitment_interview_scores::Migration),
            Box::new(m20261202_000095_application_message_ids::Migration),
            Box::new(m20261202_000096_call_decisions::Migration),
            Box::new(m20261202_000097_application_erasure_requests::Migration),
            Box::new(m20261202_000100_create_search_changes::Migration),
            Box::new(m20261202_000101_create_practices::Migration),
            Box::new(m20261202_000106_create_library_documents::Migration),
            Box::new(m20261202_000107_create_advocacy::Migration),
            Box::new(m20261202_000110_create_assistance::Migration),
            Box::new(m20261202_000111_create_projects::Migration),
            Box::new(m20261202_000116_create_funding::Migration),
            Box::new(m20261202_000120_participant_facets::Migration),
            Box::new(m20261203_000130_name_tokens_by_record::Migration),
            Box::new(m20261203_000131_indicator_values_by_city::Migration),
            Box::new(m20261203_000132_drop_name_tokens::Migration),
            Box::new(m20261203_000133_file_texts::Migration),
            Box::new(m20261203_000134_participants_in_order::Migration),
        ]
    }
}
