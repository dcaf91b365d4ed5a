//! A dossier received at the one-stop desk as people give it — typed in the
//! desk's form or read from a row of a spreadsheet — checked by one parser:
//! the procedure from the catalogue, the due date in working (or calendar)
//! days, money only where the procedure has it, a returned dossier never
//! before it was received, and a licence's validity when one is granted.
//! Problems come per field, all at once. (Codes already used are the
//! store's to say.)

use chrono::NaiveDate;

use crate::calendar::Holidays;
use crate::cells::{self, Problems};
use crate::dossiers::{LicenceAct, due_date_in, grants_licence, licence_valid_until};
use crate::registers::Input;
use crate::rules::RuleBook;
use crate::text::fold;

/// The fields, by the names the form and the import use, with their
/// labels (the template's column headers), in the template's order.
pub const FIELDS: [(&str, &str); 8] = [
    ("code", "Mã hồ sơ"),
    ("procedure", "Thủ tục"),
    ("applicant", "Tổ chức, cá nhân"),
    ("received", "Ngày nhận"),
    ("returned", "Ngày trả"),
    ("result", "Kết quả"),
    ("amount", "Kinh phí hỗ trợ (đồng)"),
    ("old_expiry", "Hết hạn giấy phép cũ (khi gia hạn)"),
];

/// The fields that must be given.
pub const REQUIRED: [&str; 4] = ["code", "procedure", "applicant", "received"];

/// The label of a field.
pub fn label(field: &str) -> &'static str {
    FIELDS.iter().find(|f| f.0 == field).map(|f| f.1).unwrap_or("")
}

/// A procedure of the catalogue, as the parser needs it.
pub struct ProcedureRef<'a> {
    pub id: i64,
    pub code: &'a str,
    pub name: &'a str,
    pub area: &'a str,
    pub days: u32,
    pub calendar_days: bool,
    pub with_money: bool,
}

/// A dossier, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct DossierInput {
    pub code: String,
    pub procedure_id: i64,
    pub applicant: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub returned_on: Option<NaiveDate>,
    pub result: String,
    pub amount: i64,
    pub licence_until: Option<NaiveDate>,
}

/// What the parser reads besides the row: the catalogue, the holidays the
/// due date skips and the rule book of licence terms.
pub struct Context<'a> {
    pub procedures: &'a [ProcedureRef<'a>],
    pub holidays: &'a Holidays,
    pub book: &'a RuleBook,
}

fn day(input: Input, field: &'static str, problems: &mut Problems) -> Option<NaiveDate> {
    cells::date(&input).unwrap_or_else(|e| {
        problems.push((field, e));
        None
    })
}

/// Checks a dossier. `input(field)` gives what was typed or read; the
/// procedure is found by its number (the form's list), its code or its name.
pub fn parse(input: impl Fn(&'static str) -> Input, cx: &Context) -> Result<DossierInput, Problems> {
    let mut problems: Problems = Vec::new();
    let mut t = |field: &'static str| {
        cells::text(&input(field)).unwrap_or_else(|e| {
            problems.push((field, e));
            String::new()
        })
    };
    let (code, name, applicant, result) = (t("code"), t("procedure"), t("applicant"), t("result"));
    for (field, value) in [("code", &code), ("procedure", &name), ("applicant", &applicant)] {
        if value.is_empty() {
            problems.push((field, "chưa được ghi".into()));
        }
    }
    for (field, value, max) in [("code", &code, 60), ("applicant", &applicant, 300), ("result", &result, 500)] {
        if value.chars().count() > max {
            problems.push((field, format!("dài quá {max} ký tự")));
        }
    }
    let procedure = (!name.is_empty())
        .then(|| {
            cx.procedures.iter().find(|p| p.id.to_string() == name || p.code == name || fold(p.name) == fold(&name))
        })
        .flatten();
    if procedure.is_none() && !name.is_empty() {
        problems.push(("procedure", format!("không có thủ tục «{name}» trong danh mục")));
    }
    let received = day(input("received"), "received", &mut problems);
    if received.is_none() && !problems.iter().any(|p| p.0 == "received") {
        problems.push(("received", "chưa được ghi".into()));
    }
    let returned = day(input("returned"), "returned", &mut problems);
    if let (Some(r), Some(back)) = (received, returned)
        && back < r
    {
        problems.push(("returned", "ngày trả không được trước ngày nhận".into()));
    }
    let amount = cells::amount(&input("amount")).unwrap_or_else(|e| {
        problems.push(("amount", e));
        0
    });
    if amount > 0 && procedure.is_some_and(|p| !p.with_money) {
        problems.push(("amount", "thủ tục này không có kinh phí hỗ trợ".into()));
    }
    let old_expiry = day(input("old_expiry"), "old_expiry", &mut problems);
    let mut licence_until = None;
    if let (Some(p), Some(back)) = (procedure, returned)
        && grants_licence(p.area, p.code)
    {
        match licence_valid_until(cx.book, LicenceAct::of(p.code), back, old_expiry) {
            Ok(until) => licence_until = Some(until),
            Err(e) => problems.push(("old_expiry", cells::problem(e))),
        }
    }
    let (Some(p), Some(received_on), true) = (procedure, received, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(DossierInput {
        code,
        procedure_id: p.id,
        applicant,
        received_on,
        due_on: due_date_in(cx.holidays, received_on, p.days, p.calendar_days),
        returned_on: returned,
        result: if returned.is_some() && result.is_empty() { "Đã giải quyết".into() } else { result },
        amount,
        licence_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&'static str) -> Input + 'a {
        move |k| Input::typed(pairs.iter().find(|(f, _)| *f == k).map(|(_, v)| *v).unwrap_or(""))
    }

    fn procedures() -> Vec<ProcedureRef<'static>> {
        vec![ProcedureRef {
            id: 3,
            code: "cn_y_kien",
            name: "Có ý kiến về công nghệ dự án đầu tư",
            area: "cong_nghe",
            days: 15,
            calendar_days: false,
            with_money: false,
        }]
    }

    #[test]
    fn the_form_and_the_sheet_read_the_same_dossier_and_count_working_days() {
        let (list, holidays, book) = (procedures(), Holidays::default(), RuleBook::default());
        let cx = Context { procedures: &list, holidays: &holidays, book: &book };
        let form = [("code", "HS-1"), ("procedure", "3"), ("applicant", "C"), ("received", "02/03/2020")];
        let a = parse(typed(&form), &cx).unwrap();
        let sheet = |k: &'static str| match k {
            "procedure" => Input::Text("co y kien ve cong nghe du an dau tu".into()),
            "received" => Input::Date(NaiveDate::from_ymd_opt(2020, 3, 2).unwrap()),
            other => typed(&form)(other),
        };
        assert_eq!(parse(sheet, &cx).unwrap(), a);
        assert_eq!(a.due_on, NaiveDate::from_ymd_opt(2020, 3, 23).unwrap(), "15 working days");
    }

    #[test]
    fn every_problem_is_named_with_its_field_at_once() {
        let (list, holidays, book) = (procedures(), Holidays::default(), RuleBook::default());
        let cx = Context { procedures: &list, holidays: &holidays, book: &book };
        let bad = [("procedure", "3"), ("received", "10/03/2020"), ("returned", "02/03/2020"), ("amount", "5.000.000")];
        let problems = parse(typed(&bad), &cx).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["code", "applicant", "returned", "amount"]);
    }
}
