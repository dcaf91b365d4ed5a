//! What the audit log's codes mean, in Vietnamese: every action and every
//! kind of record the system writes (the log keeps codes; pages show words).

/// The label of an action code (an unknown code is shown as it is, marked).
pub fn action(code: &str) -> String {
    let known = match code {
        "create" => "Tạo mới",
        "update" => "Sửa",
        "delete" => "Xóa",
        "import" => "Nhập từ bảng tính",
        "upload" => "Tải tệp lên",
        "move" => "Chuyển",
        "close" => "Đóng",
        "pay" => "Cấp kinh phí",
        "settle" => "Thanh lý",
        "adjust" => "Điều chỉnh",
        "votes" => "Ghi phiếu đánh giá",
        "withdraw" => "Rút bước ghi nhầm",
        "password" => "Đổi mật khẩu",
        "sign_in" => "Đăng nhập",
        "sign_in_failed" => "Đăng nhập không thành công",
        "sign_out" => "Đăng xuất",
        "two_factor" => "Xác thực hai bước",
        "submit" => "Gửi duyệt",
        "return" => "Trả lại",
        "approve" => "Duyệt",
        "publish" => "Đăng",
        "unpublish" => "Gỡ xuống",
        "archive" => "Lưu trữ",
        "reopen" => "Mở lại",
        "comment" => "Gửi ý kiến góp ý",
        "ask" => "Gửi câu hỏi",
        "moderate" => "Kiểm duyệt",
        "chuyen" => "Chuyển đơn vị trả lời",
        "tra_loi" => "Trả lời",
        "dang" => "Duyệt, đăng câu trả lời",
        "tra_lai" => "Trả lại câu trả lời",
        "tu_choi" => "Không trả lời công khai",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    if let Some(kind) = crate::tasks::EventKind::parse(code) {
        return kind.label().to_string();
    }
    format!("Thao tác khác ({code})")
}

/// Every kind of record the program writes by a fixed code, with its
/// Vietnamese name (the registers add theirs: their table and title). The
/// audit log's filter offers exactly these.
pub const ENTITIES: &[(&str, &str)] = &[
    ("article", "Bài viết"),
    ("category", "Chuyên mục"),
    ("block", "Khối bên phải"),
    ("media", "Tệp"),
    ("user", "Tài khoản"),
    ("session", "Phiên đăng nhập"),
    ("setting", "Cấu hình"),
    ("workflow_rule", "Quy trình biên tập"),
    ("unit", "Đơn vị"),
    ("unit_duty", "Nhiệm vụ của đơn vị"),
    ("task", "Nhiệm vụ KH&CN"),
    ("task_contract", "Hợp đồng nhiệm vụ"),
    ("task_instalment", "Đợt cấp kinh phí"),
    ("task_deadline", "Hạn nhiệm vụ"),
    ("task_inspection", "Kiểm tra nhiệm vụ"),
    ("task_event", "Bước của nhiệm vụ"),
    ("council", "Hội đồng"),
    ("organisation", "Tổ chức"),
    ("person", "Cá nhân"),
    ("directive", "Ý kiến chỉ đạo"),
    ("dossier", "Hồ sơ thủ tục hành chính"),
    ("procedure", "Thủ tục hành chính"),
    ("holiday", "Ngày nghỉ"),
    ("verification", "Kết quả kiểm định"),
    ("instrument_type", "Loại phương tiện đo"),
    ("instrument_cycle", "Chu kỳ kiểm định"),
    ("plan_indicator", "Chỉ tiêu kế hoạch"),
    ("plan_result", "Kết quả chỉ tiêu"),
    ("report", "Báo cáo"),
    ("draft_comment", "Ý kiến góp ý dự thảo"),
    ("question", "Câu hỏi (hỏi đáp)"),
];

/// Every kind of record, fixed ones first, then the registers: (code, name).
pub fn entities() -> Vec<(&'static str, &'static str)> {
    let registers = crate::registers::REGISTERS.iter().map(|r| (r.table, r.title));
    let mut all: Vec<(&str, &str)> = ENTITIES.to_vec();
    for (code, name) in registers {
        if !all.iter().any(|(c, _)| *c == code) {
            all.push((code, name));
        }
    }
    all
}

/// The label of a kind of record.
pub fn entity(code: &str) -> String {
    match entities().into_iter().find(|(c, _)| *c == code) {
        Some((_, name)) => name.to_string(),
        None => format!("Khác ({code})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_system_writes_has_words() {
        for code in ["sign_in", "sign_in_failed", "create", "gia_han", "withdraw", "publish"] {
            assert!(!action(code).starts_with("Thao tác khác"), "{code}");
        }
        for code in ["user", "task", "dossier", "fund_cases", "rule_versions", "outreach", "centre_services"] {
            assert!(!entity(code).starts_with("Khác ("), "{code}");
        }
        assert_eq!(action("sign_in"), "Đăng nhập");
        assert_eq!(action("gia_han"), "Gia hạn");
        assert_eq!(action("xyz"), "Thao tác khác (xyz)");
    }
}
