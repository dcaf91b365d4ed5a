//! Files made to hurt: documents whose text would need gigabytes or a deep
//! stack to read, uploaded by an editor. They are generated here, small on
//! the wire, never committed.

use std::io::Write;

use dost_domain::roles::Role;

use crate::support::*;

/// A zlib stream that inflates to `blocks` MiB of spaces from about a
/// thousandth of that: one fully flushed deflate block of 1 MiB of spaces,
/// repeated (each block starts afresh, so the copies decode alike), then an
/// empty final block and the right Adler-32.
fn whitespace_bomb(blocks: u64) -> Vec<u8> {
    const MIB: u64 = 1024 * 1024;
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(4096);
    c.compress_vec(&vec![b' '; MIB as usize], &mut block, flate2::FlushCompress::Full).unwrap();
    let mut out = vec![0x78, 0xDA];
    for _ in 0..blocks {
        out.extend_from_slice(&block);
    }
    // an empty final block with fixed codes
    out.extend_from_slice(&[0x03, 0x00]);
    let n = (blocks * MIB) as u128;
    let (a, b) = ((1 + n * 32) % 65521, (n + 32 * n * (n + 1) / 2) % 65521);
    out.extend_from_slice(&(((b << 16) | a) as u32).to_be_bytes());
    out
}

/// A one-page PDF whose content stream is `content` (already encoded) with
/// `filter`, and whose page holds `extra` in its dictionary.
fn pdf_with_content(content: &[u8], filter: &str, extra: &[u8]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        [&b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> "[..], extra, b" >>"]
            .concat(),
        {
            let mut s = format!("<< /Length {} {filter}>>\nstream\n", content.len()).into_bytes();
            s.extend_from_slice(content);
            s.extend_from_slice(b"\nendstream");
            s
        },
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        writeln!(pdf, "{} 0 obj", i + 1).unwrap();
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(pdf, "{o:010} 00000 n ").unwrap();
    }
    write!(pdf, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).unwrap();
    pdf
}

/// The reviewer's PDF: 4 MB that inflate to 4 GiB of whitespace.
pub fn pdf_bomb() -> Vec<u8> {
    pdf_with_content(&whitespace_bomb(4096), "/Filter /FlateDecode ", b"")
}

/// A PDF whose page dictionary and page content nest arrays a hundred
/// thousand deep.
pub fn deep_pdf() -> Vec<u8> {
    let depth = 100_000;
    let nested: Vec<u8> = std::iter::repeat_n(b'[', depth).chain(std::iter::repeat_n(b']', depth)).collect();
    let content = [&b"BT "[..], &nested, b" TJ ET"].concat();
    pdf_with_content(&content, "", &[&b"/Deep "[..], &nested].concat())
}

/// A DOCX whose document part inflates to 2 GiB.
pub fn docx_bomb() -> Vec<u8> {
    let deflated = whitespace_bomb(2048);
    // the zip's entry holds the raw deflate stream (without zlib's header and checksum)
    let raw = &deflated[2..deflated.len() - 4];
    let name = b"word/document.xml";
    let mut zip = Vec::new();
    let local = |zip: &mut Vec<u8>| {
        zip.extend_from_slice(&0x04034b50u32.to_le_bytes());
        zip.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        zip.extend_from_slice(&0u32.to_le_bytes()); // crc (wrong on purpose: nobody gets that far)
        zip.extend_from_slice(&(raw.len() as u32).to_le_bytes());
        zip.extend_from_slice(&0x8000_0000u32.to_le_bytes()); // 2 GiB
        zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        zip.extend_from_slice(name);
    };
    local(&mut zip);
    zip.extend_from_slice(raw);
    let central = zip.len();
    zip.extend_from_slice(&0x02014b50u32.to_le_bytes());
    zip.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(&(raw.len() as u32).to_le_bytes());
    zip.extend_from_slice(&0x8000_0000u32.to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&[0; 12]);
    zip.extend_from_slice(&0u32.to_le_bytes()); // local header at 0
    zip.extend_from_slice(name);
    let size = zip.len() - central;
    zip.extend_from_slice(&0x06054b50u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend_from_slice(&(size as u32).to_le_bytes());
    zip.extend_from_slice(&(central as u32).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

async fn upload(editor: &Agent, name: &str, mime: &str, bytes: Vec<u8>) -> Reply {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).unwrap();
    editor.post_multipart("/quan-tri/tep", reqwest::multipart::Form::new().part("file", part).text("alt", "")).await
}

#[tokio::test]
async fn hostile_documents_are_kept_without_text_and_the_uploader_is_told() {
    let app = spawn(false).await;
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    for (name, mime, bytes) in [
        ("bom-khoang-trang.pdf", "application/pdf", pdf_bomb()),
        ("long-sau.pdf", "application/pdf", deep_pdf()),
        ("bom.docx", docx, docx_bomb()),
    ] {
        let r = upload(&editor, name, mime, bytes).await;
        assert_eq!(r.status, 303, "{name}: {}", r.body);
        let told = editor.get(&r.location).await;
        assert!(told.body.contains("tìm kiếm sẽ không thấy nội dung bên trong"), "{name}: the uploader is told");
        let kept =
            scalar(&app.db, &format!("SELECT COUNT(*) FROM media WHERE original_name = '{name}' AND size_bytes > 0"))
                .await;
        assert_eq!(kept, 1, "{name} is kept");
        let text = scalar(
            &app.db,
            &format!("SELECT COUNT(*) FROM media WHERE original_name = '{name}' AND COALESCE(body_text, '') <> ''"),
        )
        .await;
        assert_eq!(text, 0, "{name} has no searchable text");
        assert_eq!(app.get("/").await.status, 200, "the server answers after {name}");
    }
}

/// The reviewer's setting: the whole server may use at most 2 GiB of address
/// space. The PDF that asked for 4 GiB aborted it; now the upload is kept
/// without text and the server answers throughout.
#[tokio::test]
async fn a_server_limited_to_two_gigabytes_survives_the_pdf_bomb() {
    let mut app = spawn(false).await;
    add_user(&app, "bientap", Role::Editor).await;
    app.shut_down().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(format!(
        "ulimit -v {}; exec \"$0\" serve --listen 127.0.0.1:{port} --stats-flush-secs 3600",
        2 * 1024 * 1024
    ));
    cmd.arg(env!("CARGO_BIN_EXE_dost"));
    cmd.env("DOST_DATA", app.data.path()).env("RUST_LOG", "warn").stdout(std::process::Stdio::null());
    if let Some(url) = &app.db_url {
        cmd.env("DATABASE_URL", url);
    }
    let mut server = cmd.spawn().expect("start dost serve");
    let limited = app.through(&format!("http://127.0.0.1:{port}"));
    let up = async {
        for _ in 0..200 {
            if client(BROWSER_UA).get(format!("{}/healthz", limited.base)).send().await.is_ok() {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        false
    };
    assert!(up.await, "the limited server starts");
    let editor = sign_in(&limited, "bientap").await;
    // while the bomb is read, the portal keeps answering
    let watcher = {
        let base = limited.base.clone();
        tokio::spawn(async move {
            let c = client(BROWSER_UA);
            let mut answered = 0;
            for _ in 0..20 {
                let r = c.get(format!("{base}/healthz")).send().await.expect("the server answers during the upload");
                assert_eq!(r.status(), 200);
                answered += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            answered
        })
    };
    let r = upload(&editor, "bom.pdf", "application/pdf", pdf_bomb()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("khong-doc-duoc-chu"), "{}", r.location);
    assert_eq!(watcher.await.unwrap(), 20);
    let home = limited.get("/").await;
    assert_eq!(home.status, 200, "the server is still up after the bomb");
    assert!(server.try_wait().unwrap().is_none(), "the server process is alive");
    let _ = server.kill();
    let _ = server.wait();
}
