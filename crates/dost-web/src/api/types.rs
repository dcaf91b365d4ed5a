//! What the API returns, as types: the OpenAPI document's schemas are
//! generated from them, so the description cannot drift from the answers.
//! Dates are ISO 8601 (`2020-09-30`, or with the time and `+07:00`); text is
//! NFC; every resource links to itself and to its public page.

use serde::Serialize;
use utoipa::ToSchema;

/// Where a resource is: its address in the API and its public page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Links {
    /// The resource in the API.
    #[serde(rename = "self")]
    pub self_: String,
    /// The portal page showing it.
    pub html: String,
}

/// A coded value with its Vietnamese label.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coded {
    pub code: String,
    pub label: String,
}

/// Where a list stands and how to move in it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListMeta {
    pub page: i64,
    pub per_page: i64,
    /// Every item matching the filters (not just this page).
    pub total: i64,
}

/// The list's pages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListLinks {
    #[serde(rename = "self")]
    pub self_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

macro_rules! list_of {
    ($(#[$m:meta])* $name:ident, $item:ty) => {
        $(#[$m])*
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub meta: ListMeta,
            pub links: ListLinks,
        }
    };
}

/// A category of the news.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The parent category, for a sub-category.
    pub parent_id: Option<i64>,
    pub position: i64,
    pub links: Links,
}

/// The categories, in the menu's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<Category>,
}

/// An article as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleSummary {
    pub id: i64,
    pub title: String,
    pub lead: String,
    /// The article's main category (its slug).
    pub category: String,
    /// Published at (ISO 8601, Vietnam time).
    pub published_at: String,
    /// The article's picture (absolute address), if any.
    pub image: Option<String>,
    pub links: Links,
}

list_of!(
    /// Published articles, the newest first.
    ArticleList,
    ArticleSummary
);

/// The star rating visitors gave.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rating {
    pub points: i64,
    pub votes: i64,
}

/// An article with its body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Article {
    pub id: i64,
    pub title: String,
    pub lead: String,
    /// Every category of the article (slugs), the main one first.
    pub categories: Vec<String>,
    pub author: String,
    pub source: String,
    /// The body as the portal shows it (sanitised HTML).
    pub body_html: String,
    pub image: Option<String>,
    pub image_caption: String,
    pub tags: Vec<String>,
    pub rating: Rating,
    pub published_at: String,
    pub updated_at: String,
    pub links: Links,
}

/// An S&T task as the public register shows it (Thông tư 14/2014/TT-BKHCN):
/// never its budget, contracts, councils or anyone's personal data beyond
/// the lead investigator's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Task {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: Coded,
    pub task_type: String,
    pub field: String,
    pub programme: String,
    pub lead_org: String,
    pub investigator: String,
    /// The month it starts (ISO 8601, `2019-09`), as the register shows it.
    pub start_month: Option<String>,
    /// The month it ends (`2021-12`).
    pub end_month: Option<String>,
    pub status: Coded,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected_results: String,
    /// The accepted result (only once accepted).
    pub result: Option<String>,
    pub links: Links,
}

/// A task as the register lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskSummary {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: Coded,
    pub field: String,
    pub lead_org: String,
    pub investigator: String,
    pub start_month: Option<String>,
    pub end_month: Option<String>,
    pub status: Coded,
    pub links: Links,
}

list_of!(
    /// Tasks of the public register.
    TaskList,
    TaskSummary
);

/// Another legal document, referred to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentRef {
    pub id: Option<i64>,
    pub number: String,
    /// The document in the API, when it is kept here.
    pub link: Option<String>,
}

/// A legal document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LegalDocument {
    pub id: i64,
    pub number: String,
    pub kind: Coded,
    pub issuer: String,
    pub signer: String,
    pub issued_on: String,
    pub effective_on: Option<String>,
    pub expired_on: Option<String>,
    pub status: Coded,
    pub field: String,
    pub summary: String,
    /// The attached file (absolute address), if any.
    pub file: Option<String>,
    /// What replaced it, if anything.
    pub replaced_by: Option<DocumentRef>,
    /// What it replaced.
    pub replaces: Vec<DocumentRef>,
    pub links: Links,
}

list_of!(
    /// Legal documents, the latest issued first.
    LegalDocumentList,
    LegalDocument
);

/// An administrative procedure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub area: Coded,
    pub level: String,
    /// The legal time, in days.
    pub time_limit_days: i64,
    /// Whether the days are calendar days (otherwise working days).
    pub calendar_days: bool,
    pub fee: String,
    pub documents: Vec<String>,
    pub submit_at: String,
    pub legal_basis: Vec<String>,
    /// Forms to download (absolute addresses).
    pub forms: Vec<String>,
    pub links: Links,
}

list_of!(
    /// The procedure catalogue.
    ProcedureList,
    Procedure
);

/// A step of a dossier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DossierStep {
    pub date: String,
    pub step: String,
}

/// Where a dossier stands (by the code on its receipt): never the
/// applicant beyond a masked name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DossierStatus {
    pub code: String,
    pub procedure: Coded,
    /// The applicant's name, masked (`N***** V** A*`).
    pub applicant: String,
    pub received_on: String,
    pub due_on: String,
    /// A new date given after a request for more documents.
    pub new_due_on: Option<String>,
    pub status: String,
    pub returned_on: Option<String>,
    pub steps: Vec<DossierStep>,
    pub links: Links,
}

/// An entry of the leaders' schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleEntry {
    pub date: String,
    /// `08:30`.
    pub time: String,
    pub leader: String,
    pub content: String,
    pub chair: String,
    pub attendees: String,
    pub place: String,
    pub state: Coded,
    /// When it was changed after being published, if it was.
    pub changed_at: Option<String>,
}

/// A week of the schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleWeek {
    /// ISO week, `2020-W38`.
    pub week: String,
    pub label: String,
    pub monday: String,
    pub sunday: String,
    pub entries: Vec<ScheduleEntry>,
    pub previous: String,
    pub next: String,
    pub links: Links,
}

/// A published question and its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Question {
    pub id: i64,
    pub title: String,
    pub topic: Coded,
    /// The asker's name, shortened (`N. T. Bích`).
    pub asker: String,
    pub asked_on: String,
    pub question: String,
    pub answer: String,
    /// The unit that answered.
    pub unit: String,
    pub published_on: String,
    pub links: Links,
}

list_of!(
    /// Published questions, the latest published first.
    QuestionList,
    Question
);

/// Visits of one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayVisits {
    pub date: String,
    pub guests: i64,
    pub members: i64,
    pub bots: i64,
    pub page_views: i64,
}

/// Visitor statistics: now, and the days of a month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Statistics {
    pub online: i64,
    pub today: i64,
    pub this_month: i64,
    pub total: i64,
    /// The month the days belong to (`2020-09`), or the year (`2020`).
    pub month: String,
    pub days: Vec<DayVisits>,
    pub links: Links,
}
