//! A record typed in its form and the same record read from a sheet go
//! through one parser: the same bad values give the same problems on the
//! same fields, and a sheet whose columns were moved imports the same records.

use std::path::PathBuf;

use dost_domain::roles::Role;

use crate::support::*;

/// The problems a form page shows, as (label, message) from `id="e-…">Label: message.`.
fn form_problems(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = body
        .split("id=\"e-")
        .skip(1)
        .filter_map(|s| s.split_once("\">").map(|(_, rest)| rest.split('<').next().unwrap_or("").to_string()))
        .filter_map(|s| {
            let s = html_unescape(&s);
            s.split_once(": ").map(|(l, m)| (l.to_string(), m.trim_end_matches('.').to_string()))
        })
        .collect();
    out.sort();
    out
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
}

fn sheet(app: &TestApp, name: &str, rows: &str) -> PathBuf {
    let path = app.data.path().join(name);
    python(
        &format!(
            "import sys, datetime, openpyxl\nwb = openpyxl.Workbook(); ws = wb.active\n{rows}\nwb.save(sys.argv[1])"
        ),
        path.to_str().unwrap(),
    );
    path
}

#[tokio::test]
async fn a_verification_from_the_form_and_from_a_sheet_meets_the_same_rules() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "kiemdinh", Role::UnitStaff, "TDC").await;
    let staff = sign_in(&app, "kiemdinh").await;
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let scale = types.iter().find(|t| t.name.starts_with("Cân bàn")).unwrap();
    // a year out of range, a certificate for a failure, no owner
    let form = staff
        .post(
            "/quan-tri/kiem-dinh/moi",
            &[
                ("type", &scale.id.to_string()),
                ("serial", "C-77"),
                ("model", ""),
                ("maker", ""),
                ("made_year", "1800"),
                ("owner", ""),
                ("district", ""),
                ("date", "05/10/2020"),
                ("result", "khong_dat"),
                ("certificate", "KĐ-77"),
                ("verifier", ""),
            ],
        )
        .await;
    assert_eq!(form.status, 422);
    let from_form = form_problems(&form.body);
    let path = sheet(
        &app,
        "kd.xlsx",
        &format!(
            "ws.append(['Loại phương tiện đo', 'Số hiệu', 'Chủ sở hữu', 'Ngày kiểm định', 'Kết quả', 'Số chứng chỉ', 'Năm sản xuất'])\n\
             ws.append(['{}', 'C-77', '', '05/10/2020', 'Không đạt', 'KĐ-77', 1800])",
            scale.name
        ),
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let checked = dost_app::import::verifications::check_file(&app.db, path, today).await.unwrap().unwrap();
    let mut from_sheet: Vec<(String, String)> =
        checked.errors.iter().map(|e| (e.column.to_string(), e.message.clone())).collect();
    from_sheet.sort();
    assert_eq!(from_sheet.len(), 3, "{from_sheet:?}");
    // the form says «1800», the sheet's number cell 1800: the same words
    assert_eq!(from_form, from_sheet);
    assert!(from_form.iter().any(|(l, m)| l == "Năm sản xuất" && m.contains("1950")), "{from_form:?}");
    assert!(from_form.iter().any(|(l, _)| l == "Chủ sở hữu"), "{from_form:?}");
}

#[tokio::test]
async fn a_dossier_sheet_with_its_columns_moved_imports_the_same_records() {
    let app = spawn(true).await;
    let rows = [
        [
            "HS-2026-9001",
            "Có ý kiến về công nghệ dự án đầu tư",
            "Công ty A",
            "02/03/2026",
            "10/03/2026",
            "Văn bản số 1",
        ],
        ["HS-2026-9002", "Có ý kiến về công nghệ dự án đầu tư", "Công ty B", "03/03/2026", "", ""],
    ];
    let template_order = rows
        .iter()
        .map(|r| format!("ws.append(['{}', '{}', '{}', '{}', '{}', '{}'])", r[0], r[1], r[2], r[3], r[4], r[5]))
        .collect::<Vec<_>>()
        .join("\n");
    let moved = rows
        .iter()
        .map(|r| format!("ws.append(['{}', '{}', '{}', '{}', '{}', '{}'])", r[5], r[3], r[2], r[0], r[4], r[1]))
        .collect::<Vec<_>>()
        .join("\n");
    let a = sheet(
        &app,
        "a.xlsx",
        &format!(
            "ws.append(['Mã hồ sơ', 'Thủ tục', 'Tổ chức, cá nhân', 'Ngày nhận', 'Ngày trả', 'Kết quả'])\n{template_order}"
        ),
    );
    // short, without diacritics, in another order
    let b = sheet(
        &app,
        "b.xlsx",
        &format!("ws.append(['Ket qua', 'Ngay nhan', 'To chuc, ca nhan', 'MA HO SO', 'Ngày trả', 'Thủ tục'])\n{moved}"),
    );
    let check = |p: PathBuf| async { dost_app::import::dossiers::check_file(&app.db, p).await.unwrap().unwrap() };
    let (first, second) = (check(a).await, check(b).await);
    assert!(first.ok() && second.ok(), "{:?} {:?}", first.errors, second.errors);
    let records = |c: &dost_app::import::Checked<dost_store::work::NewDossier>| {
        c.rows.iter().map(|(_, d)| format!("{d:?}")).collect::<Vec<_>>()
    };
    assert_eq!(records(&first), records(&second));
    assert_eq!(first.rows.len(), 2);
    assert_eq!(first.rows[0].1.result, "Văn bản số 1");
    // a sheet without the procedure column is refused by the column's name
    let c = sheet(
        &app,
        "c.xlsx",
        "ws.append(['Mã hồ sơ', 'Tổ chức, cá nhân', 'Ngày nhận'])\nws.append(['X', 'Y', '02/03/2026'])",
    );
    let refused = dost_app::import::dossiers::check_file(&app.db, c).await.unwrap().unwrap_err();
    assert!(refused.0.contains("«Thủ tục»"), "{}", refused.0);
}
