//! The figures of a period for the report (and the leadership dashboard):
//! a few queries that return the records' ids with what is counted (the
//! records themselves are listed by [`crate::records`]).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use dost_domain::report::{
    DirectiveItem, FieldFigure, Figures, InspectionRecord, Period, ProcedureFigure, ProductFigure, SimpleRecord,
    TaskFigures, TypedPlan,
};
use dost_domain::tasks::{CouncilKind, Level, Stage};

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// The verification fields in the order reports give them.
use dost_domain::registers::VERIFICATION_FIELDS as FIELDS;

fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0) - 7 * 3600
}

/// An aggregate listing the ids of a group as "1,2,3" (engine-specific SQL).
fn id_list(db: &Db, column: &str) -> String {
    match db.engine() {
        crate::Engine::Sqlite => format!("group_concat({column})"),
        crate::Engine::Postgres => format!("string_agg(CAST({column} AS TEXT), ',')"),
    }
}

/// Ids listed as "1,2,3", in ascending order.
fn parse_ids(list: Option<&str>) -> Vec<i64> {
    let mut ids: Vec<i64> = list.unwrap_or("").split(',').filter_map(|x| x.trim().parse().ok()).collect();
    ids.sort_unstable();
    ids
}

/// Everything the report of `p` is composed from.
pub async fn figures(db: &Db, p: &Period) -> Result<Figures> {
    let (from, to, year) = (p.from, p.to, i64::from(p.year()));
    let targets: Vec<(String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT code, target FROM plan_indicators WHERE year = $1").bind(year).fetch_all(pool).await?);
    let target = |code: &str| targets.iter().find(|t| t.0 == code).map(|t| t.1);

    // Hundreds of thousands of verifications a year: the ids come grouped by
    // field in one string each.
    let concat = id_list(db, "v.id");
    let sql = format!(
        "SELECT t.field, {concat} FROM verifications v JOIN instruments i ON i.id = v.instrument_id \
         JOIN instrument_types t ON t.id = i.type_id WHERE v.verified_on >= $1 AND v.verified_on <= $2 GROUP BY t.field"
    );
    let verified: Vec<(String, Option<String>)> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(from).bind(to).fetch_all(pool).await?);
    let mut by_field: BTreeMap<String, Vec<i64>> =
        verified.into_iter().map(|(field, ids)| (field, parse_ids(ids.as_deref()))).collect();
    let verification = FIELDS
        .iter()
        .map(|(field, label)| FieldFigure {
            field: (*field).into(),
            label: (*label).into(),
            ids: by_field.remove(*field).unwrap_or_default(),
            plan: target(&format!("kiem_dinh:{field}")),
        })
        .collect();

    let products: Vec<(i64, String, String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, code, name, measure FROM products ORDER BY id").fetch_all(pool).await?);
    let sql = format!(
        "SELECT product_id, {}, CAST(SUM(quantity) AS BIGINT), CAST(SUM(revenue) AS BIGINT) FROM sales \
         WHERE on_date >= $1 AND on_date <= $2 GROUP BY product_id",
        id_list(db, "id")
    );
    let sold: Vec<(i64, Option<String>, i64, i64)> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(from).bind(to).fetch_all(pool).await?);
    let sales = products
        .into_iter()
        .map(|(pid, code, name, measure)| {
            let mine = sold.iter().find(|s| s.0 == pid);
            ProductFigure {
                product_id: pid,
                plan: target(&format!("ban_hang:{code}")),
                code,
                name,
                measure,
                ids: parse_ids(mine.and_then(|s| s.1.as_deref())),
                quantity: mine.map(|s| s.2).unwrap_or(0),
                revenue: mine.map(|s| s.3).unwrap_or(0),
            }
        })
        .collect();

    // Early / on time / late as `dossiers::timeliness` decides, counted in SQL.
    let sql = format!(
        "SELECT pr.area, pr.code, pr.name, {}, CAST(SUM(d.amount) AS BIGINT), \
         SUM(CASE WHEN d.returned_on < COALESCE(d.new_due_on, d.due_on) THEN 1 ELSE 0 END), \
         SUM(CASE WHEN d.returned_on = COALESCE(d.new_due_on, d.due_on) THEN 1 ELSE 0 END), \
         SUM(CASE WHEN d.returned_on > COALESCE(d.new_due_on, d.due_on) THEN 1 ELSE 0 END) \
         FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id \
         WHERE d.returned_on >= $1 AND d.returned_on <= $2 GROUP BY pr.id, pr.area, pr.code, pr.name ORDER BY pr.id",
        id_list(db, "d.id")
    );
    type DossierRow = (String, String, String, Option<String>, i64, i64, i64, i64);
    let returned: Vec<DossierRow> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(from).bind(to).fetch_all(pool).await?);
    let dossiers = returned
        .into_iter()
        .map(|(area, code, name, ids, amount, early, on_time, late)| ProcedureFigure {
            area,
            code,
            name,
            ids: parse_ids(ids.as_deref()),
            amount,
            early,
            on_time,
            late,
        })
        .collect();

    type InspectionRow = (i64, String, String, String, String, i64, i64);
    let inspections: Vec<InspectionRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, kind, domain, subject, district, violations, fine FROM inspections \
         WHERE on_date >= $1 AND on_date <= $2 ORDER BY id"
    ).bind(from).bind(to).fetch_all(pool).await?);
    let inspections = inspections
        .into_iter()
        .map(|(id, kind, domain, subject, district, violations, fine)| InspectionRecord {
            id,
            kind,
            domain,
            subject,
            district,
            violations,
            fine,
        })
        .collect();

    let simple_rows: Vec<(String, i64, String, String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT 'centre_services', id, kind, place, participants FROM centre_services WHERE on_date >= $1 AND on_date <= $2 \
         UNION ALL SELECT 'outreach', id, kind, title, copies FROM outreach WHERE on_date >= $1 AND on_date <= $2 \
         UNION ALL SELECT 'fund_cases', id, kind, title, amount FROM fund_cases WHERE on_date >= $1 AND on_date <= $2 \
         UNION ALL SELECT 'advisory_documents', id, kind, title, 0 FROM advisory_documents WHERE on_date >= $1 AND on_date <= $2 \
         UNION ALL SELECT 'fund_movements', id, kind, note, amount FROM fund_movements WHERE on_date >= $1 AND on_date <= $2 \
         ORDER BY 1, 2"
    ).bind(from).bind(to).fetch_all(pool).await?);
    let simple = simple_rows
        .into_iter()
        .filter_map(|(table, id, kind, title, number)| {
            let table = ["centre_services", "outreach", "fund_cases", "advisory_documents", "fund_movements"]
                .into_iter()
                .find(|t| *t == table)?;
            Some(SimpleRecord { table, id, kind, title, number })
        })
        .collect();

    let (a, b) = (day_start(from), day_start(to) + 86_400);
    let web_articles: Vec<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM articles WHERE status = 'published' AND published_at >= $1 AND published_at < $2 ORDER BY id"
    ).bind(a).bind(b).fetch_all(pool).await?);
    let web_videos: Vec<i64> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM videos WHERE published_at >= $1 AND published_at < $2 ORDER BY id"
    ).bind(a).bind(b).fetch_all(pool).await?);

    let directives: Vec<(i64, String, String, String, Option<NaiveDate>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT d.id, d.text, COALESCE(u.code, ''), COALESCE(u.name, ''), d.deadline FROM directives d \
         LEFT JOIN units u ON u.id = d.unit_id WHERE d.status <> 'xong' ORDER BY (d.deadline IS NULL), d.deadline, d.id"
    ).fetch_all(pool).await?);
    let directives = directives
        .into_iter()
        .map(|(id, text, unit_code, unit_name, deadline)| DirectiveItem { id, text, unit_code, unit_name, deadline })
        .collect();

    type PlanRow = (i64, String, String, String, i64, Option<i64>, String);
    let typed: Vec<PlanRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT pi.id, pi.code, pi.name, pi.measure, pi.target, pi.achieved, COALESCE(u.code, '') FROM plan_indicators pi \
         LEFT JOIN units u ON u.id = pi.unit_id WHERE pi.year = $1 ORDER BY pi.id"
    ).bind(year).fetch_all(pool).await?);
    let typed_plans = typed
        .into_iter()
        .filter(|r| !r.1.starts_with("kiem_dinh:") && !r.1.starts_with("ban_hang:"))
        .map(|(id, _, name, measure, target, achieved, unit_code)| TypedPlan {
            id,
            name,
            measure,
            target,
            achieved,
            unit_code,
        })
        .collect();

    Ok(Figures {
        verification,
        sales,
        dossiers,
        inspections,
        simple,
        web_articles,
        web_videos,
        tasks: task_figures(db, p).await?,
        directives,
        typed_plans,
    })
}

/// The S&T task figures of a period, in three queries.
pub async fn task_figures(db: &Db, p: &Period) -> Result<TaskFigures> {
    let (from, to) = (p.from, p.to);
    let year = p.year();
    let tasks: Vec<(i64, String, String, String, Option<NaiveDate>, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, level, field, stage, start_date, title FROM tasks ORDER BY id").fetch_all(pool).await?);
    let councils: Vec<(i64, String, Option<NaiveDate>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT task_id, kind, meeting_date FROM councils WHERE meeting_date >= $1 AND meeting_date <= $2"
    ).bind(from).bind(to).fetch_all(pool).await?);
    let planned: Vec<(i64, NaiveDate)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT task_id, on_date FROM task_inspections WHERE status = 'ke_hoach' AND on_date > $1 ORDER BY on_date"
    ).bind(to).fetch_all(pool).await?);
    let mut f = TaskFigures::default();
    let ip = |field: &str| field == "Sở hữu trí tuệ";
    for (id, level, field, stage, start, title) in &tasks {
        let (Some(level), Some(stage)) = (Level::parse(level), Stage::parse(stage)) else { continue };
        if stage.is_running() {
            match level {
                Level::Provincial if ip(field) => f.ip.push(*id),
                Level::Provincial => f.provincial.push(*id),
                Level::Ministry => f.ministry.push(*id),
                Level::RuralMountain => f.rural.push(*id),
                Level::National => f.national.push(*id),
                Level::UrgentLocal => f.urgent.push(*id),
                Level::Grassroots => {}
            }
        }
        if level == Level::Provincial && !ip(field) && start.is_some_and(|s| s.year() == year) {
            f.new_tasks.push(*id);
            let met = |kinds: &[CouncilKind]| {
                councils.iter().any(|c| c.0 == *id && CouncilKind::parse(&c.1).is_some_and(|k| kinds.contains(&k)))
            };
            if met(&[CouncilKind::Selection, CouncilKind::DirectAssignment]) {
                f.with_council.push(*id);
            }
            if met(&[CouncilKind::Appraisal]) {
                f.appraised.push(*id);
            }
        }
        if level == Level::RuralMountain && stage == Stage::Proposed && start.is_some_and(|s| s.year() == year + 1) {
            f.proposed_next.push(*id);
        }
        if planned.iter().any(|(t, _)| t == id) {
            f.planned_inspections.push((*id, title.clone()));
        }
    }
    Ok(f)
}

/// A saved revision of a report's text.
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: i64,
    pub edits: dost_domain::report::Edits,
    pub author: String,
    pub created_at: i64,
}

/// The revisions of the report of a period and units, newest first.
pub async fn revisions(db: &Db, p: &Period, units: &str) -> Result<Vec<Revision>> {
    let rows: Vec<(i64, String, String, String, String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, intro, notes, proposals, author, created_at FROM report_revisions \
         WHERE period_from = $1 AND period_to = $2 AND units = $3 ORDER BY id DESC"
    ).bind(p.from).bind(p.to).bind(units).fetch_all(pool).await?);
    Ok(rows
        .into_iter()
        .map(|(id, intro, notes, proposals, author, created_at)| Revision {
            id,
            edits: dost_domain::report::Edits {
                intro,
                notes: serde_json::from_str(&notes).unwrap_or_default(),
                proposals,
            },
            author,
            created_at,
        })
        .collect())
}

/// Saves the text as a new revision (with an audit entry); returns its id.
pub async fn save_revision(tx: &mut Tx, p: &Period, units: &str, e: &dost_domain::report::Edits) -> Result<i64> {
    let notes = serde_json::to_string(&e.notes).unwrap_or_else(|_| "[]".into());
    let (now, author) = (tx.now(), tx.actor().username.clone());
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO report_revisions (period_from, period_to, units, intro, notes, proposals, author, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    ).bind(p.from).bind(p.to).bind(units).bind(&e.intro).bind(&notes).bind(&e.proposals).bind(&author).bind(now)
        .fetch_one(&mut *c).await?);
    tx.audit(
        Change::new("update", "report", Some(id), format!("Sửa văn bản báo cáo {}", p.label()))
            .after(e.proposals.clone()),
    );
    Ok(id)
}
