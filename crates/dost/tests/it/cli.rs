//! The command line as an operator meets it (issue 28): logs without colour
//! codes when they go to a file or journald, and a failure told in one
//! Vietnamese line, never a stack trace.

use std::process::Command;

fn dost() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dost"));
    c.env_remove("DATABASE_URL").env("RUST_BACKTRACE", "1");
    c
}

#[test]
fn logs_to_a_file_have_no_colour_codes() {
    let data = tempfile::tempdir().unwrap();
    let out = dost().arg("--data").arg(data.path()).arg("migrate").env("RUST_LOG", "info").output().unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("migrations applied"), "{log}");
    assert!(!log.contains('\u{1b}'), "no ANSI codes: {log:?}");
}

#[test]
fn a_failure_is_one_line_in_vietnamese() {
    let data = tempfile::tempdir().unwrap();
    let out = dost().arg("--data").arg(data.path()).args(["restore", "/khong/co/tep-nay.tar.gz"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.contains(" INFO ")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("dost: lỗi: không mở được tệp sao lưu"), "{err}");
    assert!(!err.contains("backtrace") && !err.contains("Stack"), "{err}");
}

#[test]
fn the_open_file_limit_is_raised_to_its_hard_limit() {
    // a shell with a low soft limit starts the server; it raises the limit itself
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -S -n 128; \"$0\" --data \"$1\" serve --listen 127.0.0.1:0 & pid=$!; sleep 2; grep 'open files' /proc/$pid/limits; kill $pid")
        .arg(env!("CARGO_BIN_EXE_dost"))
        .arg(tempfile::tempdir().unwrap().path().join("data"))
        .output()
        .unwrap();
    let limits = String::from_utf8_lossy(&out.stdout);
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or("");
    let soft: u64 = line.split_whitespace().nth(3).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(soft > 128, "{limits}");
}
