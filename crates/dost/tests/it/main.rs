//! Integration tests: each test starts the application on port 0 against a
//! fresh database — a SQLite file, or a new PostgreSQL database when
//! TEST_DATABASE_URL is set — and checks what a visitor would see.

#[macro_use]
mod support;

mod api;
mod approval_walk;
mod articles;
mod audit_walk;
mod backup;
mod cli;
mod compression;
mod copy;
mod daily_use;
mod dashboard;
mod demo_content;
mod disclosures;
mod editorial;
mod feeds;
mod form_and_import;
mod full_disk;
mod hardening;
mod hostile_files;
mod legal_documents;
mod metrics;
#[cfg(feature = "nukeviet")]
mod nukeviet;
mod organisation;
mod pages;
mod participation;
mod public_services;
mod rating;
mod registers;
mod report;
mod report_periods;
mod route_walk;
mod rules;
mod schedule;
mod schema;
mod search;
mod staff;
mod stats;
mod store;
mod store_records;
mod task_records;
mod tasks;
mod two_instances;
mod upgrades;
mod work;
