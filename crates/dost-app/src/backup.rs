//! Backups: one `.tar.gz` holding a consistent copy of the database and
//! every uploaded file, taken while the server runs, and its restore into an
//! empty data folder (SQLite) or an empty database (PostgreSQL).
//!
//! - SQLite: `VACUUM INTO` writes a snapshot of one read transaction (the
//!   server keeps writing meanwhile; a plain copy of `dost.db` would miss
//!   what is still in the WAL).
//! - PostgreSQL: delegated to `pg_dump --format=custom` (one snapshot), and
//!   `pg_restore` on the way back; both must be on the PATH, of the server's
//!   major version or newer.
//!
//! The database is copied first, then the files: uploads are written before
//! the rows naming them and never changed in place, so every file the copied
//! rows name is in the archive. The schema is copied as it is (a backup never
//! migrates) and its version is written in the label; a backup newer than
//! the binary is refused at restore.

use std::io::Write;
use std::path::{Path, PathBuf};

use dost_store::Db;
use dost_store::Engine;

use crate::AppError;

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub engine: &'static str,
    pub files: usize,
    pub bytes: u64,
}

const LABEL: &str = "BACKUP.txt";
const SQLITE_FILE: &str = "dost.db";
const PG_FILE: &str = "dost.pgdump";

fn failed(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("{what}: {e}"))
}

fn engine_name(e: Engine) -> &'static str {
    match e {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

/// A folder next to `near` for work in progress, removed when dropped.
struct Work(PathBuf);

impl Work {
    fn new(near: &Path) -> Result<Self, AppError> {
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let dir = near.join(format!(".dost-backup-{}-{stamp}", std::process::id()));
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| failed("không tạo được thư mục tạm", e))?;
        Ok(Self(dir))
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a tool (pg_dump, pg_restore) on a blocking thread.
async fn run(mut cmd: std::process::Command, what: &'static str) -> Result<(), AppError> {
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .map_err(|e| failed(what, e))?
        .map_err(|e| failed(&format!("không chạy được {what}"), e))?;
    if !out.status.success() {
        return Err(AppError::Internal(format!("{what} báo lỗi: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    Ok(())
}

/// Writes a backup of `db` (on PostgreSQL reached at `database_url`) and the
/// files under `uploads` to `out`; `out` appears whole or not at all.
pub async fn create(db: &Db, database_url: Option<&str>, uploads: &Path, out: &Path) -> Result<Summary, AppError> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    private_dir(parent)?;
    let work = Work::new(parent)?;
    let engine = db.engine();
    let dump = match engine {
        Engine::Sqlite => {
            let file = work.0.join(SQLITE_FILE);
            dost_store::backup::sqlite_snapshot(db, &file).await?;
            file
        }
        Engine::Postgres => {
            let url = database_url.ok_or_else(|| AppError::Invalid("thiếu địa chỉ cơ sở dữ liệu PostgreSQL".into()))?;
            let file = work.0.join(PG_FILE);
            let mut cmd = std::process::Command::new("pg_dump");
            cmd.args(["--format=custom", "--no-owner", "--file"]).arg(&file).arg(url);
            run(cmd, "pg_dump").await?;
            file
        }
    };
    let (uploads, out) = (uploads.to_path_buf(), out.to_path_buf());
    let partial = work.0.join("archive.tar.gz");
    let schema = dost_store::migrate::schema_version(db).await?.unwrap_or(0);
    tokio::task::spawn_blocking(move || -> Result<Summary, AppError> {
        let summary = pack(engine, schema, &dump, &uploads, &partial)?;
        std::fs::rename(&partial, &out).map_err(|e| failed("không ghi được bản sao lưu", e))?;
        Ok(summary)
    })
    .await
    .map_err(|e| failed("sao lưu bị ngắt", e))?
}

/// Creates `dir` (and its parents) and makes it the owner's only (0700): a
/// backup holds password hashes, two-factor secrets and personal data.
fn private_dir(dir: &Path) -> Result<(), AppError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let fail = |e| failed("không tạo được thư mục chứa bản sao lưu", e);
    if !dir.exists() {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(fail)?;
    } else if dir.file_name().is_some_and(|n| n == "backups") {
        // the scheduled backups' own folder; a folder named by hand is left as it is
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    Ok(())
}

fn pack(engine: Engine, schema: i64, dump: &Path, uploads: &Path, to: &Path) -> Result<Summary, AppError> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |e: std::io::Error| failed("không ghi được bản sao lưu", e);
    let file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(to).map_err(io)?;
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::new(6)));
    tar.follow_symlinks(false);
    let label = format!(
        "dost backup\nengine: {}\ncreated: {}\nversion: {}\nschema: {schema}\n",
        engine_name(engine),
        chrono::Utc::now().to_rfc3339(),
        env!("CARGO_PKG_VERSION")
    );
    let mut header = tar::Header::new_gnu();
    header.set_size(label.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, LABEL, label.as_bytes()).map_err(io)?;
    let name = dump.file_name().and_then(|n| n.to_str()).unwrap_or(SQLITE_FILE);
    tar.append_path_with_name(dump, name).map_err(io)?;
    let mut files = 0;
    let mut bytes = 0;
    if uploads.is_dir() {
        // uploads still arriving (or left by a crash) are not part of the site
        let arriving = uploads.join(".tmp");
        for entry in walk(uploads).map_err(io)?.into_iter().filter(|f| !f.starts_with(&arriving)) {
            let rel = entry.strip_prefix(uploads).map_err(|e| failed("đường dẫn tệp", e))?;
            bytes += entry.metadata().map_err(io)?.len();
            tar.append_path_with_name(&entry, Path::new("uploads").join(rel)).map_err(io)?;
            files += 1;
        }
    }
    tar.into_inner().map_err(io)?.finish().map_err(io)?.flush().map_err(io)?;
    Ok(Summary { engine: engine_name(engine), files, bytes })
}

/// Every regular file under `dir`, in name order.
pub fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let kind = e.file_type()?;
        if kind.is_dir() {
            out.extend(walk(&e.path())?);
        } else if kind.is_file() {
            out.push(e.path());
        }
    }
    Ok(out)
}

/// Restores `archive` into `data_dir` (its `dost.db` and `uploads/`) or, on
/// PostgreSQL, into the empty database at `database_url` (files still into
/// `data_dir/uploads`). Refuses a target that holds data already.
pub async fn restore(archive: &Path, database_url: Option<&str>, data_dir: &Path) -> Result<Summary, AppError> {
    let target_pg = database_url.is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"));
    let uploads = data_dir.join("uploads");
    if walk(&uploads).map(|f| !f.is_empty()).unwrap_or(false) {
        return Err(AppError::Invalid(format!(
            "thư mục {} đã có tệp; hãy khôi phục vào thư mục trống",
            uploads.display()
        )));
    }
    if !target_pg && data_dir.join(SQLITE_FILE).exists() {
        return Err(AppError::Invalid(format!(
            "{} đã có cơ sở dữ liệu; hãy khôi phục vào thư mục trống",
            data_dir.display()
        )));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| failed("không tạo được thư mục dữ liệu", e))?;
    let work = Work::new(data_dir)?;
    let (from, into) = (archive.to_path_buf(), work.0.clone());
    let label = tokio::task::spawn_blocking(move || -> Result<String, AppError> {
        let file =
            std::fs::File::open(&from).map_err(|e| AppError::Invalid(format!("không mở được tệp sao lưu: {e}")))?;
        unpack(file, &into)?;
        std::fs::read_to_string(into.join(LABEL))
            .map_err(|_| AppError::Invalid("tệp sao lưu không phải của dost".into()))
    })
    .await
    .map_err(|e| failed("khôi phục bị ngắt", e))??;
    let engine = label.lines().find_map(|l| l.strip_prefix("engine: ")).unwrap_or("");
    // a backup of a newer dost cannot be served by this one
    let schema = label.lines().find_map(|l| l.strip_prefix("schema: ")).and_then(|v| v.trim().parse::<i64>().ok());
    if let Some(v) = schema.filter(|v| *v > dost_store::migrate::latest_version()) {
        return Err(AppError::Invalid(format!(
            "bản sao lưu có lược đồ phiên bản {v}, mới hơn chương trình dost này (biết đến phiên bản {}): \
             hãy khôi phục bằng bản dost đã lấy bản sao lưu này, hoặc mới hơn",
            dost_store::migrate::latest_version()
        )));
    }
    match (engine, target_pg) {
        ("sqlite", false) => {
            let db_file = work.0.join(SQLITE_FILE);
            dost_store::backup::sqlite_check(&db_file).await?;
            std::fs::rename(&db_file, data_dir.join(SQLITE_FILE))
                .map_err(|e| failed("không đặt được cơ sở dữ liệu", e))?;
        }
        ("postgres", true) => {
            let url = database_url.unwrap_or_default();
            let db = Db::postgres(url).await?;
            let empty = dost_store::backup::is_empty(&db).await;
            db.close().await;
            if !empty? {
                return Err(AppError::Invalid(
                    "cơ sở dữ liệu đích đã có bảng; hãy khôi phục vào cơ sở dữ liệu trống".into(),
                ));
            }
            let dump = work.0.join(PG_FILE);
            let mut cmd = std::process::Command::new("pg_restore");
            cmd.args(["--no-owner", "--exit-on-error", "--dbname", url]).arg(&dump);
            run(cmd, "pg_restore").await?;
        }
        ("sqlite" | "postgres", _) => {
            return Err(AppError::Invalid(format!(
                "bản sao lưu là của {engine}, nơi khôi phục là {}; hãy khôi phục vào cùng loại cơ sở dữ liệu",
                if target_pg { "postgres" } else { "sqlite" }
            )));
        }
        _ => return Err(AppError::Invalid("tệp sao lưu không phải của dost".into())),
    }
    let restored = work.0.join("uploads");
    let files = walk(&restored).unwrap_or_default();
    let bytes = files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum();
    if restored.is_dir() {
        let _ = std::fs::remove_dir(&uploads);
        std::fs::rename(&restored, &uploads).map_err(|e| failed("không đặt được thư mục tệp", e))?;
    }
    Ok(Summary { engine: if target_pg { "postgres" } else { "sqlite" }, files: files.len(), bytes })
}

/// Unpacks a backup into the empty folder `into`, as a hostile archive:
/// only regular files and folders, each inside `into` (no `..`, no absolute
/// path), files written anew with owner-only permissions and never through a
/// link; a link, hard link, device or pipe refuses the whole archive, named.
/// What is unpacked is bounded by the free space of the disk.
fn unpack(file: std::fs::File, into: &Path) -> Result<(), AppError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let bad = |e: std::io::Error| AppError::Invalid(format!("tệp sao lưu hỏng hoặc không phải của dost: {e}"));
    let room = free_bytes(into).unwrap_or(u64::MAX).saturating_sub(64 * 1024 * 1024);
    let mut written = 0u64;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let path = entry.path().map_err(bad)?.into_owned();
        let shown = path.display().to_string();
        let Some(rel) = safe_relative(&path) else {
            return Err(AppError::Invalid(format!("tệp sao lưu có mục «{shown}» nằm ngoài thư mục khôi phục")));
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            std::fs::create_dir_all(into.join(&rel)).map_err(|e| failed("không tạo được thư mục", e))?;
            continue;
        }
        if !kind.is_file() {
            let what = match kind {
                tar::EntryType::Symlink => "liên kết mềm (symlink)",
                tar::EntryType::Link => "liên kết cứng (hard link)",
                tar::EntryType::Char | tar::EntryType::Block => "tệp thiết bị",
                tar::EntryType::Fifo => "đường ống (fifo)",
                _ => "mục không phải tệp thường",
            };
            return Err(AppError::Invalid(format!(
                "tệp sao lưu có {what} «{shown}»: bản sao lưu của dost chỉ có tệp và thư mục, không khôi phục"
            )));
        }
        written += entry.header().size().map_err(bad)?;
        if written > room {
            return Err(AppError::Invalid("ổ đĩa không đủ chỗ trống để khôi phục bản sao lưu này".into()));
        }
        let target = into.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed("không tạo được thư mục", e))?;
        }
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&target)
            .map_err(|e| AppError::Invalid(format!("không ghi được «{shown}»: {e}")))?;
        let size = entry.header().size().map_err(bad)?;
        std::io::copy(&mut (&mut entry).take(size), &mut out).map_err(|e| failed("không ghi được tệp", e))?;
    }
    Ok(())
}

/// A path of an archive as a relative path of plain names, or `None` when it
/// could leave the folder it is unpacked into.
fn safe_relative(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Bytes free for this user on the disk holding `dir`.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs is a plain C struct of integers, for which all zeroes is a valid value.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: statvfs writes into the struct we own; the path is a valid C string.
    (unsafe { libc::statvfs(c.as_ptr(), &mut st) } == 0).then(|| st.f_bavail as u64 * st.f_frsize as u64)
}

/// Backups kept in `dir` (`dost-YYYYmmdd-HHMMSS-mmm.tar.gz`), newest first.
pub fn kept(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("dost-") && n.ends_with(".tar.gz"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.reverse();
    found
}

/// When a kept backup was taken, read from its name (`dost-YYYYmmdd-HHMMSS-mmm.tar.gz`, UTC).
pub fn taken_at(path: &Path) -> Option<i64> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix("dost-")?.strip_suffix(".tar.gz")?;
    let t = chrono::NaiveDateTime::parse_from_str(stamp.get(..15)?, "%Y%m%d-%H%M%S").ok()?;
    Some(t.and_utc().timestamp())
}

/// The newest kept backup in `dir`: its time and size.
pub fn newest(dir: &Path) -> Option<(i64, u64)> {
    kept(dir).into_iter().find_map(|p| Some((taken_at(&p)?, p.metadata().ok()?.len())))
}

/// What a scheduled backup keeps: how many, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub keep: usize,
    /// Seconds; older backups are removed (the newest always stays).
    pub max_age: Option<i64>,
}

/// Bytes a backup is expected to take: the last one's size, or the database
/// and the uploads as they are (compression only makes it smaller).
fn expected_size(dir: &Path, data_hint: u64) -> u64 {
    newest(dir).map(|(_, size)| size).unwrap_or(data_hint)
}

/// Bytes of the files under `dir` (the uploads), for a first estimate.
pub fn tree_size(dir: &Path) -> u64 {
    walk(dir).unwrap_or_default().iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum()
}

/// A scheduled backup taken at `now`: refused beforehand when the disk has
/// not room for it (its expected size and a margin), then a new archive in
/// `dir`, then what the retention no longer keeps removed.
pub async fn scheduled(
    db: &Db,
    database_url: Option<&str>,
    uploads: &Path,
    dir: &Path,
    retention: Retention,
    now: i64,
) -> Result<PathBuf, AppError> {
    private_dir(dir)?;
    let hint = database_size(db, database_url).await + tree_size(uploads);
    let needed = dost_domain::schedule_rules::room_needed(expected_size(dir, hint));
    if let Some(free) = free_bytes(dir)
        && free < needed
    {
        return Err(AppError::Invalid(format!(
            "không đủ chỗ trống để sao lưu: cần khoảng {} MB, ổ đĩa còn {} MB",
            needed / (1024 * 1024),
            free / (1024 * 1024)
        )));
    }
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let name = format!("dost-{}-000.tar.gz", at.format("%Y%m%d-%H%M%S"));
    let out = dir.join(name);
    create(db, database_url, uploads, &out).await?;
    let list = kept(dir);
    let times: Vec<i64> = list.iter().map(|p| taken_at(p).unwrap_or(0)).collect();
    for i in dost_domain::schedule_rules::to_remove(&times, retention.keep, retention.max_age, now) {
        let _ = std::fs::remove_file(&list[i]);
    }
    Ok(out)
}

/// The database's size on disk, for the first estimate (SQLite: its file).
async fn database_size(db: &Db, _database_url: Option<&str>) -> u64 {
    dost_store::backup::size_bytes(db).await.unwrap_or(0)
}
