//! The demo tasks after 2020: those proposed or selected in 2020 approved,
//! contracted and run; every task accepted (or, rarely, failed) two months
//! after its end, some extended once first; new tasks of each year since
//! 2022 (`tasks_recent.txt`). Only what happened before the day the demo is
//! loaded is recorded: a task may still be running, or waiting for approval.

use chrono::{Months, NaiveDate};
use dost_domain::tasks::{CouncilKind, DeadlineKind, EventKind, Stage, TaskParties};
use dost_store::tasks::{self, NewEvent};

use super::{Accepted, Ctx, Panel, before};
use crate::demo::DemoError;

/// The days of a task's steps after 2020 (`None`: done already).
pub(super) struct Plan {
    pub list: Option<NaiveDate>,
    pub council: Option<NaiveDate>,
    pub appraisal: Option<NaiveDate>,
    pub approved: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The state budget under contract.
    pub value: i64,
}

/// The usual calendar of a task starting on `start`: listed in January,
/// council in March, appraisal in April, approved in May of that year.
pub(super) fn yearly(start: NaiveDate, end: NaiveDate, value: i64) -> Plan {
    let y = chrono::Datelike::year(&start);
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day).unwrap_or(start);
    Plan {
        list: Some(d(1, 20)),
        council: Some(d(3, 10)),
        appraisal: Some(d(4, 12)),
        approved: d(5, 14).min(start),
        start,
        end,
        value,
    }
}

/// What happened to a running task after its end: extended once (its new
/// end), then accepted or failed two months after it, if that day has come.
pub(super) struct Later {
    pub extended_to: Option<NaiveDate>,
    pub end: NaiveDate,
    pub fails: bool,
}

pub(super) fn later(n: usize, end: NaiveDate, today: NaiveDate) -> Option<Later> {
    let extended_to = (n % 5 == 2).then(|| end.checked_add_months(Months::new(6)).unwrap_or(end));
    let on = extended_to.unwrap_or(end).checked_add_months(Months::new(2))?;
    (on < today).then_some(Later { extended_to, end: on, fails: n % 13 == 6 })
}

impl Ctx<'_> {
    /// The contract signed on `start` (60% advanced, the rest a year later),
    /// the task under way, its contract end watched.
    pub(super) async fn contract(&self, id: i64, n: usize, stage: Stage, plan: &Plan) -> Result<Stage, DemoError> {
        let (db, now, start) = (self.db, self.now, plan.start);
        let number = format!("{n:02}/HĐ-SKHCN");
        let stage = self.step(id, stage, Stage::Contracted, start, &number, "").await?;
        one!(db, now, tx => tasks::save_contract(&mut tx, id, &number, start, plan.value).await?);
        let first = plan.value * 6 / 10;
        let second = start.checked_add_months(Months::new(12)).unwrap_or(start);
        one!(db, now, tx => tasks::add_instalment(&mut tx, id, start, first).await?);
        one!(db, now, tx => tasks::add_instalment(&mut tx, id, second, plan.value - first).await?);
        if let Some(c) = tasks::contract(db, id).await?
            && let Some(one) = c.instalments.first()
        {
            one!(db, now, tx => tasks::pay_instalment(&mut tx, id, one.id, first, start).await?);
        }
        let stage = self
            .step(id, stage, Stage::InProgress, start, &format!("{}/QĐ-SKHCN", 800 + n), "Bắt đầu thực hiện")
            .await?;
        one!(db, now, tx => tasks::add_deadline(&mut tx, id, DeadlineKind::ContractEnd, plan.end, "Hết hạn hợp đồng").await?);
        Ok(stage)
    }

    /// Takes a task from `stage` through the steps of `plan` that fall
    /// before the demo's day, then (when its time has come) to acceptance.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn go_on(
        &self,
        panel: &Panel,
        (id, n): (i64, usize),
        mut stage: Stage,
        parties: &TaskParties,
        council_kind: CouncilKind,
        plan: Plan,
        result: &str,
    ) -> Result<(), DemoError> {
        let (db, now, today) = (self.db, self.now, self.today);
        let year = chrono::Datelike::year(&plan.start);
        if let Some(on) = plan.list.filter(|d| *d < today) {
            let note = format!("Danh mục nhiệm vụ cấp tỉnh thực hiện từ năm {year}");
            stage = self.step(id, stage, Stage::ListApproved, on, &format!("{}/QĐ-UBND", 100 + n), &note).await?;
        }
        if let Some(on) = plan.council.filter(|d| *d < today) {
            let seats = panel.seats(council_kind, n, parties)?;
            one!(db, now, tx => tasks::create_council(&mut tx, id, council_kind, &format!("{}/QĐ-SKHCN", 200 + n), Some(on), &seats).await?);
            stage = self.step(id, stage, Stage::Selection, on, &format!("BB-HĐ-{n}/{year}"), "Hội đồng đã họp").await?;
        }
        if let Some(on) = plan.appraisal.filter(|d| *d < today) {
            let seats = panel.seats(CouncilKind::Appraisal, n + 3, parties)?;
            one!(db, now, tx => tasks::create_council(&mut tx, id, CouncilKind::Appraisal, &format!("{}/QĐ-SKHCN", 300 + n), Some(on), &seats).await?);
            stage = self
                .step(id, stage, Stage::Appraisal, on, &format!("BB-TĐ-{n}/{year}"), "Đã thẩm định nội dung, kinh phí")
                .await?;
        }
        if stage != Stage::Appraisal || plan.approved >= today {
            return Ok(());
        }
        stage = self.step(id, stage, Stage::Approved, plan.approved, &format!("{}/QĐ-UBND", 700 + n), "").await?;
        if plan.start >= today {
            return Ok(());
        }
        stage = self.contract(id, n, stage, &plan).await?;
        match later(n, plan.end, today) {
            Some(l) => self.wind_up(panel, (id, n), stage, parties, l, result).await,
            None => Ok(()),
        }
    }

    /// A running task: extended once if so, then accepted (or failed).
    pub(super) async fn wind_up(
        &self,
        panel: &Panel,
        (id, n): (i64, usize),
        stage: Stage,
        parties: &TaskParties,
        later: Later,
        result: &str,
    ) -> Result<(), DemoError> {
        if let Some(new_end) = later.extended_to {
            let on = before(new_end, 7);
            let e = NewEvent {
                kind: EventKind::Extend,
                to: stage,
                date: on,
                doc_kind: "quyet_dinh",
                doc_number: &format!("{}/QĐ-SKHCN", 1500 + n),
                doc_date: on,
                doc_signer: "Giám đốc Sở KH&CN",
                note: "Gia hạn thời gian thực hiện do ảnh hưởng của thời tiết tới mùa vụ thí nghiệm",
                extended_end: Some(new_end),
                result_summary: None,
                doc_file: None,
            };
            one!(self.db, self.now, tx => tasks::record(&mut tx, id, stage, &e).await?);
        }
        self.accept(panel, Accepted { id, stage, on: later.end, n, parties, fails: later.fails }, result).await
    }
}
