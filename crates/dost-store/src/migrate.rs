//! Migrations, embedded in the binary: one folder per engine, kept in step
//! (the same versions and names in both), applied by sqlx's `Migrator`:
//! each in its own transaction, recorded with its checksum in
//! `_sqlx_migrations` (an applied migration changed since is refused), under
//! a lock (PostgreSQL's advisory lock: several instances starting together
//! migrate once). A database that has a migration this binary does not know
//! is newer than the binary and is refused with a clear message, never used.
//! Databases of the earlier runner (`schema_migrations`) are taken over once.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{MigrateError, MigrationType, Migrator};

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
    Migration {
        version: 27,
        name: "search_changes",
        sqlite: include_str!("../migrations/sqlite/0027_search_changes.sql"),
        postgres: include_str!("../migrations/postgres/0027_search_changes.sql"),
    },
    Migration {
        version: 28,
        name: "organisation",
        sqlite: include_str!("../migrations/sqlite/0028_organisation.sql"),
        postgres: include_str!("../migrations/postgres/0028_organisation.sql"),
    },
];

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

fn migrator(db: &Db) -> Migrator {
    let list = MIGRATIONS
        .iter()
        .map(|m| {
            let sql = match db {
                Db::Sqlite(_) => m.sqlite,
                Db::Postgres(_) => m.postgres,
            };
            sqlx::migrate::Migration::new(
                m.version,
                Cow::Borrowed(m.name),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(list)
}

async fn table_exists(db: &Db, table: &str) -> Result<bool> {
    let sql = match db {
        Db::Sqlite(_) => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        Db::Postgres(_) => "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
    };
    let n: i64 = on_pool!(db, p => sqlx::query_scalar(sql).bind(table).fetch_one(p).await?);
    Ok(n > 0)
}

/// The schema version of the database as it is (`None`: no schema yet).
pub async fn schema_version(db: &Db) -> Result<Option<i64>> {
    let sql = if table_exists(db, "_sqlx_migrations").await? {
        "SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE"
    } else if table_exists(db, "schema_migrations").await? {
        "SELECT MAX(version) FROM schema_migrations"
    } else {
        return Ok(None);
    };
    Ok(on_pool!(db, p => sqlx::query_scalar::<_, Option<i64>>(sql).fetch_one(p).await?))
}

/// Refuses a database whose schema is newer than this binary.
pub async fn check_not_newer(db: &Db) -> Result<()> {
    match schema_version(db).await? {
        Some(v) if v > latest_version() => Err(newer(v)),
        _ => Ok(()),
    }
}

fn newer(version: i64) -> StoreError {
    StoreError::Config(format!(
        "cơ sở dữ liệu đã ở phiên bản lược đồ {version}, mới hơn chương trình dost này (biết đến phiên bản {}): \
         hãy chạy bản dost mới hơn, hoặc khôi phục bản sao lưu lấy trước khi nâng cấp (xem docs/operations.md)",
        latest_version()
    ))
}

/// Takes over a database migrated by the earlier runner (`schema_migrations`):
/// its applied versions are recorded for sqlx with their checksums, once.
async fn take_over_earlier_runner(db: &Db, m: &Migrator) -> Result<()> {
    if !table_exists(db, "schema_migrations").await? || table_exists(db, "_sqlx_migrations").await? {
        return Ok(());
    }
    let legacy: Vec<i64> = on_pool!(db, p => sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version").fetch_all(p).await?);
    if let Some(v) = legacy.iter().copied().find(|v| !m.version_exists(*v)) {
        return Err(newer(v));
    }
    let create = match db {
        Db::Sqlite(_) => {
            "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, \
             execution_time BIGINT NOT NULL)"
        }
        Db::Postgres(_) => {
            "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, \
             execution_time BIGINT NOT NULL)"
        }
    };
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        if matches!(db, Db::Postgres(_)) {
            // two instances starting together: the second waits, then finds it done
            sqlx::query("SELECT pg_advisory_xact_lock(7470001)").execute(&mut *tx).await?;
            let done: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_sqlx_migrations'",
            ).fetch_one(&mut *tx).await?;
            if done > 0 {
                return Ok(());
            }
        }
        sqlx::query(create).execute(&mut *tx).await?;
        for mig in m.iter().filter(|x| legacy.contains(&x.version)) {
            sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ($1, $2, TRUE, $3, 0)")
                .bind(mig.version).bind(mig.description.as_ref()).bind(mig.checksum.as_ref()).execute(&mut *tx).await?;
        }
        // an older dost, which knew no better, now fails at its first migration instead of using a newer schema
        sqlx::query("DROP TABLE schema_migrations").execute(&mut *tx).await?;
        tx.commit().await?;
    });
    tracing::info!(versions = legacy.len(), "migrations of the earlier runner taken over");
    Ok(())
}

/// Applies every migration not yet applied (each in its own transaction,
/// under the migration lock). Returns how many were applied.
/// PostgreSQL's unique constraints and indexes of the schema: name → columns
/// (a refused duplicate names its constraint; its message is in the
/// server's language and is never read).
async fn unique_keys(pool: &sqlx::PgPool) -> Result<Vec<(String, Vec<String>)>> {
    Ok(sqlx::query_as(
        "SELECT i.relname::text, array_agg(a.attname::text ORDER BY k.ord) \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE x.indisunique AND NOT x.indisprimary AND n.nspname = current_schema() \
         GROUP BY i.relname",
    )
    .fetch_all(pool)
    .await?)
}

pub async fn run(db: &Db) -> Result<usize> {
    run_up_to(db, None).await
}

/// Applies the migrations up to `target` only (an older schema, for tests of
/// upgrades and backups).
pub async fn run_to(db: &Db, target: i64) -> Result<usize> {
    run_up_to(db, Some(target)).await
}

async fn run_up_to(db: &Db, target: Option<i64>) -> Result<usize> {
    let m = migrator(db);
    take_over_earlier_runner(db, &m).await?;
    let before = schema_version(db).await?;
    let ran = match target {
        None => on_pool!(db, p => m.run(p).await),
        Some(t) => on_pool!(db, p => m.run_to(t, p).await),
    };
    match ran {
        Ok(()) => {}
        Err(MigrateError::VersionMissing(v)) => return Err(newer(v)),
        Err(MigrateError::VersionMismatch(v)) => {
            return Err(StoreError::Config(format!(
                "migration {v} đã chạy trên cơ sở dữ liệu này nhưng nội dung khác với migration {v} của chương trình: \
                 cơ sở dữ liệu không phải của bản dost này"
            )));
        }
        Err(MigrateError::ExecuteMigration(e, v)) => {
            let name = MIGRATIONS.iter().find(|x| x.version == v).map(|x| x.name).unwrap_or("");
            return Err(StoreError::Migration { version: v, name, source: e });
        }
        Err(e) => return Err(StoreError::Config(format!("không chạy được migration: {e}"))),
    }
    let after = schema_version(db).await?.unwrap_or(0);
    if let Db::Postgres(pool) = db {
        crate::error::remember_unique_keys(unique_keys(pool).await?);
    }
    let applied = (after - before.unwrap_or(0)).max(0) as usize;
    if applied > 0 {
        tracing::info!(from = before.unwrap_or(0), to = after, "migrations applied");
    }
    Ok(applied)
}
