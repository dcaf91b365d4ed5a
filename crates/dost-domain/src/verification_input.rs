//! A verification as people give it — typed in the form or read from a row
//! of a spreadsheet — checked by one parser with "today" passed in, so that
//! the form and the import can never disagree: the type from the
//! catalogue, the cycle in force on the day, a certificate only for a pass,
//! a year of manufacture between 1950 and 2100. Problems come per field,
//! all at once. (Certificates already used are the store's to say.)

use chrono::NaiveDate;

use crate::cells::{self, Problems};
use crate::metrology::{CycleRule, MetrologyError, VerificationKind, check_verification_on};
use crate::registers::Input;
use crate::text::fold;

/// The fields, by the names the form and the import use, with their
/// labels (the template's column headers), in the template's order.
pub const FIELDS: [(&str, &str); 13] = [
    ("type", "Loại phương tiện đo"),
    ("serial", "Số hiệu"),
    ("owner", "Chủ sở hữu"),
    ("district", "Địa bàn"),
    ("date", "Ngày kiểm định"),
    ("result", "Kết quả"),
    ("certificate", "Số chứng chỉ"),
    ("verifier", "Kiểm định viên"),
    ("model", "Kiểu (model)"),
    ("maker", "Hãng, nước sản xuất"),
    ("made_year", "Năm sản xuất"),
    ("how", "Hình thức (ban đầu, định kỳ, sau sửa chữa)"),
    ("designation", "Số thẻ hoặc quyết định chỉ định kiểm định viên"),
];

/// The fields that must be given.
pub const REQUIRED: [&str; 5] = ["type", "serial", "owner", "date", "result"];

/// The label of a field.
pub fn label(field: &str) -> &'static str {
    FIELDS.iter().find(|f| f.0 == field).map(|f| f.1).unwrap_or("")
}

/// A type of instrument of the catalogue, as the parser needs it.
pub struct Instrument<'a> {
    pub id: i64,
    pub name: &'a str,
    pub cycles: &'a [CycleRule],
}

/// A verification, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationInput {
    pub type_id: i64,
    pub serial: String,
    pub model: String,
    pub maker: String,
    pub made_year: Option<i64>,
    pub owner: String,
    pub district: String,
    pub verified_on: NaiveDate,
    pub passed: bool,
    pub certificate: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub verifier: String,
    pub kind: VerificationKind,
    pub designation: String,
}

/// Whether a result means a pass (`dat`, "Đạt") or a failure.
fn result_of(v: &str) -> Option<bool> {
    match fold(v.trim()).replace('_', " ").as_str() {
        "dat" => Some(true),
        "khong dat" => Some(false),
        _ => None,
    }
}

/// Checks a verification made no later than `today`. `input(field)` gives
/// what was typed or read; the type is found by its number (the form's
/// list) or its name (a sheet), with or without diacritics.
pub fn parse(
    input: impl Fn(&'static str) -> Input,
    types: &[Instrument],
    today: NaiveDate,
) -> Result<VerificationInput, Problems> {
    let mut problems: Problems = Vec::new();
    let mut t = |field: &'static str| {
        cells::text(&input(field)).unwrap_or_else(|e| {
            problems.push((field, e));
            String::new()
        })
    };
    let (type_s, serial, owner, district) = (t("type"), t("serial"), t("owner"), t("district"));
    let (result_s, certificate, verifier, model) = (t("result"), t("certificate"), t("verifier"), t("model"));
    let (maker, how_s, designation) = (t("maker"), t("how"), t("designation"));
    for (name, value) in [("type", &type_s), ("serial", &serial), ("owner", &owner), ("result", &result_s)] {
        if value.is_empty() {
            problems.push((name, "chưa được ghi".into()));
        }
    }
    for (name, value, max) in [("serial", &serial, 100), ("owner", &owner, 300), ("certificate", &certificate, 100)] {
        if value.chars().count() > max {
            problems.push((name, format!("dài quá {max} ký tự")));
        }
    }
    let instrument = (!type_s.is_empty())
        .then(|| types.iter().find(|i| i.id.to_string() == type_s || fold(i.name) == fold(&type_s)))
        .flatten();
    if instrument.is_none() && !type_s.is_empty() {
        problems.push(("type", format!("không có loại phương tiện «{type_s}» trong danh mục")));
    }
    let passed = result_of(&result_s);
    if passed.is_none() && !result_s.is_empty() {
        problems.push(("result", format!("«{result_s}» không phải kết quả (Đạt, Không đạt)")));
    }
    let on = match cells::date(&input("date")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            problems.push(("date", "chưa được ghi".into()));
            None
        }
        Err(e) => {
            problems.push(("date", e));
            None
        }
    };
    let made_year = cells::year(&input("made_year")).unwrap_or_else(|e| {
        problems.push(("made_year", e));
        None
    });
    // periodic unless said otherwise (older sheets have no such column)
    let kind = match how_s.as_str() {
        "" => VerificationKind::Periodic,
        k => VerificationKind::parse(k).unwrap_or_else(|| {
            problems.push(("how", format!("«{k}» không phải hình thức kiểm định (ban đầu, định kỳ, sau sửa chữa)")));
            VerificationKind::Periodic
        }),
    };
    let mut valid_until = None;
    if let (Some(i), Some(on), Some(passed)) = (instrument, on, passed) {
        match check_verification_on(i.cycles, on, today, passed, &certificate) {
            Ok(v) => valid_until = v,
            Err(e @ (MetrologyError::NoRule(_) | MetrologyError::InFuture(_))) => {
                problems.push(("date", cells::problem(e)))
            }
            Err(e) => problems.push(("certificate", cells::problem(e))),
        }
    }
    let (Some(i), Some(verified_on), Some(passed), true) = (instrument, on, passed, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(VerificationInput {
        type_id: i.id,
        serial,
        model,
        maker,
        made_year,
        owner,
        district,
        verified_on,
        passed,
        certificate: (!certificate.is_empty()).then_some(certificate),
        valid_until,
        verifier,
        kind,
        designation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const CYCLES: [CycleRule; 1] = [CycleRule { effective_from: NaiveDate::MIN, months: 12 }];

    fn types() -> Vec<Instrument<'static>> {
        vec![Instrument { id: 7, name: "Cân bàn, cân đồng hồ lò xo", cycles: &CYCLES }]
    }

    fn typed<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&'static str) -> Input + 'a {
        move |k| Input::typed(pairs.iter().find(|(f, _)| *f == k).map(|(_, v)| *v).unwrap_or(""))
    }

    #[test]
    fn the_form_and_the_sheet_read_the_same_verification() {
        let form = [
            ("type", "7"),
            ("serial", "C-1"),
            ("owner", "Chợ Xanh"),
            ("date", "05/10/2020"),
            ("result", "dat"),
            ("certificate", "KĐ-1"),
            ("made_year", "2018"),
            ("how", "sau_sua_chua"),
        ];
        let a = parse(typed(&form), &types(), d(2026, 12, 7)).unwrap();
        let sheet = |k: &'static str| match k {
            "type" => Input::Text("Can ban, can dong ho lo xo".into()),
            "date" => Input::Date(d(2020, 10, 5)),
            "result" => Input::Text("Đạt".into()),
            "made_year" => Input::Number(2018.0),
            "how" => Input::Text("Sau sửa chữa".into()),
            other => typed(&form)(other),
        };
        assert_eq!(parse(sheet, &types(), d(2026, 12, 7)).unwrap(), a);
        assert_eq!(a.valid_until, Some(d(2021, 10, 4)));
    }

    #[test]
    fn every_problem_is_named_with_its_field_at_once() {
        let bad = [("type", "Đồng hồ nước"), ("date", "05/10/2027"), ("result", "dat"), ("made_year", "1800")];
        let problems = parse(typed(&bad), &types(), d(2026, 12, 7)).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        for f in ["serial", "owner", "type", "made_year"] {
            assert!(fields.contains(&f), "{f} missing from {problems:?}");
        }
        // the date in the future is told once the type is known
        let later = [("type", "7"), ("serial", "C"), ("owner", "O"), ("date", "05/10/2027"), ("result", "dat")];
        let problems = parse(typed(&later), &types(), d(2026, 12, 7)).unwrap_err();
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), ["date"]);
    }
}
