//! What the store fetches for a period: each item carries the ids of its
//! records, so every figure of the report can name them.

use chrono::NaiveDate;

/// Verifications of one field in the period, against the year's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFigure {
    pub field: String,
    pub label: String,
    pub ids: Vec<i64>,
    /// Verified from the start of the plan year to the period's end.
    pub ytd_ids: Vec<i64>,
    pub plan: Option<i64>,
}

/// Sales of one product of the applied S&T centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFigure {
    /// The product's row (the sales register filters by it).
    pub product_id: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub ids: Vec<i64>,
    pub quantity: i64,
    pub revenue: i64,
    /// Sales from the start of the plan year to the period's end.
    pub ytd_ids: Vec<i64>,
    pub ytd_quantity: i64,
    pub plan: Option<i64>,
}

/// Dossiers of one procedure returned in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureFigure {
    pub area: String,
    pub code: String,
    pub name: String,
    pub ids: Vec<i64>,
    pub amount: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionRecord {
    pub id: i64,
    pub kind: String,
    pub domain: String,
    pub subject: String,
    pub district: String,
    pub violations: i64,
    pub fine: i64,
}

/// A record of the small registers: centre services, outreach, fund cases,
/// advisory documents (`table` names which).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleRecord {
    pub table: &'static str,
    pub id: i64,
    pub kind: String,
    pub title: String,
    /// Participants, copies, amount in đồng (by table).
    pub number: i64,
}

/// The S&T task figures (ids of the tasks counted), as of the period's
/// last day (see [`super::task_figures`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFigures {
    /// Running on the last day, by level (IP tasks apart).
    pub provincial: Vec<i64>,
    pub ministry: Vec<i64>,
    pub rural: Vec<i64>,
    pub national: Vec<i64>,
    pub urgent: Vec<i64>,
    pub ip: Vec<i64>,
    /// Running on the last day although their (extended) end has passed.
    pub overdue: Vec<i64>,
    /// Provincial tasks (not IP) starting in the plan year, on a list
    /// approved by the period's end.
    pub new_tasks: Vec<i64>,
    /// Of those, with a selection or direct-assignment council held by the end.
    pub with_council: Vec<i64>,
    /// … held within the period.
    pub with_council_in_period: Vec<i64>,
    /// Of those, with a content-and-budget appraisal held by the end.
    pub appraised: Vec<i64>,
    pub appraised_in_period: Vec<i64>,
    /// Provincial IP tasks starting in the plan year, approved by the end.
    pub new_ip: Vec<i64>,
    pub ip_with_council: Vec<i64>,
    pub ip_with_council_in_period: Vec<i64>,
    pub ip_appraised: Vec<i64>,
    /// Rural–mountain projects proposed for the next year (still proposals at the end).
    pub proposed_next: Vec<i64>,
    /// Officially accepted, recognised, extended, terminated within the period.
    pub accepted: Vec<i64>,
    pub recognised: Vec<i64>,
    pub extended: Vec<i64>,
    pub terminated: Vec<i64>,
    /// Task inspections planned after the period: (task id, title, day).
    pub planned_inspections: Vec<(i64, String, NaiveDate)>,
    /// Every task that existed on the last day, with its stage then.
    pub states: Vec<super::task_history::TaskState>,
}

/// One-stop dossiers through the period (those returned are in [`ProcedureFigure`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DossierFlow {
    /// Received within the period.
    pub received: Vec<i64>,
    /// … of which through the online public service.
    pub received_online: Vec<i64>,
    /// Received before the period and not returned when it began.
    pub carried_over: Vec<i64>,
    /// Not returned at the period's end …
    pub pending: Vec<i64>,
    /// … of which past their due day.
    pub pending_overdue: Vec<i64>,
    /// The same, by procedure: (procedure name, received, carried over, pending).
    pub by_procedure: Vec<(String, i64, i64, i64)>,
}

/// A target of a plan (next year's plan in the year report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTarget {
    pub id: i64,
    pub name: String,
    pub measure: String,
    pub target: i64,
    pub unit_code: String,
}

/// Totals of the same period a year earlier, for "so với cùng kỳ năm trước".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastYear {
    pub verified: i64,
    pub dossiers_returned: i64,
    pub inspections: i64,
    pub revenue: i64,
    pub posts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveItem {
    pub id: i64,
    pub text: String,
    pub unit_code: String,
    pub unit_name: String,
    pub deadline: Option<NaiveDate>,
    /// The day the directive was given.
    pub given_on: NaiveDate,
}

/// A plan indicator whose result is typed (no record type counts it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedPlan {
    pub id: i64,
    /// Its code (`cds:…` digital transformation, `bcvt:…` post and telecommunications).
    pub code: String,
    pub name: String,
    pub measure: String,
    pub target: i64,
    /// The latest result reported on or before the period's end.
    pub achieved: Option<i64>,
    /// The day that result was reported.
    pub reported_on: Option<NaiveDate>,
    pub unit_code: String,
}

/// Everything a period's report is composed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub verification: Vec<FieldFigure>,
    pub sales: Vec<ProductFigure>,
    pub dossiers: Vec<ProcedureFigure>,
    pub inspections: Vec<InspectionRecord>,
    pub simple: Vec<SimpleRecord>,
    pub web_articles: Vec<i64>,
    pub web_videos: Vec<i64>,
    pub tasks: TaskFigures,
    /// Directives given by the period's end and not done by then.
    pub directives: Vec<DirectiveItem>,
    pub typed_plans: Vec<TypedPlan>,
    pub dossier_flow: DossierFlow,
    /// The next year's plan (read for the year report).
    pub next_year: Vec<PlanTarget>,
    /// The same period last year, when records of it exist.
    pub last_year: Option<LastYear>,
}

impl Figures {
    /// The inspections that `keep` selects (ids in ascending order).
    pub fn inspection_ids(&self, keep: impl Fn(&InspectionRecord) -> bool) -> Vec<i64> {
        self.inspections.iter().filter(|i| keep(i)).map(|i| i.id).collect()
    }

    /// How many different subjects these inspections (ids in ascending order) concern.
    pub fn distinct_subjects(&self, ids: &[i64]) -> i64 {
        let mut subjects: Vec<&str> =
            self.inspections.iter().filter(|i| ids.binary_search(&i.id).is_ok()).map(|i| i.subject.as_str()).collect();
        subjects.sort_unstable();
        subjects.dedup();
        subjects.len() as i64
    }

    /// The districts of these inspections, sorted, each once.
    pub fn districts_of(&self, ids: &[i64]) -> Vec<String> {
        let mut districts: Vec<String> = self
            .inspections
            .iter()
            .filter(|i| ids.binary_search(&i.id).is_ok() && !i.district.is_empty())
            .map(|i| i.district.clone())
            .collect();
        districts.sort();
        districts.dedup();
        districts
    }

    /// Records of the small registers of a table and kinds.
    pub fn simple_of(&self, table: &str, kinds: &[&str]) -> Vec<&SimpleRecord> {
        self.simple.iter().filter(|r| r.table == table && kinds.contains(&r.kind.as_str())).collect()
    }

    /// Dossiers returned in the period, by procedure, of one area of procedures.
    pub fn dossiers_of(&self, area: &str) -> Vec<&ProcedureFigure> {
        self.dossiers.iter().filter(|d| d.area == area).collect()
    }

    /// Whether nothing at all was recorded in the period (tasks under way and
    /// open directives are standing state, not records of the period).
    pub fn is_empty(&self) -> bool {
        self.verification.iter().all(|f| f.ids.is_empty())
            && self.sales.iter().all(|s| s.ids.is_empty())
            && self.dossiers.is_empty()
            && self.inspections.is_empty()
            && self.simple.is_empty()
            && self.web_articles.is_empty()
            && self.web_videos.is_empty()
            && self.tasks.new_tasks.is_empty()
            && self.dossier_flow.received.is_empty()
    }

    /// Verifications of the plan year so far, in all fields.
    pub fn verified_so_far(&self) -> i64 {
        self.verification.iter().map(|f| f.ytd_ids.len() as i64).sum()
    }
}
