//! The registers' descriptions and value rules.

use super::*;

fn register(slug: &str) -> &'static Register {
    find(slug).expect("register")
}

fn column(r: &'static Register, name: &str) -> &'static Column {
    r.columns.iter().find(|c| c.name == name).expect("column")
}

#[test]
fn every_register_has_a_unique_slug_and_an_owner() {
    let mut slugs: Vec<_> = REGISTERS.iter().map(|r| r.slug).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), REGISTERS.len());
    for r in REGISTERS {
        if let Some(d) = r.date_column {
            assert!(r.columns.iter().any(|c| c.name == d && c.kind == FieldKind::Date));
        }
    }
}

#[test]
fn numbers_reject_negatives_dates_and_fractions() {
    let sales = register("ban-hang");
    let q = column(sales, "quantity");
    assert_eq!(parse(q, &Input::Text("6.832".into()), &Refs::default()), Ok(Value::Int(6832)));
    assert_eq!(parse(q, &Input::Number(168.0), &Refs::default()), Ok(Value::Int(168)));
    assert!(parse(q, &Input::Number(-1.0), &Refs::default()).unwrap_err().contains("không được âm"));
    assert!(parse(q, &Input::Text("-5".into()), &Refs::default()).unwrap_err().contains("không được âm"));
    assert!(parse(q, &Input::Number(1.5), &Refs::default()).unwrap_err().contains("số nguyên"));
    assert!(parse(q, &Input::Text("1.5".into()), &Refs::default()).unwrap_err().contains("không phải một số nguyên"));
    assert_eq!(parse(q, &Input::Text("30.000.000".into()), &Refs::default()), Ok(Value::Int(30_000_000)));
    let d = NaiveDate::from_ymd_opt(2020, 9, 30).unwrap();
    assert!(parse(q, &Input::Date(d), &Refs::default()).unwrap_err().contains("không phải ngày"));
    assert_eq!(parse(q, &Input::Empty, &Refs::default()), Err("chưa được ghi".into()));
}

#[test]
fn dates_are_typed_day_first_and_numbers_are_refused() {
    let on = column(register("truyen-thong"), "on_date");
    assert_eq!(
        parse(on, &Input::Text("25/09/2020".into()), &Refs::default()),
        Ok(Value::Date(NaiveDate::from_ymd_opt(2020, 9, 25).unwrap()))
    );
    assert!(parse(on, &Input::Text("2020/09/25".into()), &Refs::default()).unwrap_err().contains("dd/mm/yyyy"));
    assert!(parse(on, &Input::Number(44000.0), &Refs::default()).unwrap_err().contains("là một số"));
}

#[test]
fn choices_and_references_accept_codes_and_names_without_diacritics() {
    let kind = column(register("truyen-thong"), "kind");
    assert_eq!(parse(kind, &Input::Text("lich kh&cn".into()), &Refs::default()), Ok(Value::Text("lich".into())));
    assert!(
        parse(kind, &Input::Text("báo giấy".into()), &Refs::default()).unwrap_err().contains("không có trong danh mục")
    );
    let refs = Refs {
        products: vec![(3, "tra_giao_co_lam".to_string(), "Trà giảo cổ lam".to_string())],
        ..Default::default()
    };
    let p = column(register("ban-hang"), "product_id");
    assert_eq!(parse(p, &Input::Text("Tra giao co lam".into()), &refs), Ok(Value::Int(3)));
    assert!(parse(p, &Input::Text("Mật ong".into()), &refs).unwrap_err().contains("sản phẩm"));
    assert_eq!(show(p, &Value::Int(3), &refs), "Trà giảo cổ lam");
}

#[test]
fn plan_progress_comes_from_the_records_named_by_the_code() {
    assert_eq!(progress_source("kiem_dinh:khoi_luong"), Progress::Verifications("khoi_luong".into()));
    assert_eq!(progress_source("ban_hang:nghe_vang"), Progress::Sales("nghe_vang".into()));
    assert_eq!(progress_source("tap_huan_nong_dan"), Progress::Typed);
}

#[test]
fn a_record_reports_every_bad_column() {
    let r = register("quy");
    let input = |c: &Column| match c.name {
        "kind" => Input::Text("cho_vay".into()),
        "amount" => Input::Text("-1".into()),
        _ => Input::Empty,
    };
    let errors = parse_record(r.columns, input, &Refs::default()).unwrap_err();
    let names: Vec<_> = errors.iter().map(|e| e.0).collect();
    assert_eq!(names, vec!["on_date", "title", "amount"]);
}
