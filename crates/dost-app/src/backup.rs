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
//! rows name is in the archive.

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
        std::fs::create_dir_all(&dir).map_err(|e| failed("không tạo được thư mục tạm", e))?;
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
    std::fs::create_dir_all(parent).map_err(|e| failed("không tạo được thư mục chứa bản sao lưu", e))?;
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
    tokio::task::spawn_blocking(move || -> Result<Summary, AppError> {
        let summary = pack(engine, &dump, &uploads, &partial)?;
        std::fs::rename(&partial, &out).map_err(|e| failed("không ghi được bản sao lưu", e))?;
        Ok(summary)
    })
    .await
    .map_err(|e| failed("sao lưu bị ngắt", e))?
}

fn pack(engine: Engine, dump: &Path, uploads: &Path, to: &Path) -> Result<Summary, AppError> {
    let io = |e: std::io::Error| failed("không ghi được bản sao lưu", e);
    let file = std::fs::File::create(to).map_err(io)?;
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::new(6)));
    tar.follow_symlinks(false);
    let label = format!(
        "dost backup\nengine: {}\ncreated: {}\nversion: {}\n",
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
        for entry in walk(uploads).map_err(io)? {
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
        // entries are unpacked only inside the folder (no `..`, no absolute paths)
        tar::Archive::new(flate2::read::GzDecoder::new(file))
            .unpack(&into)
            .map_err(|e| AppError::Invalid(format!("tệp sao lưu hỏng hoặc không phải của dost: {e}")))?;
        std::fs::read_to_string(into.join(LABEL))
            .map_err(|_| AppError::Invalid("tệp sao lưu không phải của dost".into()))
    })
    .await
    .map_err(|e| failed("khôi phục bị ngắt", e))??;
    let engine = label.lines().find_map(|l| l.strip_prefix("engine: ")).unwrap_or("");
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

/// A scheduled backup: a new archive in `dir`, then all but the `keep` newest removed.
pub async fn scheduled(
    db: &Db,
    database_url: Option<&str>,
    uploads: &Path,
    dir: &Path,
    keep: usize,
) -> Result<PathBuf, AppError> {
    let name = format!("dost-{}.tar.gz", chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f"));
    let out = dir.join(name);
    create(db, database_url, uploads, &out).await?;
    for old in kept(dir).into_iter().skip(keep.max(1)) {
        let _ = std::fs::remove_file(old);
    }
    Ok(out)
}
