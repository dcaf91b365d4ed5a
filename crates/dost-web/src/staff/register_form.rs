//! A register's record in its form: adding, changing (a published record
//! of a register that needs approval changes only once the change is
//! approved, `publication`), with each error next to its field.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use dost_domain::registers::{self, Column, FieldKind, Input, Register, Value};

use super::extract::StaffPairs;
use super::page::FormField;
use super::publication::{self, Saved};
use super::registers::{Lookups, opened};
use super::{Opt, Staff, StaffPage, no_store_checked};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/register_form.html")]
struct FormTemplate {
    page: StaffPage,
    r: &'static Register,
    heading: String,
    action: String,
    form_error: Option<String>,
    message: Option<String>,
    fields: Vec<FormField>,
}

fn form_fields(r: &Register, l: &Lookups, value: impl Fn(&Column) -> String) -> Vec<FormField> {
    r.columns
        .iter()
        .map(|c| {
            let v = value(c);
            let mut options: Vec<(String, String)> = match c.kind {
                FieldKind::Choice(o) => o.iter().map(|(a, b)| ((*a).to_string(), (*b).to_string())).collect(),
                FieldKind::Product => l.products.iter().map(|p| (p.0.to_string(), p.2.clone())).collect(),
                FieldKind::Unit => l.units.iter().map(|u| (u.0.to_string(), u.2.clone())).collect(),
                FieldKind::FundCase => l.fund_cases.iter().map(|u| (u.0.to_string(), u.2.clone())).collect(),
                FieldKind::PlanIndicator => l.plan_indicators.iter().map(|u| (u.0.to_string(), u.2.clone())).collect(),
                FieldKind::YesNo => {
                    vec![("khong".to_string(), "Không".to_string()), ("co".to_string(), "Có".to_string())]
                }
                _ => Vec::new(),
            };
            if matches!(c.kind, FieldKind::Unit) {
                options.insert(0, (String::new(), "(không chọn)".into()));
            }
            FormField {
                name: c.name,
                label: c.label,
                placeholder: match c.kind {
                    FieldKind::Date => "dd/mm/yyyy",
                    FieldKind::Money => "30.000.000",
                    FieldKind::Year => "2020",
                    _ => "",
                },
                options: options.into_iter().map(|(value, label)| Opt { selected: value == v, value, label }).collect(),
                value: v,
                error: None,
            }
        })
        .collect()
}

/// A stored value as typed in the form.
fn form_value(c: &Column, v: &Value) -> String {
    match (c.kind, v) {
        (FieldKind::Money | FieldKind::Count, Value::Int(n)) => format::int(*n),
        (_, Value::Int(n)) => n.to_string(),
        (_, Value::Date(d)) => format::date(*d),
        (_, Value::Text(t)) => t.clone(),
        (_, Value::Bool(b)) => if *b { "co" } else { "khong" }.to_string(),
        (_, Value::Null) => String::new(),
    }
}

fn render_form(
    staff: &Staff,
    r: &'static Register,
    id: Option<i64>,
    fields: Vec<FormField>,
    message: Option<String>,
    form_error: Option<String>,
) -> Result<Response, WebError> {
    let has_errors = form_error.is_some() || fields.iter().any(|f| f.error.is_some());
    let t = FormTemplate {
        page: StaffPage::new(staff, r.title, "/quan-tri/so"),
        r,
        heading: match id {
            Some(_) => format!("{}: sửa bản ghi", r.title),
            None => format!("{}: thêm bản ghi", r.title),
        },
        action: match id {
            Some(id) => format!("/quan-tri/so/{}/{id}", r.slug),
            None => format!("/quan-tri/so/{}/moi", r.slug),
        },
        form_error: form_error.or_else(|| has_errors.then(|| "Chưa lưu: hãy sửa các ô báo lỗi.".to_string())),
        message,
        fields,
    };
    Ok(no_store_checked(t.render()?, has_errors))
}

pub async fn new_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(slug): VnPath<String>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, true).await?;
    let message = q.get("tb").map(|tb| match tb.as_str() {
        "cho-duyet" => {
            "Đã lưu; bản ghi sẽ hiện trên cổng sau khi được duyệt đăng. Có thể ghi tiếp bản ghi khác.".to_string()
        }
        _ => "Đã lưu. Có thể ghi tiếp bản ghi khác.".to_string(),
    });
    render_form(&staff, r, None, form_fields(r, &l, |_| String::new()), message, None)
}

pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath((slug, id)): VnPath<(String, i64)>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, true).await?;
    let live = dost_store::registers::get(&state.db, r, id).await?.ok_or(WebError::NotFound)?;
    publication::require_change(&staff, &publication::record_keepers(&staff, r, &live, &l))?;
    // a change waiting for approval is what the person goes on editing
    let proposal = dost_store::registers::proposal(&state.db, r, id).await?;
    let mut message = q.get("tb").map(|tb| match tb.as_str() {
        "cho-duyet" => "Đã lưu đề nghị sửa; trên cổng vẫn là bản đã duyệt cho đến khi đề nghị được duyệt.".to_string(),
        _ => "Đã lưu.".to_string(),
    });
    if let Some(p) = &proposal
        && message.is_none()
    {
        message = Some(format!(
            "Đang hiển thị bản đề nghị sửa của {} lúc {}, chờ duyệt đăng; trên cổng vẫn là bản đã duyệt.",
            p.by,
            format::datetime_ts(p.at)
        ));
    }
    let values = proposal.map(|p| p.values).unwrap_or(live);
    let fields = form_fields(r, &l, |c| {
        r.columns.iter().position(|x| x.name == c.name).map(|i| form_value(c, &values[i])).unwrap_or_default()
    });
    render_form(&staff, r, Some(id), fields, message, None)
}

/// Checks a posted record; on problems, the form with each error next to its
/// field. A record kept by one unit (a draft) stays with a unit the person
/// records for.
fn checked(
    staff: &Staff,
    r: &'static Register,
    l: &Lookups,
    id: Option<i64>,
    p: &crate::http::form::Pairs,
) -> Result<Result<Vec<Value>, Response>, WebError> {
    // the fields are the register's columns, and nothing else
    if let Some((k, _)) = p.0.iter().find(|(k, _)| !r.columns.iter().any(|c| c.name == k)) {
        return Err(WebError::BadRequest(format!("Biểu mẫu gửi lên có ô không hợp lệ («{k}»). Hãy tải lại trang.")));
    }
    let mut fields = form_fields(r, l, |c| p.get(c.name));
    let mut result = registers::parse_register(r, |c| Input::typed(&p.get(c.name)), l);
    if let (Ok(values), Some(column)) = (&result, registers::record_unit_column(r))
        && publication::require_change(staff, &publication::record_keepers(staff, r, values, l)).is_err()
    {
        result = Err(vec![(column, "chỉ ghi được cho đơn vị của mình".to_string())]);
    }
    let values = match result {
        Ok(v) => v,
        Err(errors) => {
            for (name, e) in errors {
                if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
                    f.error = Some(format!("{}: {e}.", f.label));
                }
            }
            return Ok(Err(render_form(staff, r, id, fields, None, None)?));
        }
    };
    Ok(Ok(values))
}

/// The form again with the unique columns' error, when the database refused
/// a second record with the same values (the constraint decides, so two
/// people saving at once cannot both get through).
fn duplicate_form(
    staff: &Staff,
    r: &'static Register,
    l: &Lookups,
    id: Option<i64>,
    p: &crate::http::form::Pairs,
) -> Result<Response, WebError> {
    let mut fields = form_fields(r, l, |c| p.get(c.name));
    let names: Vec<&str> =
        r.unique.iter().filter_map(|u| r.columns.iter().find(|c| c.name == *u).map(|c| c.label)).collect();
    if let Some(f) = fields.iter_mut().find(|f| Some(&f.name) == r.unique.last()) {
        f.error = Some(format!("Đã có bản ghi trùng {}.", names.join(", ")));
    }
    render_form(staff, r, id, fields, None, None)
}

pub async fn create(
    State(state): State<AppState>,
    VnPath(slug): VnPath<String>,
    StaffPairs { staff, pairs }: StaffPairs,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, true).await?;
    let values = match checked(&staff, r, &l, None, &pairs)? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    let keepers = publication::record_keepers(&staff, r, &values, &l);
    let mut tx = state.begin(&staff.actor()).await?;
    let ids = match dost_store::registers::insert(&mut tx, r, &[values]).await {
        Err(e) if e.is_duplicate(r.table, r.unique) => return duplicate_form(&staff, r, &l, None, &pairs),
        other => other?,
    };
    let waits = publication::publish_if_allowed(&mut tx, &staff, r, &keepers, &ids).await?;
    state.commit(tx).await?;
    let flash = if waits { "cho-duyet" } else { "da-luu" };
    Ok(Redirect::to(&format!("/quan-tri/so/{slug}/moi?tb={flash}")).into_response())
}

/// Saves a change: at once when the record is not published yet or the
/// person may publish it; otherwise as a change waiting for approval, the
/// published record staying as it is.
pub async fn save(
    State(state): State<AppState>,
    VnPath((slug, id)): VnPath<(String, i64)>,
    StaffPairs { staff, pairs }: StaffPairs,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, true).await?;
    let live = dost_store::registers::get(&state.db, r, id).await?.ok_or(WebError::NotFound)?;
    let keepers = publication::record_keepers(&staff, r, &live, &l);
    publication::require_change(&staff, &keepers)?;
    let values = match checked(&staff, r, &l, Some(id), &pairs)? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    let saved = match publication::save_change(&state.db, &mut tx, &staff, r, id, &values, &keepers).await {
        Err(WebError::Store(e)) if e.is_duplicate(r.table, r.unique) => {
            return duplicate_form(&staff, r, &l, Some(id), &pairs);
        }
        other => other?,
    };
    if saved == Saved::Duplicate {
        return duplicate_form(&staff, r, &l, Some(id), &pairs);
    }
    state.commit(tx).await?;
    let flash = if saved == Saved::Waits { "cho-duyet" } else { "da-luu" };
    Ok(Redirect::to(&format!("/quan-tri/so/{slug}/{id}?tb={flash}")).into_response())
}
