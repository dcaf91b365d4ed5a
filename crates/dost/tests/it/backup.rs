//! Backups (issue 18): `dost backup` taken while visitors keep voting holds
//! every vote acknowledged before it began; restored into an empty folder
//! or database it gives back every table and every uploaded file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::support::*;

/// Every table's rows as text, by the engine's own dump tool.
fn table_dump(db_url: Option<&str>, data: &Path) -> String {
    let out = match db_url {
        None => std::process::Command::new("sqlite3").arg(data.join("dost.db")).arg(".dump").output(),
        Some(url) => std::process::Command::new("pg_dump")
            .args(["--data-only", "--inserts", "--no-owner", "--exclude-table=_sqlx_migrations"])
            .arg(url)
            .output(),
    }
    .expect("dump tool");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // comments and pg_dump's per-run key lines aside; rows in any order (a
    // table's physical order is not part of its content)
    let mut lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("--") && !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect();
    lines.sort_unstable();
    lines.join("\n")
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    dost_app::backup::walk(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&f).unwrap()))
        .collect()
}

/// An empty place to restore into: a folder and, on PostgreSQL, a new database.
async fn empty_target(app: &TestApp) -> (tempfile::TempDir, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let url = match &app.db_url {
        None => None,
        Some(url) => {
            let name = format!("dost_restore_{}", dost_web::visitors::random_hex(6));
            let (prefix, _) = url.rsplit_once('/').unwrap();
            let admin = dost_store::Db::postgres(&format!("{prefix}/postgres")).await.unwrap();
            if let dost_store::Db::Postgres(p) = &admin {
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(p).await.unwrap();
            }
            admin.close().await;
            Some(format!("{prefix}/{name}"))
        }
    };
    (dir, url)
}

#[tokio::test]
async fn a_backup_restores_every_table_and_file() {
    let app = spawn(true).await;
    let uploads = app.data.path().join("uploads");
    assert!(!files(&uploads).is_empty(), "the demo has pictures and documents");
    let archive = app.data.path().join("saved/dost-backup.tar.gz");
    let made = dost_app::backup::create(&app.db, app.db_url.as_deref(), &uploads, &archive).await.expect("backup");
    assert_eq!(made.files, files(&uploads).len());

    let (target, url) = empty_target(&app).await;
    let restored = dost_app::backup::restore(&archive, url.as_deref(), target.path()).await.expect("restore");
    assert_eq!(restored.files, made.files);
    // the restored database opens (migrations find nothing to do) and serves the same rows
    let db = dost::open_db(url.as_deref(), target.path()).await.expect("open restored");
    assert_eq!(row_counts(&db).await, row_counts(&app.db).await);
    db.close().await;
    assert_eq!(table_dump(url.as_deref(), target.path()), table_dump(app.db_url.as_deref(), app.data.path()));
    assert_eq!(files(&target.path().join("uploads")), files(&uploads), "every file, byte for byte");

    // a place that holds data already is refused, and nothing is changed there
    let again = dost_app::backup::restore(&archive, url.as_deref(), target.path()).await.unwrap_err();
    assert!(again.to_string().contains("trống"), "{again}");
    // something that is not a backup is refused with a clear message
    let bogus = app.data.path().join("bogus.tar.gz");
    std::fs::write(&bogus, b"not a backup").unwrap();
    let (other, other_url) = empty_target(&app).await;
    let err = dost_app::backup::restore(&bogus, other_url.as_deref(), other.path()).await.unwrap_err();
    assert!(err.to_string().contains("không phải của dost"), "{err}");
}

#[tokio::test]
async fn a_backup_taken_under_load_holds_every_acknowledged_write() {
    let app = Arc::new(spawn(true).await);
    let path = app.article_path(REVIEW_TITLE).await;
    let id = path.rsplit('-').next().unwrap().trim_end_matches(".html").to_string();
    let before = scalar(&app.db, "SELECT COUNT(*) FROM article_ratings").await;
    let (acked, stop) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
    let mut voters = Vec::new();
    for v in 0..4 {
        let (app, id, acked, stop) = (app.clone(), id.clone(), acked.clone(), stop.clone());
        voters.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                // each vote from another visitor, so each is a new row
                let c = client(&format!("Mozilla/5.0 (X11; Linux x86_64) Firefox/{v}.{n}"));
                let r = c
                    .post(format!("{}/danh-gia/{id}", app.base))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", &app.base)
                    .body("diem=5")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 303, "vote acknowledged");
                acked.fetch_add(1, Ordering::SeqCst);
                n += 1;
            }
        }));
    }
    while acked.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let acked_before = acked.load(Ordering::SeqCst) as i64;
    let archive = app.data.path().join("under-load.tar.gz");
    let uploads = app.data.path().join("uploads");
    dost_app::backup::create(&app.db, app.db_url.as_deref(), &uploads, &archive).await.expect("backup under load");
    let acked_during = acked.load(Ordering::SeqCst) as i64;
    stop.store(true, Ordering::Relaxed);
    for v in voters {
        v.await.unwrap();
    }
    assert!(acked_during > acked_before, "votes kept coming while the backup was taken");

    let (target, url) = empty_target(&app).await;
    // (on SQLite the restore runs PRAGMA integrity_check on the copy before using it)
    dost_app::backup::restore(&archive, url.as_deref(), target.path()).await.expect("restore");
    let db = dost::open_db(url.as_deref(), target.path()).await.expect("open restored");
    let kept = scalar(&db, "SELECT COUNT(*) FROM article_ratings").await - before;
    assert!(kept >= acked_before, "{kept} votes in the copy, {acked_before} acknowledged before it began");
    db.close().await;
}

#[tokio::test]
async fn scheduled_backups_keep_the_newest() {
    let app = spawn(false).await;
    let dir = app.data.path().join("backups");
    let uploads = app.data.path().join("uploads");
    let retention = dost_app::backup::Retention { keep: 2, max_age: None };
    let mut made = Vec::new();
    for i in 0..4 {
        let at = app.state.clock.now() + i * 3600;
        made.push(
            dost_app::backup::scheduled(&app.db, app.db_url.as_deref(), &uploads, &dir, retention, at).await.unwrap(),
        );
    }
    let kept = dost_app::backup::kept(&dir);
    assert_eq!(kept, vec![made[3].clone(), made[2].clone()], "the two newest are kept");
    // and by age: the newest always stays
    let old = dost_app::backup::Retention { keep: 10, max_age: Some(60) };
    let later = app.state.clock.now() + 30 * 86_400;
    let newest = dost_app::backup::scheduled(&app.db, app.db_url.as_deref(), &uploads, &dir, old, later).await.unwrap();
    assert_eq!(dost_app::backup::kept(&dir), vec![newest], "older than the age are removed");
}

/// The schedule counts from the newest backup in the folder, so a server
/// restarted every day still backs up daily (the clock is the app's).
#[tokio::test]
async fn the_backup_schedule_survives_restarts() {
    let app = spawn(false).await;
    let dir = app.data.path().join("backups");
    let day = 86_400;
    let schedule = || dost::backups::Schedule {
        every: day,
        retention: dost_app::backup::Retention { keep: 7, max_age: None },
        poll: std::time::Duration::from_millis(50),
    };
    let start = |app: &TestApp| {
        dost::backups::schedule(
            app.state.clone(),
            app.db.clone(),
            app.db_url.clone(),
            app.data.path().into(),
            schedule(),
        )
    };
    let count = || dost_app::backup::kept(&dir).len();
    async fn wait_for(dir: &Path, n: usize) -> bool {
        for _ in 0..200 {
            if dost_app::backup::kept(dir).len() >= n {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        false
    }
    // no backup yet: one is taken at once
    let task = start(&app);
    assert!(wait_for(&dir, 1).await, "the first backup is taken at start");
    task.abort();
    // restarted an hour later: nothing is due
    app.state.clock.advance(3600);
    let task = start(&app);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(count(), 1, "a restart does not take a backup, nor push the next one back");
    task.abort();
    // restarted again a day after the first: due, taken
    app.state.clock.advance(day - 3600);
    let task = start(&app);
    assert!(wait_for(&dir, 2).await, "a day after the newest backup, whatever the restarts");
    task.abort();
    // the metrics tell the newest backup's age
    let metrics = app.get("/metrics").await.body;
    assert!(metrics.contains("dost_backup_newest_age_seconds "), "{metrics}");
}

type Builder = tar::Builder<flate2::write::GzEncoder<std::fs::File>>;
type AddEntry = Box<dyn FnOnce(&mut Builder)>;

/// A dost backup with `extra` entries appended, as a crafted archive would have them.
fn with_entries(archive: &Path, out: &Path, extra: impl FnOnce(&mut Builder)) {
    let mut src = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap()));
    let file = std::fs::File::create(out).unwrap();
    let mut b = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast()));
    for e in src.entries().unwrap() {
        let mut e = e.unwrap();
        let mut h = e.header().clone();
        let path = e.path().unwrap().into_owned();
        b.append_data(&mut h, path, &mut e).unwrap();
    }
    extra(&mut b);
    b.into_inner().unwrap().finish().unwrap();
}

fn link_header(kind: tar::EntryType, target: &str) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_size(0);
    h.set_mode(0o777);
    h.set_link_name(target).unwrap();
    h.set_cksum();
    h
}

#[tokio::test]
async fn a_backup_with_links_devices_or_pipes_is_refused_and_nothing_is_restored() {
    let app = spawn(false).await;
    let uploads = app.data.path().join("uploads");
    std::fs::create_dir_all(uploads.join("anh")).unwrap();
    std::fs::write(uploads.join("anh/that.png"), GIF).unwrap();
    let clean = app.data.path().join("clean.tar.gz");
    dost_app::backup::create(&app.db, app.db_url.as_deref(), &uploads, &clean).await.expect("backup");
    let cases: Vec<(&str, AddEntry)> = vec![
        (
            "liên kết mềm",
            Box::new(|b| {
                let mut h = link_header(tar::EntryType::Symlink, "/etc/passwd");
                b.append_data(&mut h, "uploads/anh/passwd.png", std::io::empty()).unwrap();
            }),
        ),
        (
            "liên kết mềm",
            Box::new(|b| {
                let mut h = link_header(tar::EntryType::Symlink, "../../dost.db");
                b.append_data(&mut h, "uploads/anh/db.png", std::io::empty()).unwrap();
            }),
        ),
        (
            "liên kết cứng",
            Box::new(|b| {
                let mut h = link_header(tar::EntryType::Link, "uploads/anh/that.png");
                b.append_data(&mut h, "uploads/anh/hard.png", std::io::empty()).unwrap();
            }),
        ),
        (
            "tệp thiết bị",
            Box::new(|b| {
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Char);
                h.set_size(0);
                h.set_mode(0o666);
                h.set_device_major(1).unwrap();
                h.set_device_minor(3).unwrap();
                h.set_cksum();
                b.append_data(&mut h, "uploads/anh/null.png", std::io::empty()).unwrap();
            }),
        ),
        (
            "đường ống",
            Box::new(|b| {
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Fifo);
                h.set_size(0);
                h.set_mode(0o666);
                h.set_cksum();
                b.append_data(&mut h, "uploads/anh/pipe.png", std::io::empty()).unwrap();
            }),
        ),
    ];
    for (i, (what, add)) in cases.into_iter().enumerate() {
        let crafted = app.data.path().join(format!("crafted-{i}.tar.gz"));
        with_entries(&clean, &crafted, add);
        let (target, url) = empty_target(&app).await;
        let refused = dost_app::backup::restore(&crafted, url.as_deref(), target.path()).await;
        let message = refused.expect_err("a crafted backup is refused").to_string();
        assert!(message.contains(what), "{message}");
        assert!(!target.path().join("dost.db").exists(), "no database restored");
        assert!(!target.path().join("uploads").exists(), "no files restored");
        if let Some(url) = url {
            let db = dost_store::Db::postgres(&url).await.unwrap();
            assert!(dost_store::backup::is_empty(&db).await.unwrap(), "the database stays empty");
            db.close().await;
        }
    }
}

#[tokio::test]
async fn a_link_placed_in_the_uploads_folder_is_never_served() {
    let app = spawn(false).await;
    let uploads = app.data.path().join("uploads");
    std::fs::create_dir_all(uploads.join("anh")).unwrap();
    std::fs::write(uploads.join("anh/that.png"), GIF).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", uploads.join("anh/passwd.png")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", uploads.join("anh/environ.png")).unwrap();
    std::fs::write(app.data.path().join("outside.png"), GIF).unwrap();
    std::os::unix::fs::symlink(app.data.path(), uploads.join("ra")).unwrap();
    assert_eq!(app.get("/tep/anh/that.png").await.status, 200);
    for path in ["/tep/anh/passwd.png", "/tep/anh/environ.png", "/tep/ra/dost.db", "/tep/ra/outside.png"] {
        let p = app.get(path).await;
        assert_eq!(p.status, 404, "{path}");
        assert!(!p.body.contains("root:"), "{path}");
    }
}

#[tokio::test]
async fn backups_are_private_and_leave_temporary_uploads_out() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn(false).await;
    let uploads = app.data.path().join("uploads");
    std::fs::create_dir_all(uploads.join(".tmp")).unwrap();
    std::fs::write(uploads.join(".tmp/.tmpABC"), b"half an upload").unwrap();
    std::fs::create_dir_all(uploads.join("anh")).unwrap();
    std::fs::write(uploads.join("anh/that.png"), GIF).unwrap();
    let dir = app.data.path().join("backups");
    let retention = dost_app::backup::Retention { keep: 3, max_age: None };
    let now = app.state.clock.now();
    let out = dost_app::backup::scheduled(&app.db, app.db_url.as_deref(), &uploads, &dir, retention, now)
        .await
        .expect("backup");
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600, "the archive is the owner's");
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700, "and so is its folder");
    let mut names = Vec::new();
    let mut a = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(&out).unwrap()));
    for e in a.entries().unwrap() {
        names.push(e.unwrap().path().unwrap().display().to_string());
    }
    assert!(names.iter().any(|n| n == "uploads/anh/that.png"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains(".tmp")), "temporary uploads are not backed up: {names:?}");
}

#[tokio::test]
async fn temporary_uploads_left_by_a_crash_are_removed_at_start() {
    let app = spawn(false).await;
    let tmp = app.data.path().join("uploads/.tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let old = tmp.join(".tmpOLD");
    std::fs::write(&old, b"left by a crash").unwrap();
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 3600);
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(hours_ago).unwrap();
    let arriving = tmp.join(".tmpNOW");
    std::fs::write(&arriving, b"still arriving on another instance").unwrap();
    // a second start on the same data folder (a restart, or another instance)
    let again =
        start(app.db.clone(), app.db_url.clone(), tempfile::tempdir().unwrap(), app.data.path().into(), |_| {}).await;
    assert_eq!(again.get("/").await.status, 200);
    assert!(!old.exists(), "what a crash left is removed");
    assert!(arriving.exists(), "an upload still arriving is kept");
}
