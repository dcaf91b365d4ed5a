//! The figures of a period for the report (and the leadership dashboard):
//! a few queries that return the records' ids with what is counted (the
//! records themselves are listed by [`crate::records`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dost_domain::report::{
    DirectiveItem, DossierFlow, FieldFigure, Figures, InspectionRecord, LastYear, Period, PlanTarget, ProcedureFigure,
    ProductFigure, SimpleRecord, TaskFigures, TaskHistory, TaskStep, TypedPlan,
};
use dost_domain::tasks::{CouncilKind, EventKind, Level, Stage};

use crate::db::on_pool;
use crate::{Db, Result};

mod revisions;

pub use revisions::{Revision, revisions, save_revision};

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
    let verified_between = |a: NaiveDate| {
        let sql = sql.clone();
        async move {
            let rows: Vec<(String, Option<String>)> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(a).bind(to).fetch_all(pool).await?);
            Ok::<BTreeMap<String, Vec<i64>>, crate::StoreError>(
                rows.into_iter().map(|(field, ids)| (field, parse_ids(ids.as_deref()))).collect(),
            )
        }
    };
    let mut by_field = verified_between(from).await?;
    let mut so_far = if p.is_year_to_date() { by_field.clone() } else { verified_between(p.year_start()).await? };
    let verification = FIELDS
        .iter()
        .map(|(field, label)| FieldFigure {
            field: (*field).into(),
            label: (*label).into(),
            ids: by_field.remove(*field).unwrap_or_default(),
            ytd_ids: so_far.remove(*field).unwrap_or_default(),
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
    let sold_between = |a: NaiveDate| {
        let sql = sql.clone();
        async move {
            let rows: Vec<(i64, Option<String>, i64, i64)> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(a).bind(to).fetch_all(pool).await?);
            Ok::<_, crate::StoreError>(rows)
        }
    };
    let sold = sold_between(from).await?;
    let sold_so_far = if p.is_year_to_date() { sold.clone() } else { sold_between(p.year_start()).await? };
    let sales = products
        .into_iter()
        .map(|(pid, code, name, measure)| {
            let mine = sold.iter().find(|s| s.0 == pid);
            let ytd = sold_so_far.iter().find(|s| s.0 == pid);
            ProductFigure {
                ytd_ids: parse_ids(ytd.and_then(|s| s.1.as_deref())),
                ytd_quantity: ytd.map(|s| s.2).unwrap_or(0),
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

    // Given by the period's end and not done by then.
    let directives: Vec<(i64, String, String, String, Option<NaiveDate>, NaiveDate)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT d.id, d.text, COALESCE(u.code, ''), COALESCE(u.name, ''), d.deadline, d.meeting_date FROM directives d \
         LEFT JOIN units u ON u.id = d.unit_id WHERE d.meeting_date <= $1 \
         AND (d.status <> 'xong' OR d.done_on IS NULL OR d.done_on > $1) ORDER BY (d.deadline IS NULL), d.deadline, d.id"
    ).bind(to).fetch_all(pool).await?);
    let directives = directives
        .into_iter()
        .map(|(id, text, unit_code, unit_name, deadline, given_on)| DirectiveItem {
            id,
            text,
            unit_code,
            unit_name,
            deadline,
            given_on,
        })
        .collect();

    // Typed results: the latest reported on or before the period's end.
    type PlanRow = (i64, String, String, String, i64, String);
    let typed: Vec<PlanRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT pi.id, pi.code, pi.name, pi.measure, pi.target, COALESCE(u.code, '') FROM plan_indicators pi \
         LEFT JOIN units u ON u.id = pi.unit_id WHERE pi.year = $1 ORDER BY pi.id"
    ).bind(year).fetch_all(pool).await?);
    let results: Vec<(i64, NaiveDate, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT r.indicator_id, r.reported_on, r.achieved FROM plan_results r JOIN plan_indicators pi ON pi.id = r.indicator_id \
         WHERE pi.year = $1 AND r.reported_on <= $2 ORDER BY r.reported_on"
    ).bind(year).bind(to).fetch_all(pool).await?);
    let typed_plans = typed
        .into_iter()
        .filter(|r| !r.1.starts_with("kiem_dinh:") && !r.1.starts_with("ban_hang:"))
        .map(|(id, code, name, measure, target, unit_code)| {
            let latest = results.iter().rfind(|r| r.0 == id);
            TypedPlan {
                id,
                code,
                name,
                measure,
                target,
                achieved: latest.map(|r| r.2),
                reported_on: latest.map(|r| r.1),
                unit_code,
            }
        })
        .collect();
    let next_year = if matches!(p.kind, Some((dost_domain::report::PeriodKind::Year, _))) {
        let rows: Vec<(i64, String, String, i64, String)> = on_pool!(db, pool => sqlx::query_as(
            "SELECT pi.id, pi.name, pi.measure, pi.target, COALESCE(u.code, '') FROM plan_indicators pi \
             LEFT JOIN units u ON u.id = pi.unit_id WHERE pi.year = $1 ORDER BY pi.id"
        ).bind(year + 1).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(id, name, measure, target, unit_code)| PlanTarget { id, name, measure, target, unit_code })
            .collect()
    } else {
        Vec::new()
    };

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
        dossier_flow: dossier_flow(db, p).await?,
        next_year,
        last_year: last_year(db, p).await?,
    })
}

/// Dossiers received in the period, carried over into it, and pending at its end.
async fn dossier_flow(db: &Db, p: &Period) -> Result<DossierFlow> {
    type Row = (i64, NaiveDate, Option<NaiveDate>, NaiveDate, String, String);
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(
        "SELECT d.id, d.received_on, d.returned_on, COALESCE(d.new_due_on, d.due_on), pr.name, d.channel FROM dossiers d \
         JOIN procedures pr ON pr.id = d.procedure_id \
         WHERE d.received_on <= $2 AND (d.returned_on IS NULL OR d.returned_on >= $1) ORDER BY pr.id, d.id"
    ).bind(p.from).bind(p.to).fetch_all(pool).await?);
    let mut f = DossierFlow::default();
    for (id, received, returned, due, procedure, channel) in rows {
        if f.by_procedure.last().is_none_or(|x| x.0 != procedure) {
            f.by_procedure.push((procedure, 0, 0, 0));
        }
        let line = f.by_procedure.last_mut().map(|x| (&mut x.1, &mut x.2, &mut x.3));
        let Some((received_n, carried_n, pending_n)) = line else { continue };
        if received >= p.from {
            f.received.push(id);
            if channel == "truc_tuyen" {
                f.received_online.push(id);
            }
            *received_n += 1;
        } else {
            f.carried_over.push(id);
            *carried_n += 1;
        }
        if returned.is_none_or(|r| r > p.to) {
            *pending_n += 1;
            f.pending.push(id);
            if due < p.to {
                f.pending_overdue.push(id);
            }
        }
    }
    Ok(f)
}

/// A few totals of the same period a year earlier, when anything was recorded then.
async fn last_year(db: &Db, p: &Period) -> Result<Option<LastYear>> {
    let Some(before) = p.year_before() else { return Ok(None) };
    let (a, b) = (before.from, before.to);
    let count = |sql: &'static str| async move {
        let n: i64 = on_pool!(db, pool => sqlx::query_scalar(sql).bind(a).bind(b).fetch_one(pool).await?);
        Ok::<i64, crate::StoreError>(n)
    };
    let totals = LastYear {
        verified: count("SELECT COUNT(*) FROM verifications WHERE verified_on >= $1 AND verified_on <= $2").await?,
        dossiers_returned: count("SELECT COUNT(*) FROM dossiers WHERE returned_on >= $1 AND returned_on <= $2").await?,
        inspections: count("SELECT COUNT(*) FROM inspections WHERE on_date >= $1 AND on_date <= $2").await?,
        revenue: count(
            "SELECT CAST(COALESCE(SUM(revenue), 0) AS BIGINT) FROM sales WHERE on_date >= $1 AND on_date <= $2",
        )
        .await?,
        posts: {
            let (x, y) = (day_start(a), day_start(b) + 86_400);
            on_pool!(db, pool => sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at >= $1 AND published_at < $2) \
                 + (SELECT COUNT(*) FROM videos WHERE published_at >= $1 AND published_at < $2)"
            ).bind(x).bind(y).fetch_one(pool).await?)
        },
    };
    let any = totals.verified + totals.dossiers_returned + totals.inspections + totals.revenue + totals.posts > 0;
    Ok(any.then_some(totals))
}

/// The S&T task figures of a period, as of its last day: every task with
/// its dated steps and councils, counted by [`dost_domain::report::task_figures`].
pub async fn task_figures(db: &Db, p: &Period) -> Result<TaskFigures> {
    type TaskRow = (
        i64,
        String,
        String,
        String,
        String,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        i64,
    );
    let tasks: Vec<TaskRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, title, level, field, field_code, start_date, end_date, extended_end_date, proposed_on, budget_total FROM tasks ORDER BY id"
    ).fetch_all(pool).await?);
    let steps: Vec<(i64, NaiveDate, String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT task_id, event_date, kind, to_stage FROM task_events WHERE event_date <= $1 ORDER BY task_id, event_date, id"
    ).bind(p.to).fetch_all(pool).await?);
    let councils: Vec<(i64, String, NaiveDate)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT task_id, kind, meeting_date FROM councils WHERE meeting_date IS NOT NULL AND meeting_date <= $1"
    ).bind(p.to).fetch_all(pool).await?);
    let planned: Vec<(i64, NaiveDate)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT task_id, on_date FROM task_inspections WHERE status = 'ke_hoach' AND on_date > $1 ORDER BY on_date"
    ).bind(p.to).fetch_all(pool).await?);
    // each task's steps and councils, grouped once (the lists grow with the years)
    let mut steps_of: std::collections::HashMap<i64, Vec<TaskStep>> = std::collections::HashMap::new();
    for (task, date, kind, to) in steps {
        let (Some(k), Some(t)) = (EventKind::parse(&kind), Stage::parse(&to)) else {
            return Err(crate::StoreError::Invalid(format!("task {task}: step {kind} → {to}")));
        };
        steps_of.entry(task).or_default().push(TaskStep { date, kind: k, to: t });
    }
    let mut councils_of: std::collections::HashMap<i64, Vec<(CouncilKind, NaiveDate)>> =
        std::collections::HashMap::new();
    for (task, kind, on) in councils {
        if let Some(k) = CouncilKind::parse(&kind) {
            councils_of.entry(task).or_default().push((k, on));
        }
    }
    let mut histories = Vec::with_capacity(tasks.len());
    for (id, title, level, field, field_code, start, end, extended_end, proposed_on, budget) in tasks {
        let level =
            Level::parse(&level).ok_or_else(|| crate::StoreError::Invalid(format!("task {id}: level {level}")))?;
        let task_steps = steps_of.remove(&id).unwrap_or_default();
        let task_councils = councils_of.remove(&id).unwrap_or_default();
        histories.push(TaskHistory {
            id,
            title,
            level,
            ip: field_code == "so_huu_tri_tue",
            field,
            budget,
            start,
            end,
            extended_end,
            proposed_on,
            steps: task_steps,
            councils: task_councils,
        });
    }
    Ok(dost_domain::report::task_figures(&histories, &planned, p))
}
