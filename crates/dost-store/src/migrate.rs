//! Migrations, embedded in the binary: one folder per engine, kept in step
//! (the same versions and names in both).

use crate::db::on_pool;
use crate::{Db, Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "portal",
        sqlite: include_str!("../migrations/sqlite/0001_portal.sql"),
        postgres: include_str!("../migrations/postgres/0001_portal.sql"),
    },
    Migration {
        version: 2,
        name: "staff",
        sqlite: include_str!("../migrations/sqlite/0002_staff.sql"),
        postgres: include_str!("../migrations/postgres/0002_staff.sql"),
    },
    Migration {
        version: 3,
        name: "two_factor",
        sqlite: include_str!("../migrations/sqlite/0003_two_factor.sql"),
        postgres: include_str!("../migrations/postgres/0003_two_factor.sql"),
    },
    Migration {
        version: 4,
        name: "tasks",
        sqlite: include_str!("../migrations/sqlite/0004_tasks.sql"),
        postgres: include_str!("../migrations/postgres/0004_tasks.sql"),
    },
    Migration {
        version: 5,
        name: "work",
        sqlite: include_str!("../migrations/sqlite/0005_work.sql"),
        postgres: include_str!("../migrations/postgres/0005_work.sql"),
    },
    Migration {
        version: 6,
        name: "work_steps",
        sqlite: include_str!("../migrations/sqlite/0006_work_steps.sql"),
        postgres: include_str!("../migrations/postgres/0006_work_steps.sql"),
    },
    Migration {
        version: 7,
        name: "report_revisions",
        sqlite: include_str!("../migrations/sqlite/0007_report_revisions.sql"),
        postgres: include_str!("../migrations/postgres/0007_report_revisions.sql"),
    },
    Migration {
        version: 8,
        name: "report_indexes",
        sqlite: include_str!("../migrations/sqlite/0008_report_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0008_report_indexes.sql"),
    },
    Migration {
        version: 9,
        name: "fund_movements",
        sqlite: include_str!("../migrations/sqlite/0009_fund_movements.sql"),
        postgres: include_str!("../migrations/postgres/0009_fund_movements.sql"),
    },
    Migration {
        version: 10,
        name: "hardening",
        sqlite: include_str!("../migrations/sqlite/0010_hardening.sql"),
        postgres: include_str!("../migrations/postgres/0010_hardening.sql"),
    },
    Migration {
        version: 11,
        name: "as_of",
        sqlite: include_str!("../migrations/sqlite/0011_as_of.sql"),
        postgres: include_str!("../migrations/postgres/0011_as_of.sql"),
    },
    Migration {
        version: 12,
        name: "rules",
        sqlite: include_str!("../migrations/sqlite/0012_rules.sql"),
        postgres: include_str!("../migrations/postgres/0012_rules.sql"),
    },
    Migration {
        version: 13,
        name: "council_experts",
        sqlite: include_str!("../migrations/sqlite/0013_council_experts.sql"),
        postgres: include_str!("../migrations/postgres/0013_council_experts.sql"),
    },
    Migration {
        version: 14,
        name: "public_services",
        sqlite: include_str!("../migrations/sqlite/0014_public_services.sql"),
        postgres: include_str!("../migrations/postgres/0014_public_services.sql"),
    },
    Migration {
        version: 15,
        name: "schedule",
        sqlite: include_str!("../migrations/sqlite/0015_schedule.sql"),
        postgres: include_str!("../migrations/postgres/0015_schedule.sql"),
    },
    Migration {
        version: 16,
        name: "legal_documents",
        sqlite: include_str!("../migrations/sqlite/0016_legal_documents.sql"),
        postgres: include_str!("../migrations/postgres/0016_legal_documents.sql"),
    },
    Migration {
        version: 17,
        name: "disclosures",
        sqlite: include_str!("../migrations/sqlite/0017_disclosures.sql"),
        postgres: include_str!("../migrations/postgres/0017_disclosures.sql"),
    },
    Migration {
        version: 18,
        name: "participation",
        sqlite: include_str!("../migrations/sqlite/0018_participation.sql"),
        postgres: include_str!("../migrations/postgres/0018_participation.sql"),
    },
    Migration {
        version: 19,
        name: "procedure_forms",
        sqlite: include_str!("../migrations/sqlite/0019_procedure_forms.sql"),
        postgres: include_str!("../migrations/postgres/0019_procedure_forms.sql"),
    },
    Migration {
        version: 20,
        name: "publication",
        sqlite: include_str!("../migrations/sqlite/0020_publication.sql"),
        postgres: include_str!("../migrations/postgres/0020_publication.sql"),
    },
    Migration {
        version: 21,
        name: "nukeviet",
        sqlite: include_str!("../migrations/sqlite/0021_nukeviet.sql"),
        postgres: include_str!("../migrations/postgres/0021_nukeviet.sql"),
    },
    Migration {
        version: 22,
        name: "scale",
        sqlite: include_str!("../migrations/sqlite/0022_scale.sql"),
        postgres: include_str!("../migrations/postgres/0022_scale.sql"),
    },
    Migration {
        version: 23,
        name: "public_listing",
        sqlite: include_str!("../migrations/sqlite/0023_public_listing.sql"),
        postgres: include_str!("../migrations/postgres/0023_public_listing.sql"),
    },
    Migration {
        version: 24,
        name: "word_index",
        sqlite: include_str!("../migrations/sqlite/0024_word_index.sql"),
        postgres: include_str!("../migrations/postgres/0024_word_index.sql"),
    },
    Migration {
        version: 25,
        name: "approved_changes",
        sqlite: include_str!("../migrations/sqlite/0025_approved_changes.sql"),
        postgres: include_str!("../migrations/postgres/0025_approved_changes.sql"),
    },
    Migration {
        version: 26,
        name: "dossier_lookup",
        sqlite: include_str!("../migrations/sqlite/0026_dossier_lookup.sql"),
        postgres: include_str!("../migrations/postgres/0026_dossier_lookup.sql"),
    },
];

/// Applies every migration not yet applied, each in its own transaction.
/// Returns how many were applied.
pub async fn run(db: &Db) -> Result<usize> {
    let create = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    on_pool!(db, p => { sqlx::query(create).execute(p).await?; });
    let applied: Vec<i64> =
        on_pool!(db, p => sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(p).await?);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let mut count = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let sql = match db {
            Db::Sqlite(_) => m.sqlite,
            Db::Postgres(_) => m.postgres,
        };
        let wrap = |source| StoreError::Migration { version: m.version, name: m.name, source };
        on_pool!(db, p => {
            let mut tx = p.begin().await?;
            sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(wrap)?;
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        tracing::info!(version = m.version, name = m.name, "migration applied");
        count += 1;
    }
    Ok(count)
}
