//! The text of an uploaded document (PDF, DOCX), read in a child process
//! under hard limits: a crafted file may exhaust the child's memory or time,
//! never the server's. The child is the `dost` binary itself, re-executed as
//! `dost extract-text`, which limits its own address space, CPU time and
//! file writes before it opens the file (see [`child`]); the server waits at
//! most a wall-clock bound, reads at most a bounded output, and runs at most
//! two children at once.
//!
//! On any failure the upload stays valid: it is kept without searchable text
//! and the uploader is told why.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncReadExt;

/// Hard limits of one extraction.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Address space of the child (`RLIMIT_AS`).
    pub memory_bytes: u64,
    /// CPU seconds of the child (`RLIMIT_CPU`).
    pub cpu_secs: u64,
    /// Wall-clock time the server waits before killing the child.
    pub wall: Duration,
    /// Bytes of text read back (the child keeps at most
    /// `dost_export::doc_text::MAX_TEXT` characters, four bytes each at most).
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            memory_bytes: 768 * 1024 * 1024,
            cpu_secs: 20,
            wall: Duration::from_secs(30),
            output_bytes: dost_export::doc_text::MAX_TEXT * 4 + 16,
        }
    }
}

/// Why a document's text was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("tệp lớn hơn {} MB, không đọc chữ bên trong", dost_export::doc_text::MAX_INPUT / (1024 * 1024))]
    TooLarge,
    #[error("đọc chữ trong tệp quá thời gian cho phép")]
    TimedOut,
    #[error("tệp cần quá nhiều bộ nhớ hoặc thời gian để đọc (có thể là tệp được tạo để gây hại)")]
    OverLimits,
    #[error("không đọc được tệp: {0}")]
    Unreadable(String),
    #[error("không chạy được chương trình đọc tệp: {0}")]
    NotStarted(String),
}

/// Runs `dost extract-text` children.
#[derive(Debug, Clone)]
pub struct Extractor {
    program: PathBuf,
    limits: Limits,
    permits: Arc<tokio::sync::Semaphore>,
}

/// Children running at once (the machine has two cores).
const AT_ONCE: usize = 2;

impl Extractor {
    /// Extraction by `program` (the `dost` binary).
    pub fn new(program: PathBuf, limits: Limits) -> Self {
        Self { program, limits, permits: Arc::new(tokio::sync::Semaphore::new(AT_ONCE)) }
    }

    /// Extraction by the running binary (`dost serve`).
    pub fn this_binary() -> Self {
        let program = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("dost"));
        Self::new(program, Limits::default())
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The text of the document at `path`, read by a child under the limits.
    pub async fn text_of(&self, path: &Path) -> Result<String, Failure> {
        let size = tokio::fs::metadata(path).await.map_err(|e| Failure::Unreadable(e.to_string()))?.len();
        if size > dost_export::doc_text::MAX_INPUT as u64 {
            return Err(Failure::TooLarge);
        }
        let _permit = self.permits.acquire().await.map_err(|e| Failure::NotStarted(e.to_string()))?;
        let mut child = tokio::process::Command::new(&self.program)
            .arg("extract-text")
            .arg("--memory-bytes")
            .arg(self.limits.memory_bytes.to_string())
            .arg("--cpu-secs")
            .arg(self.limits.cpu_secs.to_string())
            .arg(path)
            .env_clear()
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Failure::NotStarted(e.to_string()))?;
        let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
            return Err(Failure::NotStarted("no pipes".into()));
        };
        let limit = self.limits.output_bytes as u64;
        let work = async {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let (mut stdout, mut stderr) = (stdout.take(limit), stderr.take(4096));
            let (read_out, read_err) = tokio::join!(stdout.read_to_end(&mut out), stderr.read_to_end(&mut err));
            read_out.map_err(|e| Failure::Unreadable(e.to_string()))?;
            let _ = read_err;
            let status = child.wait().await.map_err(|e| Failure::Unreadable(e.to_string()))?;
            Ok::<_, Failure>((status, out, err))
        };
        let (status, out, err) = match tokio::time::timeout(self.limits.wall, work).await {
            Ok(done) => done?,
            // the child is killed when dropped (`kill_on_drop`)
            Err(_) => return Err(Failure::TimedOut),
        };
        if status.success() {
            let mut text = String::from_utf8_lossy(&out).into_owned();
            if let Some((cut, _)) = text.char_indices().nth(dost_export::doc_text::MAX_TEXT) {
                text.truncate(cut);
            }
            return Ok(text);
        }
        let reason = String::from_utf8_lossy(&err).lines().next().unwrap_or("").to_string();
        use std::os::unix::process::ExitStatusExt;
        Err(match status.signal() {
            // SIGXCPU (CPU time), SIGKILL, SIGABRT (an allocation refused under RLIMIT_AS), SIGSEGV
            Some(_) => Failure::OverLimits,
            None => Failure::Unreadable(if reason.is_empty() { format!("mã thoát {status}") } else { reason }),
        })
    }
}

/// Where a panic happened and why, for one log line (never a backtrace).
pub fn panic_line(info: &std::panic::PanicHookInfo<'_>) -> (String, String) {
    let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
    let why = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    (at, why)
}

/// The child's side: `dost extract-text`.
pub mod child {
    use std::io::{Read, Write};
    use std::path::Path;

    /// Sets the hard limits on this process, then prints the text of the
    /// document at `path` to standard output. Returns the exit code.
    pub fn run(path: &Path, memory_bytes: u64, cpu_secs: u64) -> i32 {
        // one line for a panic, never a backtrace
        std::panic::set_hook(Box::new(|info| {
            let (at, why) = super::panic_line(info);
            eprintln!("panic at {at}: {why}");
        }));
        if let Err(e) = limit_self(memory_bytes, cpu_secs) {
            eprintln!("cannot set limits: {e}");
            return 2;
        }
        let mut bytes = Vec::new();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(dost_export::doc_text::MAX_INPUT as u64 + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            eprintln!("cannot read the file: {e}");
            return 2;
        }
        let text = dost_export::doc_text::text_of(&bytes);
        drop(bytes);
        let mut out = std::io::stdout().lock();
        if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
            return 2;
        }
        0
    }

    fn limit_self(memory_bytes: u64, cpu_secs: u64) -> std::io::Result<()> {
        set(libc::RLIMIT_AS, memory_bytes)?;
        set(libc::RLIMIT_CPU, cpu_secs)?;
        // no file is written, and no core dump
        set(libc::RLIMIT_FSIZE, 0)?;
        set(libc::RLIMIT_CORE, 0)?;
        Ok(())
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    type Resource = libc::__rlimit_resource_t;
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    type Resource = libc::c_int;

    fn set(resource: Resource, value: u64) -> std::io::Result<()> {
        let lim = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
        // SAFETY: setrlimit reads the struct we pass; lowering one's own limits needs no privilege.
        if unsafe { libc::setrlimit(resource, &lim) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
    }
}
