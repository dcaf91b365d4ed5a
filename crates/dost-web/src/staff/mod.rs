//! The staff back office under `/quan-tri`. Every route is declared below
//! with what it needs (signed in, or an area of the access table), checked
//! before the handler runs; handlers that open one record (a task, a
//! register, an article) ask the same table about that record. Forms come
//! through [`extract::StaffForm`] (session, CSRF token, strict decoding) and
//! errors show in the staff layout ([`session::layer`]).

mod articles;
mod audit_log;
mod dashboard;
mod directives;
mod due_soon;
mod error_page;
pub mod extract;
mod leadership;
mod login;
mod media;
mod page;
mod participation;
mod period;
mod plans;
mod publication;
mod record_guard;
mod records;
mod register_form;
mod registers;
mod report_disclose;
mod report_page;
pub mod session;
mod sheet_import;
mod site;
mod tasks;
mod two_factor;
mod units;
mod users;
mod work;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};
use dost_domain::access::{Action, Resource};

pub use page::{NavItem, Opt, StaffPage, flash};
pub use session::{PendingStaff, Staff};

use crate::AppState;
use crate::http::respond::{download, no_store, no_store_checked};

/// What a route needs before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: the sign-in form.
    Public,
    /// A session, perhaps still waiting for its second factor (the pages
    /// that finish signing in, and signing out).
    Pending,
    /// A signed-in person.
    SignedIn,
    /// An area of the access table.
    Area(Action, Resource<'static>),
    /// Decided by the record the handler opens (its unit, its author).
    Record,
}

const READ: Action = Action::Read;
const WRITE: Action = Action::Write;
const VERIFICATIONS: Resource<'static> = Resource::Keeps(dost_domain::organisation::VERIFICATIONS);
const DOSSIERS: Resource<'static> = Resource::Keeps(dost_domain::organisation::DOSSIERS);

/// Largest XLSX an import accepts (a year of a large department fits).
pub const IMPORT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Every staff route: method, path, what it needs, and the handler.
fn routes() -> Vec<(&'static str, &'static str, Need, MethodRouter<AppState>)> {
    use Need::*;
    use Resource::*;
    vec![
        ("GET", "/quan-tri", SignedIn, get(dashboard::dashboard)),
        ("GET", "/quan-tri/", SignedIn, get(dashboard::dashboard)),
        ("GET", "/quan-tri/dang-nhap", Public, get(login::form)),
        ("POST", "/quan-tri/dang-nhap", Public, post(login::submit)),
        ("POST", "/quan-tri/dang-xuat", Pending, post(login::sign_out)),
        ("GET", "/quan-tri/mat-khau", SignedIn, get(login::password_form)),
        ("POST", "/quan-tri/mat-khau", SignedIn, post(login::password_change)),
        ("GET", "/quan-tri/ma-xac-thuc", Pending, get(two_factor::code_form)),
        ("POST", "/quan-tri/ma-xac-thuc", Pending, post(two_factor::code_submit)),
        ("GET", "/quan-tri/xac-thuc-hai-buoc", Pending, get(two_factor::enrol_form)),
        ("POST", "/quan-tri/xac-thuc-hai-buoc", Pending, post(two_factor::enrol_submit)),
        ("POST", "/quan-tri/xac-thuc-hai-buoc/tat", SignedIn, post(two_factor::disable)),
        ("POST", "/quan-tri/nguoi-dung/hai-buoc", Area(WRITE, Accounts), post(two_factor::required_roles)),
        ("GET", "/quan-tri/bai-viet", Area(READ, Articles), get(articles::list)),
        ("GET", "/quan-tri/bai-viet/moi", Area(WRITE, Articles), get(articles::new_form)),
        ("POST", "/quan-tri/bai-viet/moi", Area(WRITE, Articles), post(articles::create)),
        ("GET", "/quan-tri/bai-viet/{id}", Record, get(articles::edit_form)),
        ("POST", "/quan-tri/bai-viet/{id}", Record, post(articles::save)),
        ("POST", "/quan-tri/bai-viet/{id}/chuyen", Record, post(articles::transition)),
        ("POST", "/quan-tri/bai-viet/{id}/ban-sua", Record, post(articles::change)),
        ("GET", "/quan-tri/bai-viet/{id}/phien-ban", Record, get(articles::revisions)),
        ("POST", "/quan-tri/bai-viet/{id}/phien-ban/{number}/khoi-phuc", Record, post(articles::restore)),
        ("GET", "/quan-tri/tep", Area(WRITE, Media), get(media::list)),
        ("GET", "/quan-tri/tep/chon-anh", Area(WRITE, Articles), get(media::pick)),
        (
            "POST",
            "/quan-tri/tep",
            Area(WRITE, Media),
            post(media::upload).layer(DefaultBodyLimit::max(media::MAX_UPLOAD_BYTES as usize + 1024 * 1024)),
        ),
        ("GET", "/quan-tri/nguoi-dung", Area(WRITE, Accounts), get(users::list)),
        ("POST", "/quan-tri/nguoi-dung", Area(WRITE, Accounts), post(users::create)),
        ("POST", "/quan-tri/nguoi-dung/{id}/khoa", Area(WRITE, Accounts), post(users::toggle)),
        ("GET", "/quan-tri/nhat-ky", Area(READ, AuditLog), get(audit_log::list)),
        ("GET", "/quan-tri/lanh-dao", Area(READ, Figures), get(leadership::dashboard)),
        ("GET", "/quan-tri/so-lieu/{area}", Record, get(records::list)),
        ("GET", "/quan-tri/chi-dao", Area(READ, Directives), get(directives::list)),
        ("POST", "/quan-tri/chi-dao", Area(WRITE, Directives), post(directives::create)),
        ("POST", "/quan-tri/chi-dao/{id}", Record, post(directives::update)),
        ("GET", "/quan-tri/sap-den-han", Area(READ, Figures), get(due_soon::page)),
        ("GET", "/quan-tri/kiem-dinh", Area(READ, VERIFICATIONS), get(work::verifications::list)),
        ("GET", "/quan-tri/kiem-dinh/moi", Area(WRITE, VERIFICATIONS), get(work::verifications::new_form)),
        ("POST", "/quan-tri/kiem-dinh/moi", Area(WRITE, VERIFICATIONS), post(work::verifications::create)),
        ("GET", "/quan-tri/kiem-dinh/nhap", Area(WRITE, VERIFICATIONS), get(work::imports::verification_form)),
        (
            "POST",
            "/quan-tri/kiem-dinh/nhap",
            Area(WRITE, VERIFICATIONS),
            post(work::imports::verification_import).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES as usize + 65536)),
        ),
        (
            "GET",
            "/quan-tri/kiem-dinh/mau-nhap.xlsx",
            Area(WRITE, VERIFICATIONS),
            get(work::imports::verification_template),
        ),
        ("GET", "/quan-tri/kiem-dinh/chu-ky", Area(READ, VERIFICATIONS), get(work::cycles::page)),
        ("POST", "/quan-tri/kiem-dinh/chu-ky", Area(WRITE, VERIFICATIONS), post(work::cycles::add)),
        ("GET", "/quan-tri/kiem-dinh/{id}", Area(WRITE, VERIFICATIONS), get(work::verifications::edit_form)),
        ("POST", "/quan-tri/kiem-dinh/{id}", Area(WRITE, VERIFICATIONS), post(work::verifications::update)),
        ("GET", "/quan-tri/ho-so", Area(READ, DOSSIERS), get(work::dossiers::list)),
        ("GET", "/quan-tri/ho-so/moi", Area(WRITE, DOSSIERS), get(work::dossiers::new_form)),
        ("POST", "/quan-tri/ho-so/moi", Area(WRITE, DOSSIERS), post(work::dossiers::create)),
        ("GET", "/quan-tri/ho-so/nhap", Area(WRITE, DOSSIERS), get(work::imports::dossier_form)),
        (
            "POST",
            "/quan-tri/ho-so/nhap",
            Area(WRITE, DOSSIERS),
            post(work::imports::dossier_import).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES as usize + 65536)),
        ),
        ("GET", "/quan-tri/ho-so/mau-nhap.xlsx", Area(WRITE, DOSSIERS), get(work::imports::dossier_template)),
        ("GET", "/quan-tri/ho-so/{id}", Area(READ, DOSSIERS), get(work::dossiers::show)),
        ("GET", "/quan-tri/ho-so/{id}/giay-tiep-nhan", Area(READ, DOSSIERS), get(work::receipt::receipt)),
        ("POST", "/quan-tri/ho-so/{id}/buoc", Area(WRITE, DOSSIERS), post(work::dossiers::step)),
        ("POST", "/quan-tri/ho-so/{id}/tra", Area(WRITE, DOSSIERS), post(work::dossiers::give_back)),
        ("POST", "/quan-tri/ho-so/{id}/sua", Area(WRITE, DOSSIERS), post(work::dossiers::edit)),
        ("GET", "/quan-tri/kiem-tra/moi", SignedIn, get(work::inspection_form)),
        ("GET", "/quan-tri/ke-hoach", Area(READ, Figures), get(plans::page)),
        ("GET", "/quan-tri/bao-cao", Area(READ, Figures), get(report_page::page)),
        ("GET", "/quan-tri/bao-cao/so-lieu/{n}", Record, get(report_page::records)),
        ("GET", "/quan-tri/bao-cao/tai/{format}", Area(READ, Figures), get(report_page::file)),
        ("POST", "/quan-tri/bao-cao/dang-tin", Area(WRITE, ReportWrites), post(report_page::publish)),
        ("POST", "/quan-tri/bao-cao/cong-khai", Area(WRITE, ReportWrites), post(report_disclose::disclose)),
        ("POST", "/quan-tri/bao-cao/sua", Area(WRITE, ReportWrites), post(report_page::edit)),
        ("GET", "/quan-tri/gop-y", Area(READ, Participation), get(participation::comments::list)),
        ("POST", "/quan-tri/gop-y/{id}", Area(WRITE, Participation), post(participation::comments::moderate)),
        ("GET", "/quan-tri/hoi-dap", Area(READ, Participation), get(participation::questions::list)),
        ("GET", "/quan-tri/hoi-dap/{id}", Record, get(participation::questions::show)),
        ("POST", "/quan-tri/hoi-dap/{id}", Record, post(participation::questions::step)),
        ("GET", "/quan-tri/don-vi", Area(WRITE, Accounts), get(units::page)),
        ("POST", "/quan-tri/don-vi/them", Area(WRITE, Accounts), post(units::add)),
        ("POST", "/quan-tri/don-vi/dong", Area(WRITE, Accounts), post(units::close)),
        ("POST", "/quan-tri/don-vi/giao", Area(WRITE, Accounts), post(units::give)),
        ("POST", "/quan-tri/don-vi/thoi-giao", Area(WRITE, Accounts), post(units::take_back)),
        ("POST", "/quan-tri/don-vi/chuyen", Area(WRITE, Accounts), post(units::move_person)),
        ("GET", "/quan-tri/ngay-nghi", Area(WRITE, Accounts), get(work::holidays::page)),
        ("POST", "/quan-tri/ngay-nghi", Area(WRITE, Accounts), post(work::holidays::save)),
        ("GET", "/quan-tri/so", Record, get(registers::index)),
        ("GET", "/quan-tri/so/{register}", Record, get(registers::list)),
        ("GET", "/quan-tri/so/{register}/moi", Record, get(register_form::new_form)),
        ("POST", "/quan-tri/so/{register}/moi", Record, post(register_form::create)),
        ("GET", "/quan-tri/so/{register}/mau-nhap.xlsx", Record, get(registers::template)),
        ("GET", "/quan-tri/so/{register}/nhap", Record, get(registers::import_form)),
        (
            "POST",
            "/quan-tri/so/{register}/nhap",
            Record,
            post(registers::import).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES as usize + 65536)),
        ),
        ("GET", "/quan-tri/so/{register}/{id}", Record, get(register_form::edit_form)),
        ("POST", "/quan-tri/so/{register}/{id}/duyet", Record, post(publication::approve)),
        ("POST", "/quan-tri/so/{register}/{id}/khong-duyet", Record, post(publication::refuse)),
        ("GET", "/quan-tri/cho-duyet", Area(READ, Publish(&[])), get(publication::pending)),
        ("POST", "/quan-tri/so/{register}/{id}", Record, post(register_form::save)),
        ("GET", "/quan-tri/nhiem-vu", Area(READ, Tasks), get(tasks::list::list)),
        ("GET", "/quan-tri/nhiem-vu/moi", Area(WRITE, Tasks), get(tasks::form::new_form)),
        ("POST", "/quan-tri/nhiem-vu/moi", Area(WRITE, Tasks), post(tasks::form::create)),
        ("GET", "/quan-tri/nhiem-vu/qua-han", Area(READ, Tasks), get(tasks::deadlines::overdue)),
        ("GET", "/quan-tri/nhiem-vu/xuat.xlsx", Area(READ, Tasks), get(tasks::list::export_xlsx)),
        ("GET", "/quan-tri/nhiem-vu/xuat.csv", Area(READ, Tasks), get(tasks::list::export_csv)),
        ("GET", "/quan-tri/nhiem-vu/nhap", Area(WRITE, Tasks), get(tasks::import::form)),
        (
            "POST",
            "/quan-tri/nhiem-vu/nhap",
            Area(WRITE, Tasks),
            post(tasks::import::import).layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES as usize + 65536)),
        ),
        ("GET", "/quan-tri/nhiem-vu/mau-nhap.xlsx", Area(WRITE, Tasks), get(tasks::import::template)),
        ("GET", "/quan-tri/nhiem-vu/{id}", Record, get(tasks::show::show)),
        ("GET", "/quan-tri/nhiem-vu/{id}/van-ban/{event}", Record, get(tasks::show::evidence)),
        ("POST", "/quan-tri/nhiem-vu/{id}/buoc", Record, post(tasks::steps::record)),
        ("POST", "/quan-tri/nhiem-vu/{id}/rut-buoc", Record, post(tasks::steps::withdraw)),
        ("POST", "/quan-tri/nhiem-vu/{id}/ghi", Record, post(tasks::money::money_and_checks)),
        ("POST", "/quan-tri/nhiem-vu/{id}/hoi-dong", Record, post(tasks::councils::council)),
        ("POST", "/quan-tri/nhiem-vu/{id}/hoi-dong/{council}/phieu", Record, post(tasks::councils::votes)),
        ("GET", "/quan-tri/chuyen-muc", Area(WRITE, Site), get(site::categories)),
        ("POST", "/quan-tri/chuyen-muc", Area(WRITE, Site), post(site::create_category)),
        ("POST", "/quan-tri/chuyen-muc/{id}", Area(WRITE, Site), post(site::update_category)),
        ("GET", "/quan-tri/khoi", Area(WRITE, Site), get(site::blocks)),
        ("POST", "/quan-tri/khoi", Area(WRITE, Site), post(site::create_block)),
        ("POST", "/quan-tri/khoi/{id}", Area(WRITE, Site), post(site::update_block)),
        ("GET", "/quan-tri/quy-trinh", Area(WRITE, Accounts), get(site::rules)),
        ("POST", "/quan-tri/quy-trinh", Area(WRITE, Accounts), post(site::add_rule)),
        ("POST", "/quan-tri/quy-trinh/{id}/xoa", Area(WRITE, Accounts), post(site::delete_rule)),
        ("GET", "/quan-tri/thong-ke.xlsx", Area(READ, Statistics), get(dashboard::stats_export)),
        ("GET", "/quan-tri/{*rest}", SignedIn, get(not_found)),
    ]
}

/// The staff routes as data (method, path, need), for the route walk of the
/// tests and for the documentation.
pub fn route_table() -> Vec<(&'static str, &'static str, Need)> {
    routes().into_iter().map(|(m, p, n, _)| (m, p, n)).collect()
}

/// The back office's router: each route behind its guard, every request
/// behind the session layer.
pub fn router(state: AppState) -> Router<AppState> {
    let mut r = Router::new();
    for (_, path, need, handler) in routes() {
        let guarded = match need {
            Need::Area(action, resource) => handler
                .route_layer(axum::middleware::from_fn_with_state(state.clone(), move |staff: Staff, req, next| {
                    guard::area(staff, action, resource, req, next)
                })),
            Need::Record => {
                handler.route_layer(axum::middleware::from_fn_with_state(state.clone(), record_guard::record))
            }
            _ => handler,
        };
        r = r.route(path, guarded);
    }
    r.layer(axum::middleware::from_fn_with_state(state, session::layer))
}

mod guard {
    use axum::body::Body;
    use axum::http::Request;
    use axum::middleware::Next;
    use axum::response::{IntoResponse, Response};
    use dost_domain::access::{Action, Resource};

    use super::Staff;

    /// Refuses (403, in the staff layout) a person the access table does not allow.
    pub async fn area(
        staff: Staff,
        action: Action,
        resource: Resource<'static>,
        req: Request<Body>,
        next: Next,
    ) -> Response {
        match staff.require(action, resource) {
            Ok(()) => next.run(req).await,
            Err(e) => e.into_response(),
        }
    }
}

async fn not_found(_staff: Staff) -> crate::WebError {
    crate::WebError::NotFound
}
