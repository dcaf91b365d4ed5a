//! What every staff page shows around its content: the person, the menu
//! (built from the access table, so it offers only what the person may
//! open), the flash message.

use dost_domain::access::{Action, Resource};
use dost_domain::registers::REGISTERS;

use super::Staff;
pub use crate::view::Opt;

/// A navigation link of the staff layout.
pub struct NavItem {
    pub label: &'static str,
    pub url: &'static str,
    pub active: bool,
}

/// The menu: label, address, and what opening it needs.
const MENU: &[(&str, &str, Action, Resource<'static>)] = &[
    ("Bảng điều khiển", "/quan-tri", Action::Read, Resource::Own),
    ("Kết quả công tác", "/quan-tri/lanh-dao", Action::Read, Resource::Figures),
    ("Báo cáo định kỳ", "/quan-tri/bao-cao", Action::Read, Resource::Figures),
    ("Ý kiến chỉ đạo", "/quan-tri/chi-dao", Action::Read, Resource::Directives),
    ("Sắp đến hạn", "/quan-tri/sap-den-han", Action::Read, Resource::Figures),
    ("Hồ sơ thủ tục hành chính", "/quan-tri/ho-so", Action::Read, Resource::Keeps(dost_domain::organisation::DOSSIERS)),
    ("Tin bài", "/quan-tri/bai-viet", Action::Read, Resource::Articles),
    ("Chờ duyệt đăng", "/quan-tri/cho-duyet", Action::Read, Resource::Publish(&[])),
    ("Góp ý dự thảo", "/quan-tri/gop-y", Action::Read, Resource::Participation),
    ("Hỏi đáp", "/quan-tri/hoi-dap", Action::Read, Resource::Participation),
    ("Nhiệm vụ KH&CN", "/quan-tri/nhiem-vu", Action::Read, Resource::Tasks),
    ("Thư viện tệp", "/quan-tri/tep", Action::Write, Resource::Media),
    ("Chuyên mục", "/quan-tri/chuyen-muc", Action::Write, Resource::Site),
    ("Khối bên phải", "/quan-tri/khoi", Action::Write, Resource::Site),
    ("Người dùng", "/quan-tri/nguoi-dung", Action::Write, Resource::Accounts),
    ("Đơn vị và nhiệm vụ", "/quan-tri/don-vi", Action::Write, Resource::Accounts),
    ("Quy trình biên tập", "/quan-tri/quy-trinh", Action::Write, Resource::Accounts),
    ("Ngày nghỉ lễ, Tết", "/quan-tri/ngay-nghi", Action::Write, Resource::Accounts),
    ("Nhật ký thay đổi", "/quan-tri/nhat-ky", Action::Read, Resource::AuditLog),
    ("Đổi mật khẩu", "/quan-tri/mat-khau", Action::Write, Resource::Own),
    ("Xác thực hai bước", "/quan-tri/xac-thuc-hai-buoc", Action::Write, Resource::Own),
];

/// Whether the person may read at least one register.
pub fn reads_some_register(staff: &Staff) -> bool {
    REGISTERS.iter().any(|r| staff.may(Action::Read, Resource::Keeps(&r.kind())))
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
        let mut nav: Vec<NavItem> = MENU
            .iter()
            .filter(|(_, _, action, resource)| staff.may(*action, *resource))
            .map(|(label, url, _, _)| NavItem { label, url, active: *url == active })
            .collect();
        if reads_some_register(staff) {
            let at = nav.iter().position(|n| n.url == "/quan-tri/bai-viet").unwrap_or(nav.len());
            nav.insert(at, NavItem { label: "Sổ ghi nhận", url: "/quan-tri/so", active: active == "/quan-tri/so" });
        }
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

    pub fn with_flash(mut self, code: Option<&str>) -> Self {
        self.flash = flash(code);
        self
    }
}

/// A field of a form described as data (registers, verifications,
/// dossiers), with its error shown next to it.
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub placeholder: &'static str,
    pub options: Vec<Opt>,
    pub error: Option<String>,
}

/// Flash messages passed in the `tb` query parameter after a redirect.
pub fn flash(code: Option<&str>) -> Option<String> {
    Some(
        match code? {
            "da-luu" => "Đã lưu.",
            "cho-duyet" => "Đã lưu. Bản ghi sẽ hiện trên cổng sau khi được duyệt đăng.",
            "da-tao" => "Đã tạo bài viết.",
            "da-chuyen" => "Đã cập nhật trạng thái bài viết.",
            "cho-duyet-ban-sua" => {
                "Đã lưu bản sửa. Bài đang đăng nên bản sửa chờ duyệt; trên cổng vẫn là nội dung đã đăng cho đến khi \
                 bản sửa được duyệt và đăng."
            }
            "da-khoi-phuc" => "Đã khôi phục phiên bản cũ thành phiên bản mới nhất.",
            "da-tai-len" => "Đã tải tệp lên.",
            "khong-co-chu" => {
                "Đã tải tệp lên; trong tệp không có chữ để đọc (có thể là bản chụp, bản quét), nên tìm kiếm sẽ \
                 không thấy nội dung bên trong."
            }
            "khong-doc-duoc-chu" => {
                "Đã tải tệp lên, nhưng không đọc được chữ bên trong tệp (tệp hỏng, quá phức tạp hoặc vượt giới hạn \
                 bộ nhớ, thời gian cho phép): tệp vẫn dùng được, chỉ là tìm kiếm sẽ không thấy nội dung bên trong."
            }
            "da-doi-mat-khau" => "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đóng.",
            "da-tao-tk" => "Đã tạo tài khoản.",
            "da-cap-nhat" => "Đã cập nhật tài khoản.",
            _ => return None,
        }
        .to_string(),
    )
}
