//! Moving a NukeViet 4 news site to dost: `dost import nukeviet --dump …`
//! (or `--mysql-url …`). The dump (or database) is read twice, statement by statement (the bodies only in the
//! second pass, in batches, so memory stays bounded); categories, articles,
//! tags, ratings, pictures and attachments come through dost's own write
//! path, one transaction per batch; every old address gets a redirect. A
//! second run adds only what is new; `--dry-run` writes nothing.

pub mod dump;
mod files;
mod site;
mod source;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use dost_domain::content::article_path;
use dost_domain::html::SafeHtml;
use dost_domain::nukeviet::{decoded, lead, status, youtube_as_links};
use dost_domain::text::{decode_entities, slugify, strip_tags};
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::content::{NewArticle, NewCategory, NewImage};
use dost_store::moves::{Kept, Redirect};

use crate::AppError;
use site::{Site, Tables};
pub use source::Source;

/// What to move and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The old site's dump, or its live database.
    pub source: Source,
    pub uploads: Option<PathBuf>,
    pub thumbs: Option<PathBuf>,
    /// The tables' prefix (`nv4`); found in the dump when not given.
    pub prefix: Option<String>,
    pub lang: String,
    /// The news module's data name (`news`).
    pub module: String,
    /// The old site's address, to rewrite absolute links to its files.
    pub old_base_url: Option<String>,
    pub dry_run: bool,
    /// dost's media folder.
    pub uploads_dir: PathBuf,
}

/// What the move did, by kind, and everything skipped or changed with why.
#[derive(Debug, Default)]
pub struct Report {
    pub counts: BTreeMap<&'static str, usize>,
    pub notes: Vec<String>,
}

impl Report {
    fn add(&mut self, what: &'static str) {
        *self.counts.entry(what).or_default() += 1;
    }

    /// The report as text (Vietnamese).
    pub fn render(&self, dry_run: bool) -> String {
        let mut out = String::from(if dry_run {
            "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu hay thư mục tệp.\n"
        } else {
            "Kết quả chuyển dữ liệu từ NukeViet.\n"
        });
        for (what, n) in &self.counts {
            out.push_str(&format!("  {what}: {n}\n"));
        }
        if !self.notes.is_empty() {
            out.push_str(&format!("\nĐã bỏ qua hoặc thay đổi ({}):\n", self.notes.len()));
            for n in &self.notes {
                out.push_str(&format!("  - {n}\n"));
            }
        }
        out
    }
}

/// How far a pass has read: (pass, bytes read, bytes in all).
pub type Progress = dyn Fn(&str, u64, u64) + Send + Sync;

pub(super) fn io(e: impl std::fmt::Display) -> AppError {
    AppError::Invalid(format!("không đọc được tệp: {e}"))
}

/// Finds the news tables' prefix (`nv4_vi_news`) in the dump.
fn find_prefix(o: &Options) -> Result<String, AppError> {
    let suffix = format!("_{}_{}_rows", o.lang, o.module);
    if let Some(p) = &o.prefix {
        return Ok(format!("{p}_{}_{}", o.lang, o.module));
    }
    let mut found = None;
    o.source.read(
        |t| {
            if found.is_none() && t.ends_with(&suffix) {
                found = Some(t.trim_end_matches("_rows").to_string());
            }
            false
        },
        |_, _| Ok(()),
        |_, _| {},
    )?;
    found.ok_or_else(|| {
        AppError::Invalid(format!("không thấy bảng tin bài (…{suffix}) trong tệp; hãy cho --prefix và --lang"))
    })
}

/// The first pass: every table of the module but the bodies.
fn first_pass(o: &Options, t: &Tables, progress: &Progress) -> Result<Site, AppError> {
    let mut site = Site::default();
    o.source.read(
        |table| Site::wanted(t, table),
        |table, row| {
            site.take(t, table, &row);
            Ok(())
        },
        |read, size| progress("1/2", read, size),
    )?;
    site.finish();
    Ok(site)
}

/// An article ready to be written.
struct Prepared {
    old_id: i64,
    alias: String,
    title: String,
    lead: String,
    body: String,
    author: String,
    source: String,
    image: Option<(String, String)>,
    status: dost_domain::content::ArticleStatus,
    featured: bool,
    primary: i64,
    cats: Vec<i64>,
    tags: Vec<String>,
    published: i64,
    kept: Kept,
}

/// A body from `_detail`, made ready (on the reading thread, while the
/// previous batch is written).
struct Detail {
    id: i64,
    /// The body with its file links rewritten, attachments listed, sanitised.
    clean: String,
    sourcetext: String,
    /// Embedded YouTube players turned into links.
    videos: usize,
    /// The sanitiser removed visible text.
    lost_text: bool,
    /// The old site's files the body uses.
    used: Vec<String>,
}

/// Makes a body ready: file links rewritten, players as links, attachments
/// listed, sanitised by dost's rules.
fn prepare(
    id: i64,
    bodyhtml: &str,
    files: &[String],
    sourcetext: String,
    module: &str,
    old_base: Option<&str>,
) -> Detail {
    let mut used = HashSet::new();
    let body = rewrite_files(bodyhtml, module, old_base, &mut used);
    let (mut body, videos) = youtube_as_links(&body);
    if !files.is_empty() {
        body.push_str("<p>Tệp đính kèm:</p><ul>");
        for f in files {
            if f.starts_with("http://") || f.starts_with("https://") {
                body.push_str(&format!("<li><a href=\"{f}\">{f}</a></li>"));
                continue;
            }
            used.insert(format!("uploads/{module}/{f}"));
            let name = f.rsplit('/').next().unwrap_or(f);
            body.push_str(&format!("<li><a href=\"/tep/nukeviet/{module}/{f}\">{name}</a></li>"));
        }
        body.push_str("</ul>");
    }
    let clean = SafeHtml::sanitize(&body).into_string();
    let lost_text = visible_text(&clean) != visible_text(&body);
    Detail { id, clean, sourcetext, videos, lost_text, used: used.into_iter().collect() }
}

/// Rewrites the old site's file addresses to dost's; the old files it names.
fn rewrite_files(html: &str, module: &str, old_base: Option<&str>, used: &mut HashSet<String>) -> String {
    let mut out = html.to_string();
    if let Some(base) = old_base {
        out = out.replace(&format!("{}/uploads/", base.trim_end_matches('/')), "/uploads/");
    }
    let marker = format!("/uploads/{module}/");
    let mut at = 0;
    while let Some(i) = out[at..].find(&marker) {
        let start = at + i;
        let end = out[start..].find(['"', '\'', ' ', ')', '<', '>']).map(|e| start + e).unwrap_or(out.len());
        used.insert(decode_entities(&out[start + 1..end]));
        at = end;
    }
    out.replace(&marker, &format!("/tep/nukeviet/{module}/"))
}

/// A query value, percent-encoded (spaces as `+`).
fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn visible_text(html: &str) -> String {
    decode_entities(&strip_tags(html)).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Moves one site. Heavy reading happens off the async threads.
pub async fn import(db: &Db, o: Options, progress: std::sync::Arc<Progress>) -> Result<Report, AppError> {
    let opts = o.clone();
    let prefix = tokio::task::spawn_blocking(move || find_prefix(&opts))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let t = Tables { prefix: prefix.clone() };
    let source = format!("nukeviet:{prefix}");
    let (opts, tt, p) = (o.clone(), t.clone(), progress.clone());
    let site = tokio::task::spawn_blocking(move || first_pass(&opts, &tt, &*p))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let mut report = Report::default();
    report.counts.insert("chuyên mục trong tệp", site.categories.len());
    report.counts.insert("bài viết trong tệp", site.articles.len());
    let now = chrono::Utc::now().timestamp();
    let actor = Actor::command_line();

    // categories, parents first
    let mut cat_map = dost_store::moves::mapped(db, &source, "category").await?;
    let existing = dost_store::portal::categories(db).await?;
    let mut slug_of: HashMap<i64, String> = existing.iter().map(|c| (c.id, c.slug.clone())).collect();
    let mut created = 0;
    let mut tx = (!o.dry_run).then_some(db.begin(&actor, now).await?);
    for c in &site.categories {
        if cat_map.contains_key(&c.catid) {
            report.add("chuyên mục đã có từ lần trước");
            continue;
        }
        let name = decoded(&c.title);
        let mut slug = slugify(&c.alias);
        if slug.is_empty() || dost_domain::content::RESERVED_SLUGS.contains(&slug.as_str()) {
            let changed = format!("chuyen-muc-{}", if slug.is_empty() { slugify(&name) } else { slug.clone() });
            report.notes.push(format!(
                "chuyên mục «{name}»: đường dẫn «{}» trùng một trang của dost, dùng «{changed}»",
                c.alias
            ));
            slug = changed;
        }
        let reuse = existing.iter().find(|e| e.slug == slug).map(|e| e.id);
        let id = match (reuse, &mut tx) {
            (Some(id), _) => {
                report.notes.push(format!("chuyên mục «{name}»: gộp vào chuyên mục có sẵn «{slug}»"));
                id
            }
            (None, Some(tx)) => {
                let parent = cat_map.get(&c.parentid).copied();
                if c.status == 0 || c.status > 10 {
                    report
                        .notes
                        .push(format!("chuyên mục «{name}» đang bị đình chỉ: nhập nhưng không hiện trên trình đơn"));
                }
                let nc = NewCategory {
                    parent_id: parent,
                    slug: &slug,
                    name: &name,
                    description: &decoded(&c.description.replace("<br />", "\n")),
                    position: c.weight,
                    show_in_menu: c.status == 1 || c.status == 2,
                    show_on_home: c.status == 1,
                };
                dost_store::content::insert_category(tx, &nc).await?
            }
            (None, None) => -c.catid,
        };
        if let Some(tx) = &mut tx {
            dost_store::moves::map(tx, &source, "category", c.catid, id).await?;
            dost_store::moves::add_redirect(
                tx,
                &Redirect::new(&source, "category", &c.alias, &c.alias, format!("/{slug}")),
            )
            .await?;
            dost_store::moves::add_redirect(
                tx,
                &Redirect::new(&source, "feed", &c.alias, &c.alias, format!("/rss/{slug}.xml")),
            )
            .await?;
        }
        cat_map.insert(c.catid, id);
        slug_of.insert(id, slug);
        created += 1;
        report.add("chuyên mục tạo mới");
    }
    if let Some(mut tx) = tx.take().filter(|_| created > 0) {
        dost_store::moves::add_redirect(&mut tx, &Redirect::new(&source, "feed", "", "", "/rss.xml".into())).await?;
        for (alias, name) in &site.tag_names {
            let target = format!("/tim-kiem?q={}", query_value(&decoded(name)));
            dost_store::moves::add_redirect(&mut tx, &Redirect::new(&source, "tag", alias, alias, target)).await?;
        }
        tx.summarise(dost_store::tx::Change::new(
            "import",
            "category",
            None,
            format!("Nhập chuyên mục từ NukeViet ({prefix})"),
        ));
        tx.commit().await?;
    }

    // articles: bodies from the second pass, in batches
    let done = dost_store::moves::mapped(db, &source, "article").await?;
    let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<Detail>>(2);
    let (opts, tt, p) = (o.clone(), t.clone(), progress.clone());
    let wanted_ids: HashSet<i64> = site.articles.iter().map(|a| a.id).filter(|id| !done.contains_key(id)).collect();
    let reader = tokio::task::spawn_blocking(move || -> Result<(), AppError> {
        let detail = tt.name("detail");
        let mut batch = Vec::new();
        opts.source.read(
            |table| table == detail,
            |_, row| {
                let id = row.int("id");
                if wanted_ids.contains(&id) {
                    let files: Vec<String> = row
                        .text("files")
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_string)
                        .collect();
                    batch.push(prepare(
                        id,
                        &row.text("bodyhtml"),
                        &files,
                        row.text("sourcetext"),
                        &opts.module,
                        opts.old_base_url.as_deref(),
                    ));
                }
                if batch.len() >= 200 {
                    let full = std::mem::take(&mut batch);
                    let _ = sender.blocking_send(full);
                }
                Ok(())
            },
            |read, size| p("2/2", read, size),
        )?;
        let _ = sender.blocking_send(batch);
        Ok(())
    });
    let by_id: HashMap<i64, &site::Article> = site.articles.iter().map(|a| (a.id, a)).collect();
    let mut used_files: HashSet<String> = HashSet::new();
    let mut thumbs_used: HashSet<String> = HashSet::new();
    let mut with_body: HashSet<i64> = HashSet::new();
    report.counts.insert("bài viết đã có từ lần trước", done.len());
    let module = o.module.clone();
    let mut tag_ids: HashMap<String, i64> = HashMap::new();
    while let Some(batch) = batches.recv().await {
        let mut tx = if o.dry_run { None } else { Some(db.begin(&actor, now).await?) };
        let mut n = 0;
        let mut prepared: Vec<Prepared> = Vec::with_capacity(batch.len());
        for d in batch {
            let Some(a) = by_id.get(&d.id) else { continue };
            with_body.insert(d.id);
            let title = decoded(&a.title);
            let label = format!("bài {} «{}»", a.id, title.chars().take(60).collect::<String>());
            let (state, note) = status(a.status);
            if let Some(note) = note {
                report.notes.push(format!("{label}: {note}"));
            }
            let cats: Vec<i64> = std::iter::once(a.catid)
                .chain(a.listcatid.iter().copied())
                .filter_map(|c| cat_map.get(&c).copied())
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
            let Some(&primary) = cats.first() else {
                report.notes.push(format!("{label}: bỏ qua, không thuộc chuyên mục nào còn trong tệp"));
                report.add("bài viết bỏ qua");
                continue;
            };
            used_files.extend(d.used.iter().cloned());
            let clean = d.clean;
            if d.videos > 0 {
                report.notes.push(format!("{label}: {} video YouTube nhúng được thay bằng liên kết", d.videos));
            }
            if d.lost_text {
                report
                    .notes
                    .push(format!("{label}: bộ lọc HTML đã bỏ một phần nội dung không an toàn hoặc không hỗ trợ"));
            }
            let image_url;
            let image = match a.homeimgthumb {
                1 | 2 if !a.homeimgfile.is_empty() => {
                    used_files.insert(format!("uploads/{module}/{}", a.homeimgfile));
                    if a.homeimgthumb == 1 {
                        thumbs_used.insert(format!("assets/{module}/{}", a.homeimgfile));
                    }
                    image_url = format!("/tep/nukeviet/{module}/{}", a.homeimgfile);
                    Some(image_url.as_str())
                }
                3 => {
                    report
                        .notes
                        .push(format!("{label}: ảnh đại diện ở máy chủ khác ({}) không được chép", a.homeimgfile));
                    None
                }
                _ => None,
            };
            let alt = decoded(&a.homeimgalt);
            let alt = if alt.is_empty() { title.clone() } else { alt };
            // the source as typed; a typed address keeps the source's name before it
            let named = site.sources.get(&a.sourceid).map(|(t, _)| decoded(t)).unwrap_or_default();
            let typed = d.sourcetext.trim();
            let credited = match (typed, named.as_str()) {
                ("", name) => name.to_string(),
                (url, name) if url.starts_with("http") && !name.is_empty() => format!("{name} ({url})"),
                (text, _) => text.to_string(),
            };
            let tags: Vec<String> = site.tags.get(&a.id).cloned().unwrap_or_default();
            let published = if a.publtime > 0 { a.publtime } else { a.addtime };
            n += 1;
            prepared.push(Prepared {
                old_id: a.id,
                alias: a.alias.clone(),
                lead: lead(&a.hometext),
                body: clean,
                author: decoded(&a.author),
                source: credited,
                image: image.map(|url| (url.to_string(), alt)),
                status: state,
                featured: site.featured.contains(&a.id),
                primary,
                cats,
                tags,
                published,
                kept: Kept {
                    created_at: a.addtime,
                    updated_at: a.edittime.max(a.addtime),
                    expires_at: (a.exptime > 0).then_some(a.exptime),
                    rating_points: a.total_rating,
                    rating_votes: a.click_rating,
                },
                title,
            });
        }
        if let Some(tx) = &mut tx {
            let items: Vec<(NewArticle<'_>, Kept)> = prepared
                .iter()
                .map(|p| {
                    let new = NewArticle {
                        slug: &p.alias,
                        title: &p.title,
                        lead: &p.lead,
                        body_html: &p.body,
                        author: &p.author,
                        source: &p.source,
                        image: p.image.as_ref().map(|(url, alt)| NewImage {
                            url,
                            alt,
                            caption: "",
                            width: 0,
                            height: 0,
                        }),
                        status: p.status,
                        featured: p.featured,
                        category_ids: &p.cats,
                        tags: &[],
                        published_at: p.published,
                        now: p.kept.updated_at,
                    };
                    (new, Kept { ..p.kept })
                })
                .collect();
            let tag_lists: Vec<Vec<&str>> =
                prepared.iter().map(|p| p.tags.iter().map(String::as_str).collect()).collect();
            let items: Vec<(NewArticle<'_>, Kept)> = items
                .into_iter()
                .zip(&tag_lists)
                .map(|((mut a, k), t)| {
                    a.tags = t;
                    (a, k)
                })
                .collect();
            let ids = dost_store::moves::insert_articles(tx, &items, &mut tag_ids).await?;
            let pairs: Vec<(i64, i64)> = prepared.iter().zip(&ids).map(|(p, id)| (p.old_id, *id)).collect();
            let redirects: Vec<Redirect> = prepared
                .iter()
                .zip(&ids)
                .map(|(p, id)| {
                    let cat_slug = slug_of.get(&p.primary).cloned().unwrap_or_default();
                    let target = article_path(&cat_slug, &slugify(&p.alias), *id);
                    Redirect::new(&source, "article", &p.old_id.to_string(), &p.alias, target)
                })
                .collect();
            dost_store::moves::map_many(tx, &source, "article", &pairs, &redirects).await?;
        }
        report.counts.entry("bài viết nhập mới").and_modify(|c| *c += n).or_insert(n);
        if let Some(mut tx) = tx.filter(|_| n > 0) {
            tx.summarise(dost_store::tx::Change::new(
                "import",
                "article",
                None,
                format!("Nhập {n} bài viết từ NukeViet ({prefix})"),
            ));
            tx.commit().await?;
        }
    }
    reader.await.map_err(|e| AppError::Internal(e.to_string()))??;
    for a in &site.articles {
        if !done.contains_key(&a.id) && !with_body.contains(&a.id) {
            report.notes.push(format!("bài {}: không có nội dung (bảng _detail) nên chưa nhập", a.id));
            report.add("bài viết bỏ qua");
        }
    }
    let views: i64 = site.articles.iter().map(|a| a.hitstotal).sum();
    if views > 0 {
        report
            .notes
            .push(format!("lượt xem từng bài ({views} lượt) không được chuyển: dost đếm lượt truy cập theo ngày"));
    }
    files::copy_used(db, &o, &mut report, &used_files, &thumbs_used, now).await?;
    Ok(report)
}
