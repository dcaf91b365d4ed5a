//! The staff back office under `/quan-tri`. Every handler takes a [`Staff`]
//! (signed in), checks the role, checks the CSRF token on writes, calls the
//! store and renders a template.

mod articles;
mod audit_log;
pub mod auth;
mod cycles;
mod dashboard;
mod directives;
mod dossiers;
mod due_soon;
mod form;
mod holidays;
mod leadership;
mod login;
mod media;
mod plans;
mod records;
mod registers;
mod report_page;
mod sheet_import;
mod site;
mod tasks;
pub use tasks::deadline_label;
mod two_factor;
mod users;
mod work_forms;
mod work_imports;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dost_domain::roles::Permission;

pub use auth::Staff;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quan-tri", get(dashboard::dashboard))
        .route("/quan-tri/", get(dashboard::dashboard))
        .route("/quan-tri/dang-nhap", get(login::form).post(login::submit))
        .route("/quan-tri/dang-xuat", post(login::sign_out))
        .route("/quan-tri/mat-khau", get(login::password_form).post(login::password_change))
        .route("/quan-tri/ma-xac-thuc", get(two_factor::code_form).post(two_factor::code_submit))
        .route("/quan-tri/xac-thuc-hai-buoc", get(two_factor::enrol_form).post(two_factor::enrol_submit))
        .route("/quan-tri/xac-thuc-hai-buoc/tat", post(two_factor::disable))
        .route("/quan-tri/nguoi-dung/hai-buoc", post(two_factor::required_roles))
        .route("/quan-tri/bai-viet", get(articles::list))
        .route("/quan-tri/bai-viet/moi", get(articles::new_form).post(articles::create))
        .route("/quan-tri/bai-viet/{id}", get(articles::edit_form).post(articles::save))
        .route("/quan-tri/bai-viet/{id}/chuyen", post(articles::transition))
        .route("/quan-tri/bai-viet/{id}/phien-ban", get(articles::revisions))
        .route("/quan-tri/bai-viet/{id}/phien-ban/{number}/khoi-phuc", post(articles::restore))
        .route(
            "/quan-tri/tep",
            get(media::list).post(media::upload).layer(axum::extract::DefaultBodyLimit::max(media::MAX_UPLOAD_BYTES)),
        )
        .route("/quan-tri/nguoi-dung", get(users::list).post(users::create))
        .route("/quan-tri/nguoi-dung/{id}/khoa", post(users::toggle))
        .route("/quan-tri/nhat-ky", get(audit_log::list))
        .route("/quan-tri/lanh-dao", get(leadership::dashboard))
        .route("/quan-tri/so-lieu/{area}", get(records::list))
        .route("/quan-tri/chi-dao", get(directives::list).post(directives::create))
        .route("/quan-tri/sap-den-han", get(due_soon::page))
        .route("/quan-tri/kiem-dinh/moi", get(work_forms::verification_form).post(work_forms::verification_save))
        .route("/quan-tri/ho-so/moi", get(work_forms::dossier_form).post(work_forms::dossier_save))
        .route("/quan-tri/ho-so", get(dossiers::list))
        .route(
            "/quan-tri/ho-so/nhap",
            get(work_imports::dossier_form)
                .post(work_imports::dossier_import)
                .layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/quan-tri/ho-so/mau-nhap.xlsx", get(work_imports::dossier_template))
        .route(
            "/quan-tri/kiem-dinh/nhap",
            get(work_imports::verification_form)
                .post(work_imports::verification_import)
                .layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/quan-tri/kiem-dinh/mau-nhap.xlsx", get(work_imports::verification_template))
        .route("/quan-tri/kiem-dinh/chu-ky", get(cycles::page).post(cycles::add))
        .route("/quan-tri/kiem-dinh/{id}", get(work_forms::verification_edit).post(work_forms::verification_update))
        .route("/quan-tri/ho-so/{id}", get(dossiers::show))
        .route("/quan-tri/ho-so/{id}/buoc", post(dossiers::step))
        .route("/quan-tri/ho-so/{id}/tra", post(dossiers::give_back))
        .route("/quan-tri/ho-so/{id}/sua", post(dossiers::edit))
        .route("/quan-tri/kiem-tra/moi", get(work_forms::inspection_form))
        .route("/quan-tri/chi-dao/{id}", post(directives::update))
        .route("/quan-tri/ke-hoach", get(plans::page))
        .route("/quan-tri/bao-cao", get(report_page::page))
        .route("/quan-tri/bao-cao/so-lieu/{n}", get(report_page::records))
        .route("/quan-tri/bao-cao/tai/{format}", get(report_page::file))
        .route("/quan-tri/bao-cao/dang-tin", post(report_page::publish))
        .route("/quan-tri/bao-cao/sua", post(report_page::edit))
        .route("/quan-tri/ngay-nghi", get(holidays::page).post(holidays::save))
        .route("/quan-tri/so", get(registers::index))
        .route("/quan-tri/so/{register}", get(registers::list))
        .route("/quan-tri/so/{register}/moi", get(registers::new_form).post(registers::create))
        .route("/quan-tri/so/{register}/mau-nhap.xlsx", get(registers::template))
        .route(
            "/quan-tri/so/{register}/nhap",
            get(registers::import_form)
                .post(registers::import)
                .layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/quan-tri/so/{register}/{id}", get(registers::edit_form).post(registers::save))
        .route("/quan-tri/nhiem-vu", get(tasks::list))
        .route("/quan-tri/nhiem-vu/moi", get(tasks::new_form).post(tasks::create))
        .route("/quan-tri/nhiem-vu/qua-han", get(tasks::overdue))
        .route("/quan-tri/nhiem-vu/xuat.xlsx", get(tasks::export_xlsx))
        .route("/quan-tri/nhiem-vu/xuat.csv", get(tasks::export_csv))
        .route(
            "/quan-tri/nhiem-vu/nhap",
            get(tasks::import_form).post(tasks::import).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/quan-tri/nhiem-vu/mau-nhap.xlsx", get(tasks::import_template))
        .route("/quan-tri/nhiem-vu/{id}", get(tasks::show))
        .route("/quan-tri/nhiem-vu/{id}/buoc", post(tasks::record))
        .route("/quan-tri/nhiem-vu/{id}/ghi", post(tasks::money_and_checks))
        .route("/quan-tri/nhiem-vu/{id}/hoi-dong", post(tasks::council))
        .route("/quan-tri/nhiem-vu/{id}/hoi-dong/{council}/phieu", post(tasks::votes))
        .route("/quan-tri/chuyen-muc", get(site::categories).post(site::create_category))
        .route("/quan-tri/chuyen-muc/{id}", post(site::update_category))
        .route("/quan-tri/khoi", get(site::blocks).post(site::create_block))
        .route("/quan-tri/khoi/{id}", post(site::update_block))
        .route("/quan-tri/quy-trinh", get(site::rules).post(site::add_rule))
        .route("/quan-tri/quy-trinh/{id}/xoa", post(site::delete_rule))
        .route("/quan-tri/thong-ke.xlsx", get(dashboard::stats_export))
        .route("/quan-tri/{*rest}", get(not_found))
}

async fn not_found(_staff: Staff) -> crate::WebError {
    crate::WebError::NotFound
}

/// A navigation link of the staff layout.
pub struct NavItem {
    pub label: &'static str,
    pub url: &'static str,
    pub active: bool,
}

/// What every staff page shows around its content.
pub struct StaffPage {
    pub title: String,
    pub user_name: String,
    pub role: &'static str,
    pub unit: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub flash: Option<String>,
    pub asset_v: &'static str,
}

impl StaffPage {
    pub fn new(staff: &Staff, title: impl Into<String>, active: &str) -> Self {
        let items: [(&'static str, &'static str, Option<Permission>); 17] = [
            ("Bảng điều khiển", "/quan-tri", Some(Permission::Dashboard)),
            ("Kết quả công tác", "/quan-tri/lanh-dao", Some(Permission::SeeDepartment)),
            ("Báo cáo định kỳ", "/quan-tri/bao-cao", Some(Permission::SeeDepartment)),
            ("Ý kiến chỉ đạo", "/quan-tri/chi-dao", Some(Permission::SeeDepartment)),
            ("Sắp đến hạn", "/quan-tri/sap-den-han", Some(Permission::SeeDepartment)),
            ("Sổ ghi nhận", "/quan-tri/so", Some(Permission::ManageTasks)),
            ("Tin bài", "/quan-tri/bai-viet", None),
            ("Nhiệm vụ KH&CN", "/quan-tri/nhiem-vu", Some(Permission::SeeTasks)),
            ("Thư viện tệp", "/quan-tri/tep", Some(Permission::ManageMedia)),
            ("Chuyên mục", "/quan-tri/chuyen-muc", Some(Permission::ManageSite)),
            ("Khối bên phải", "/quan-tri/khoi", Some(Permission::ManageSite)),
            ("Người dùng", "/quan-tri/nguoi-dung", Some(Permission::ManageUsers)),
            ("Quy trình biên tập", "/quan-tri/quy-trinh", Some(Permission::ManageUsers)),
            ("Ngày nghỉ lễ, Tết", "/quan-tri/ngay-nghi", Some(Permission::ManageUsers)),
            ("Nhật ký thay đổi", "/quan-tri/nhat-ky", Some(Permission::ReadAudit)),
            ("Đổi mật khẩu", "/quan-tri/mat-khau", None),
            ("Xác thực hai bước", "/quan-tri/xac-thuc-hai-buoc", None),
        ];
        let nav = items
            .into_iter()
            .filter(|(_, url, p)| match (url, p) {
                (&"/quan-tri/bai-viet", _) => {
                    staff.can(Permission::WriteArticles) || staff.can(Permission::SeeAllArticles)
                }
                (&"/quan-tri/so", _) => staff.can(Permission::SeeDepartment) || staff.can(Permission::ManageTasks),
                (_, Some(p)) => staff.can(*p),
                (_, None) => true,
            })
            .map(|(label, url, _)| NavItem { label, url, active: url == active })
            .collect();
        Self {
            title: title.into(),
            user_name: staff.user.display_name.clone(),
            role: staff.user.role.label(),
            unit: staff.user.unit_name.clone(),
            csrf: staff.session.csrf_token.clone(),
            nav,
            flash: None,
            asset_v: crate::static_files::asset_version(),
        }
    }
}

/// An option of a `<select>` or a checkbox.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Staff pages are never cached by browsers or proxies.
pub fn no_store(html: String) -> Response {
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A staff page that reports input problems: 422 when `failed`.
pub fn no_store_checked(html: String, failed: bool) -> Response {
    let mut r = no_store(html);
    if failed {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// A file to download (XLSX, CSV): never cached, saved under `file_name`.
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Flash messages passed in the `tb` query parameter after a redirect.
pub fn flash(code: Option<&str>) -> Option<String> {
    Some(
        match code? {
            "da-luu" => "Đã lưu.",
            "da-tao" => "Đã tạo bài viết.",
            "da-chuyen" => "Đã cập nhật trạng thái bài viết.",
            "da-khoi-phuc" => "Đã khôi phục phiên bản cũ thành phiên bản mới nhất.",
            "da-tai-len" => "Đã tải tệp lên.",
            "da-doi-mat-khau" => "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đóng.",
            "da-tao-tk" => "Đã tạo tài khoản.",
            "da-cap-nhat" => "Đã cập nhật tài khoản.",
            _ => return None,
        }
        .to_string(),
    )
}
