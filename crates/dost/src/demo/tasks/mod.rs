//! Demo S&T tasks (`tasks.txt`, written for this project): each group of
//! tasks is taken through the lifecycle steps, councils and checks that
//! reproduce the reference article's task counts for 1/1–30/9/2020.

use chrono::{Datelike, Months, NaiveDate};
use dost_domain::tasks::{
    self as rules, CouncilKind, DeadlineKind, EventKind, Level, MemberRole, Method, Rating, Seat, Stage, TaskParties,
    TaskType,
};
use dost_store::Db;
use dost_store::tasks::{self, NewEvent, NewTask};

mod later;

use super::DemoError;

#[derive(Debug, Default, Clone)]
pub struct DemoTask {
    pub fields: std::collections::HashMap<String, String>,
}

impl DemoTask {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

pub fn parse(text: &str) -> Result<Vec<DemoTask>, DemoError> {
    let mut out = Vec::new();
    for chunk in text.split("\n===\n") {
        let chunk = chunk.trim_start_matches("===\n").trim();
        if chunk.is_empty() {
            continue;
        }
        let mut t = DemoTask::default();
        for line in chunk.lines().filter(|l| !l.trim().is_empty()) {
            let (k, v) =
                line.split_once(':').ok_or_else(|| DemoError::Bad(format!("task line without ':': {line}")))?;
            t.fields.insert(k.trim().to_string(), v.trim().to_string());
        }
        for key in
            ["code", "title", "level", "type", "method", "lead_org", "investigator", "start", "end", "budget", "group"]
        {
            if t.get(key).is_empty() {
                return Err(DemoError::Bad(format!("task {} lacks {key}", t.get("code"))));
            }
        }
        out.push(t);
    }
    Ok(out)
}

fn month(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()
}

fn before(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months)).unwrap_or(d)
}

/// Experts who sit on councils (from organisations that lead no demo task).
const EXPERTS: &[(&str, &str)] = &[
    ("TS. Hoàng Văn Khánh", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
    ("ThS. Đàm Thị Lan", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
    ("TS. Nông Văn Tuấn", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng"),
    ("ThS. Lục Thị Hằng", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng"),
    ("BSCKII. Bế Văn Hùng", "Sở Y tế tỉnh Cao Bằng"),
    ("TS. Triệu Thị Mai", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Cao Bằng"),
    ("ThS. La Văn Quý", "Sở Tài nguyên và Môi trường tỉnh Cao Bằng"),
    ("ThS. Mã Thị Thu", "Sở Kế hoạch và Đầu tư tỉnh Cao Bằng"),
    ("ThS. Sầm Văn Đức", "Sở Tài chính tỉnh Cao Bằng"),
    ("TS. Vi Thị Ngọc", "Sở Công Thương tỉnh Cao Bằng"),
    ("ThS. Hà Văn Lợi", "Sở Thông tin và Truyền thông tỉnh Cao Bằng"),
];

struct Panel {
    ids: Vec<(i64, Option<i64>, String)>,
}

impl Panel {
    async fn new(db: &Db, now: i64) -> Result<Self, DemoError> {
        let mut ids = Vec::new();
        let mut tx = db.begin(&dost_store::audit::Actor::command_line(), now).await?;
        for (name, org) in EXPERTS {
            let org_id = tasks::organisation(&mut tx, org).await?;
            ids.push((tasks::person(&mut tx, name, Some(org_id)).await?, Some(org_id), (*name).to_string()));
        }
        tx.summarise(dost_store::Change::new("create", "person", None, "Danh sách chuyên gia mẫu"));
        tx.commit().await?;
        Ok(Self { ids })
    }

    /// A council of `n` members, rotated by `seed`, checked by the domain rules.
    fn seats(
        &self,
        kind: CouncilKind,
        seed: usize,
        parties: &TaskParties,
    ) -> Result<Vec<(i64, MemberRole, bool)>, DemoError> {
        // the smallest council the national rule allows (9 for acceptance)
        let on = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
        let size = dost_domain::rules::RuleBook::shipped()
            .council_size(kind, dost_domain::rules::Scope::National, on)
            .map_err(|e| DemoError::Bad(e.to_string()))?;
        let n = size.0;
        let roles: Vec<MemberRole> = match kind {
            CouncilKind::Appraisal => [MemberRole::Chair, MemberRole::Secretary]
                .into_iter()
                .chain(std::iter::repeat(MemberRole::Member))
                .take(n)
                .collect(),
            _ => [
                MemberRole::Chair,
                MemberRole::ViceChair,
                MemberRole::Reviewer,
                MemberRole::Reviewer,
                MemberRole::Secretary,
            ]
            .into_iter()
            .chain(std::iter::repeat(MemberRole::Member))
            .take(n)
            .collect(),
        };
        let seats: Vec<Seat> = (0..n)
            .map(|i| {
                let (id, org, name) = &self.ids[(seed + i) % self.ids.len()];
                // the last ordinary member represents the users of the results; the others are experts
                let expert = i + 1 < n || roles[i] != MemberRole::Member;
                Seat {
                    person_id: *id,
                    name: name.clone(),
                    role: roles[i],
                    organisation_id: *org,
                    relative: false,
                    expert,
                }
            })
            .collect();
        let book = dost_domain::rules::RuleBook::shipped();
        let experts = book.composition(kind, dost_domain::rules::Scope::National, on).experts;
        let rule = rules::Composition { experts, vice_chair: false };
        let problems = rules::check_council_with(kind, size, rule, &seats, parties);
        if !problems.is_empty() {
            return Err(DemoError::Bad(format!("demo council: {problems:?}")));
        }
        Ok(seats.into_iter().map(|s| (s.person_id, s.role, s.expert)).collect())
    }
}

struct Ctx<'a> {
    db: &'a Db,
    now: i64,
    /// The day the demo is loaded: the history after 2020 stops before it.
    today: NaiveDate,
}

/// A task's acceptance: the council meets on `on` and rates it.
struct Accepted<'a> {
    id: i64,
    stage: Stage,
    on: NaiveDate,
    n: usize,
    parties: &'a TaskParties,
    /// The council rates it Không đạt: not recognised, closed as failed.
    fails: bool,
}

impl Ctx<'_> {
    async fn step(
        &self,
        id: i64,
        from: Stage,
        to: Stage,
        on: NaiveDate,
        number: &str,
        note: &str,
    ) -> Result<Stage, DemoError> {
        let evidence =
            rules::Evidence { kind: to.evidence(), number: number.into(), date: on, signer: signer(to).into() };
        let next = rules::record(from, EventKind::Advance, Some(to), &evidence, on)
            .map_err(|e| DemoError::Bad(e.to_string()))?;
        let e = NewEvent {
            kind: EventKind::Advance,
            to: next,
            date: on,
            doc_kind: evidence.kind.code(),
            doc_number: number,
            doc_date: on,
            doc_signer: signer(to),
            note,
            extended_end: None,
            result_summary: None,
            doc_file: None,
        };
        one!(self.db, self.now, tx => tasks::record(&mut tx, id, from, &e).await?);
        Ok(next)
    }
}

impl Ctx<'_> {
    /// Internal acceptance a month before, the council, its votes, then
    /// recognition a month after (or, rated Không đạt, the task closed as failed).
    async fn accept(&self, panel: &Panel, a: Accepted<'_>, result: &str) -> Result<(), DemoError> {
        let (db, now, n, id, on) = (self.db, self.now, a.n, a.id, a.on);
        let bad = || DemoError::Bad(format!("task {id}"));
        let stage =
            self.step(id, a.stage, Stage::InternalAcceptance, before(on, 1), &format!("BB-NTCS-{n}"), "").await?;
        let seats = panel.seats(CouncilKind::Acceptance, n, a.parties)?;
        let council = one!(db, now, tx => tasks::create_council(&mut tx, id, CouncilKind::Acceptance, &format!("{}/QĐ-SKHCN", 900 + n), Some(on), &seats).await?);
        let votes: Vec<(i64, Rating)> = seats
            .iter()
            .enumerate()
            .map(|(k, (p, _, _))| {
                let vote = match (a.fails, k < 7 - (n % 2)) {
                    (true, _) => Rating::Fail,
                    (false, true) => Rating::Excellent,
                    (false, false) => Rating::Pass,
                };
                (*p, vote)
            })
            .collect();
        let rating = rules::acceptance_result(&votes.iter().map(|v| v.1).collect::<Vec<_>>());
        let present: Vec<(i64, Option<Rating>)> = votes.iter().map(|(p, v)| (*p, Some(*v))).collect();
        one!(db, now, tx => tasks::set_votes(&mut tx, council, &present, rating).await?);
        let stage = self.step(id, stage, Stage::OfficialAcceptance, on, &format!("BB-NT-{n}"), "").await?;
        let after = on.checked_add_months(Months::new(1)).ok_or_else(bad)?;
        let failed = rating == Some(Rating::Fail);
        let (kind, to, note) = match failed {
            true => (EventKind::Terminate, Stage::Failed, "Không công nhận kết quả; thu hồi kinh phí theo hợp đồng"),
            false => (EventKind::Advance, Stage::Recognized, "Công nhận kết quả"),
        };
        let e = NewEvent {
            kind,
            to,
            date: after,
            doc_kind: "quyet_dinh",
            doc_number: &format!("{}/QĐ-UBND", 1000 + n),
            doc_date: after,
            doc_signer: "Chủ tịch UBND tỉnh",
            note,
            extended_end: None,
            result_summary: (!failed).then_some(result),
            doc_file: None,
        };
        one!(db, now, tx => tasks::record(&mut tx, id, stage, &e).await?);
        one!(db, now, tx => tasks::close_deadlines(&mut tx, id, DeadlineKind::ContractEnd, on).await?);
        if !failed
            && let Some(c) = tasks::contract(db, id).await?
            && let Some(second) = c.instalments.get(1)
        {
            one!(db, now, tx => tasks::pay_instalment(&mut tx, id, second.id, second.planned, on).await?);
        }
        Ok(())
    }
}

fn signer(stage: Stage) -> &'static str {
    match stage {
        Stage::ListApproved | Stage::Approved | Stage::Recognized => "Chủ tịch UBND tỉnh",
        Stage::Contracted | Stage::Settled => "Giám đốc Sở KH&CN",
        Stage::Selection | Stage::Appraisal | Stage::OfficialAcceptance => "Chủ tịch hội đồng",
        _ => "Giám đốc Sở KH&CN",
    }
}

/// Loads the demo tasks. Returns how many.
pub async fn load(db: &Db, now: i64) -> Result<usize, DemoError> {
    let mut all = parse(include_str!("../tasks.txt"))?;
    all.extend(parse(include_str!("../tasks_recent.txt"))?);
    let ctx = Ctx { db, now, today: dost_domain::format::vn_date(now) };
    let panel = Panel::new(db, now).await?;
    let units = dost_store::accounts::units(db).await?;
    let qlkh = units.iter().find(|u| u.code == "QLKH").map(|u| u.id);
    let qlcn = units.iter().find(|u| u.code == "QLCN").map(|u| u.id);
    for (i, t) in all.iter().enumerate() {
        let bad = || DemoError::Bad(format!("task {}", t.get("code")));
        let start = month(t.get("start")).ok_or_else(bad)?;
        let end = month(t.get("end")).ok_or_else(bad)?;
        let budget: i64 = t.get("budget").parse().map_err(|_| bad())?;
        let state_part: i64 = t.get("state").parse().unwrap_or(budget);
        let group = t.get("group");
        let field = t.get("field");
        let years: Vec<i64> = (start.year()..=end.year()).map(i64::from).collect();
        let per_year = budget / years.len().max(1) as i64;
        let mut budget_years: Vec<(i64, i64)> = years.iter().map(|y| (*y, per_year)).collect();
        if let Some(last) = budget_years.last_mut() {
            last.1 += budget - per_year * years.len() as i64;
        }
        let new = NewTask {
            code: t.get("code").into(),
            title: t.get("title").into(),
            level: Level::parse(t.get("level")).ok_or_else(bad)?,
            task_type: TaskType::parse(t.get("type")).ok_or_else(bad)?,
            field: field.into(),
            programme: t.get("programme").into(),
            method: Method::parse(t.get("method")).ok_or_else(bad)?,
            lead_org: t.get("lead_org").into(),
            investigator: t.get("investigator").into(),
            members: t.get("members").split(';').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect(),
            unit_id: if field == "Sở hữu trí tuệ" { qlcn } else { qlkh },
            start_date: Some(start),
            end_date: Some(end),
            budget_total: budget,
            budget_state: state_part.min(budget),
            budget_lump_sum: state_part.min(budget) / 2,
            budget_years,
            objectives: t.get("objectives").into(),
            content: t.get("content").into(),
            methods: t.get("methods").into(),
            expected_results: t.get("expected").into(),
            products: String::new(),
            approved_year: None,
            // proposed a year before starting; next year's proposals in August
            proposed_on: Some(match group {
                "proposed2021" => NaiveDate::from_ymd_opt(2020, 8, 14).ok_or_else(bad)?,
                "new2020" | "new2020_ip" => NaiveDate::from_ymd_opt(2019, 10, 1).ok_or_else(bad)?,
                g if g.starts_with('y') => NaiveDate::from_ymd_opt(start.year() - 1, 8, 14).ok_or_else(bad)?,
                _ => before(start, 12),
            }),
        };
        let id = one!(db, now, tx => tasks::create(&mut tx, &new).await?).ok_or_else(bad)?;
        let detail = tasks::get(db, id).await?.ok_or_else(bad)?;
        let parties = TaskParties {
            investigator_id: detail.investigator_id,
            participant_ids: detail.members.iter().map(|m| m.0).collect(),
            lead_org_id: detail.lead_org_id,
            applicant_org_ids: Vec::new(),
        };
        let n = i + 1;
        let mut stage = Stage::Proposed;
        let council_kind =
            if new.method == Method::Selection { CouncilKind::Selection } else { CouncilKind::DirectAssignment };
        let result = match t.get("result") {
            "" => format!("Đã hoàn thành các nội dung theo hợp đồng. {}", t.get("expected")),
            r => r.to_string(),
        };
        match group {
            // the 2020 proposals stay as they were (the staff's own examples to take further)
            "proposed2021" => {}
            // proposed the August before; listed, selected, contracted in their year
            "y2022" | "y2023" | "y2024" | "y2025" | "y2026" | "y2027" | "y2028" => {
                if new.proposed_on.is_some_and(|p| p < ctx.today) {
                    let plan = later::yearly(start, end, new.budget_state);
                    ctx.go_on(&panel, (id, n), stage, &parties, council_kind, plan, &result).await?;
                }
            }
            "new2020" | "new2020_ip" => {
                // list approved in batch 1 (January) or 2 (May) of 2020, council held, maybe appraised
                let batch = if n % 2 == 0 {
                    NaiveDate::from_ymd_opt(2020, 1, 20)
                } else {
                    NaiveDate::from_ymd_opt(2020, 5, 12)
                }
                .ok_or_else(bad)?;
                stage = ctx
                    .step(
                        id,
                        stage,
                        Stage::ListApproved,
                        batch,
                        &format!("{}/QĐ-UBND", 100 + n),
                        "Danh mục nhiệm vụ cấp tỉnh thực hiện từ năm 2020",
                    )
                    .await?;
                let meeting = batch.checked_add_days(chrono::Days::new(40 + (n as u64 % 5) * 9)).ok_or_else(bad)?;
                let seats = panel.seats(council_kind, n, &parties)?;
                one!(db, now, tx => tasks::create_council(&mut tx, id, council_kind, &format!("{}/QĐ-SKHCN", 200 + n), Some(meeting), &seats).await?);
                stage = ctx
                    .step(id, stage, Stage::Selection, meeting, &format!("BB-HĐ-{}/2020", n), "Hội đồng đã họp")
                    .await?;
                if t.get("appraised") == "yes" {
                    let on = meeting.checked_add_days(chrono::Days::new(35)).ok_or_else(bad)?;
                    let seats = panel.seats(CouncilKind::Appraisal, n + 3, &parties)?;
                    one!(db, now, tx => tasks::create_council(&mut tx, id, CouncilKind::Appraisal, &format!("{}/QĐ-SKHCN", 300 + n), Some(on), &seats).await?);
                    ctx.step(
                        id,
                        stage,
                        Stage::Appraisal,
                        on,
                        &format!("BB-TĐ-{}/2020", n),
                        "Đã thẩm định nội dung, kinh phí",
                    )
                    .await?;
                }
            }
            g if g.starts_with("running") || g == "finished" => {
                stage = ctx
                    .step(id, stage, Stage::ListApproved, before(start, 10), &format!("{}/QĐ-UBND", 500 + n), "")
                    .await?;
                let meeting = before(start, 7);
                let seats = panel.seats(council_kind, n, &parties)?;
                one!(db, now, tx => tasks::create_council(&mut tx, id, council_kind, &format!("{}/QĐ-SKHCN", 600 + n), Some(meeting), &seats).await?);
                stage = ctx.step(id, stage, Stage::Selection, meeting, &format!("BB-HĐ-{n}"), "").await?;
                stage = ctx.step(id, stage, Stage::Appraisal, before(start, 5), &format!("BB-TĐ-{n}"), "").await?;
                stage =
                    ctx.step(id, stage, Stage::Approved, before(start, 3), &format!("{}/QĐ-UBND", 700 + n), "").await?;
                let plan = later::Plan {
                    list: None,
                    council: None,
                    appraisal: None,
                    approved: before(start, 3),
                    start,
                    end,
                    value: new.budget_state,
                };
                stage = ctx.contract(id, n, stage, &plan).await?;
                if t.get("inspection") == "yes" {
                    let on = NaiveDate::from_ymd_opt(2020, 10, 20).ok_or_else(bad)?;
                    one!(db, now, tx => tasks::add_inspection(&mut tx, id, on, ("thanh_tra", "ke_hoach"), "Thanh tra việc thực hiện nhiệm vụ theo kế hoạch thanh tra năm 2020").await?);
                }
                if group == "finished" {
                    ctx.accept(
                        &panel,
                        Accepted { id, stage, on: end, n, parties: &parties, fails: false },
                        t.get("result"),
                    )
                    .await?;
                }
                // the 2020 tasks stay as they were on the reference day: the
                // staff's walk-throughs take them further themselves
            }
            other => return Err(DemoError::Bad(format!("unknown task group {other}"))),
        }
    }
    Ok(all.len())
}
