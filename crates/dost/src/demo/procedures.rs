//! What the portal publishes of the demo's procedures: level, fees, the
//! documents to submit, where, and the legal basis (written for the demo
//! from the procedures' usual content; a department enters its own set as
//! published in the national database of administrative procedures).

use dost_store::Db;
use dost_store::work::{ProcedureDetails, set_procedure_details};

use super::DemoError;

const DESK: &str = "Bộ phận tiếp nhận và trả kết quả, Trung tâm Phục vụ hành chính công tỉnh; hoặc qua dịch vụ bưu chính, hoặc nộp trực tuyến trên Cổng dịch vụ công";

/// (code, fee, documents, legal basis)
const DETAILS: [(&str, &str, &str, &str); 11] = [
    (
        "bx_khai_bao",
        "",
        "Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế theo mẫu; Bản sao giấy tờ chứng minh quyền sở hữu thiết bị",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "bx_ung_pho_su_co",
        "",
        "Văn bản đề nghị phê duyệt; Kế hoạch ứng phó sự cố bức xạ cấp cơ sở",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "bx_cap_moi",
        "Phí thẩm định theo biểu phí hiện hành của Bộ Tài chính",
        "Đơn đề nghị cấp giấy phép theo mẫu; Báo cáo đánh giá an toàn bức xạ; Bản sao chứng chỉ nhân viên bức xạ của người phụ trách an toàn; Kết quả kiểm định thiết bị còn hiệu lực",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP; Thông tư 08/2010/TT-BKHCN (đến 31/01/2021)",
    ),
    (
        "bx_gia_han",
        "Phí thẩm định theo biểu phí hiện hành của Bộ Tài chính",
        "Đơn đề nghị gia hạn giấy phép theo mẫu; Báo cáo đánh giá an toàn bức xạ cập nhật; Kết quả kiểm định thiết bị còn hiệu lực",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "bx_sua_doi",
        "Phí thẩm định theo biểu phí hiện hành của Bộ Tài chính",
        "Đơn đề nghị sửa đổi, bổ sung giấy phép; Tài liệu liên quan đến nội dung sửa đổi",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "bx_cap_lai",
        "Phí thẩm định theo biểu phí hiện hành của Bộ Tài chính",
        "Đơn đề nghị cấp lại giấy phép; Giấy phép bị hư hỏng (nếu có) hoặc văn bản giải trình việc mất giấy phép",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "bx_chung_chi",
        "",
        "Đơn đề nghị cấp chứng chỉ; Bản sao văn bằng chuyên môn; Giấy chứng nhận đã qua đào tạo an toàn bức xạ",
        "Luật Năng lượng nguyên tử 2008; Nghị định 142/2020/NĐ-CP",
    ),
    (
        "cn_tham_dinh",
        "",
        "Văn bản đề nghị thẩm định công nghệ; Hồ sơ dự án đầu tư (phần thuyết minh công nghệ)",
        "Luật Chuyển giao công nghệ 2017; Luật Đầu tư 2020; Nghị định 76/2018/NĐ-CP",
    ),
    (
        "cn_y_kien",
        "",
        "Văn bản đề nghị có ý kiến về công nghệ; Hồ sơ dự án đầu tư (phần thuyết minh công nghệ)",
        "Luật Chuyển giao công nghệ 2017; Luật Đầu tư 2020; Nghị định 76/2018/NĐ-CP",
    ),
    (
        "ho_tro_shcn",
        "",
        "Đơn đề nghị hỗ trợ theo mẫu; Bản sao văn bằng bảo hộ hoặc thông báo chấp nhận đơn hợp lệ; Chứng từ chi phí đã nộp",
        "Quyết định của UBND tỉnh về chính sách hỗ trợ phát triển tài sản trí tuệ",
    ),
    (
        "ho_tro_nsct",
        "",
        "Đơn đề nghị hỗ trợ theo mẫu; Báo cáo kết quả áp dụng hệ thống quản lý hoặc công cụ cải tiến; Chứng từ chi phí",
        "Quyết định của UBND tỉnh về chương trình nâng cao năng suất và chất lượng",
    ),
];

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Forms to download, written for the demo (scripts/demo-pdfs makes the DOCX): (procedure, file, bytes, description).
const FORMS: [(&str, &str, &[u8], &str); 2] = [
    (
        "bx_cap_moi",
        "don-de-nghi-cap-giay-phep-buc-xa.docx",
        include_bytes!("forms/don-de-nghi-cap-giay-phep-buc-xa.docx"),
        "Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ (biểu mẫu minh họa)",
    ),
    (
        "bx_khai_bao",
        "phieu-khai-bao-thiet-bi-x-quang.docx",
        include_bytes!("forms/phieu-khai-bao-thiet-bi-x-quang.docx"),
        "Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế (biểu mẫu minh họa)",
    ),
];

pub async fn load(db: &Db, uploads: &std::path::Path, now: i64) -> Result<(), DemoError> {
    one!(db, now, tx => {
        for (code, fee, documents, legal_basis) in DETAILS {
            let d = ProcedureDetails { level: "Cấp tỉnh", fee, documents, submit_at: DESK, legal_basis };
            set_procedure_details(&mut tx, code, &d).await?;
        }
    });
    for (code, name, bytes, description) in FORMS {
        let url = super::add_document(db, uploads, now, (name, bytes, DOCX, description)).await?;
        one!(db, now, tx => dost_store::work::set_procedure_forms(&mut tx, code, &url).await?);
    }
    Ok(())
}
