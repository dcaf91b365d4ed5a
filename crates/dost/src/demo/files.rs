//! Demo files: illustrations (JPEG, drawn here) for articles and posters,
//! and the proceedings (PDF made once by `scripts/demo-pdfs` with
//! LibreOffice from the texts beside them).

/// Colours and a motif per illustration kind.
fn palette(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind {
        "meeting" => ("#0b4a8b", "#5b8fc7", "#f2f5f9"),
        "lab" => ("#125e63", "#3fa7a0", "#eef8f7"),
        "field" => ("#2f6b2a", "#7fb46a", "#f1f7ec"),
        "factory" => ("#5a4a3a", "#b08a5a", "#f7f2ea"),
        "training" => ("#6b3a7a", "#b07fc4", "#f6f0f8"),
        "award" => ("#8a1c1c", "#e0a526", "#fbf4e6"),
        "xray" => ("#1d2b4a", "#6a86c4", "#eef1f8"),
        "scale" => ("#3a4a5a", "#8aa0b4", "#f0f3f6"),
        "tea" => ("#3f5e1e", "#9cbf4a", "#f3f8ea"),
        "mushroom" => ("#6a4a2a", "#d2a36a", "#faf3ea"),
        _ => ("#0b4a8b", "#5b8fc7", "#f2f5f9"),
    }
}

/// Width and height of every demo illustration.
pub const SIZE: (u32, u32) = (1200, 675);

/// What an illustration of `kind` is about, for its description and its
/// caption: the demo's pictures are drawn shapes, so they never claim to show
/// a person or an event.
pub fn theme(kind: &str) -> &'static str {
    match kind {
        "meeting" => "hội nghị, hội thảo",
        "lab" => "phòng thí nghiệm, công nghệ",
        "field" => "mô hình sản xuất nông nghiệp",
        "factory" => "sản xuất, chất lượng hàng hóa",
        "training" => "tập huấn, chuyển giao kỹ thuật",
        "award" => "khen thưởng, trao giải",
        "xray" => "an toàn bức xạ",
        "scale" => "đo lường",
        "tea" => "sản phẩm trà",
        "mushroom" => "trồng nấm",
        _ => "khoa học và công nghệ",
    }
}

/// The visible caption of a demo illustration.
pub fn caption(kind: &str) -> String {
    format!("Ảnh minh họa chủ đề {}", theme(kind))
}

/// The description (alt) of a demo illustration.
pub fn alt(kind: &str) -> String {
    format!("Hình vẽ minh họa bằng các khối màu, chủ đề {}", theme(kind))
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// A picture being drawn: shapes blended over a background.
struct Canvas(image::RgbImage);

impl Canvas {
    fn blend(&mut self, x: i64, y: i64, c: [u8; 3], alpha: f32) {
        let (w, h) = self.0.dimensions();
        if x < 0 || y < 0 || x >= i64::from(w) || y >= i64::from(h) {
            return;
        }
        let p = self.0.get_pixel_mut(x as u32, y as u32);
        for (v, c) in p.0.iter_mut().zip(c) {
            *v = (f32::from(*v) * (1.0 - alpha) + f32::from(c) * alpha).round() as u8;
        }
    }

    fn rect(&mut self, (x, y, w, h): (i64, i64, i64, i64), c: [u8; 3], alpha: f32) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.blend(xx, yy, c, alpha);
            }
        }
    }

    /// A disc, or a ring when `inner` > 0.
    fn disc(&mut self, (cx, cy, r): (i64, i64, i64), inner: i64, c: [u8; 3], alpha: f32) {
        for y in cy - r..=cy + r {
            for x in cx - r..=cx + r {
                let d = (x - cx).pow(2) + (y - cy).pow(2);
                if d <= r * r && d >= inner * inner {
                    self.blend(x, y, c, alpha);
                }
            }
        }
    }
}

/// A 1200×675 illustration as a JPEG (share previews need a raster
/// picture); `seed` varies the composition. Made once per process: the
/// encoder is slow in unoptimised builds, and tests load the demo often.
pub fn illustration(kind: &str, seed: u64) -> std::sync::Arc<Vec<u8>> {
    type Made = std::collections::HashMap<(String, u64), std::sync::Arc<Vec<u8>>>;
    static MADE: std::sync::OnceLock<std::sync::Mutex<Made>> = std::sync::OnceLock::new();
    let mut made = MADE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    made.entry((kind.to_string(), seed)).or_insert_with(|| std::sync::Arc::new(draw(kind, seed))).clone()
}

fn draw(kind: &str, seed: u64) -> Vec<u8> {
    let (dark, light, bg) = palette(kind);
    let (dark, light, bg, white) = (rgb(dark), rgb(light), rgb(bg), [255, 255, 255]);
    let mut c = Canvas(image::RgbImage::from_pixel(SIZE.0, SIZE.1, image::Rgb(bg)));
    let mut x = seed.wrapping_mul(2_654_435_761) % 997;
    for i in 0..9u64 {
        x = (x * 7919 + 104_729 + i) % 10_007;
        let (cx, cy, r) = (80 + (x % 1040), 120 + ((x / 7) % 420), 30 + (x % 90));
        let colour = if i % 2 == 0 { dark } else { light };
        c.disc((cx as i64, cy as i64, r as i64), 0, colour, 0.25 + (i % 5) as f32 * 0.1);
    }
    match kind {
        "meeting" => {
            c.rect((300, 380, 600, 40), white, 0.9);
            c.rect((360, 300, 480, 60), white, 0.7);
        }
        "lab" | "xray" => {
            c.rect((520, 220, 160, 240), white, 0.85);
            c.disc((600, 300, 45), 35, dark, 1.0);
        }
        "scale" => {
            c.rect((420, 420, 360, 40), white, 1.0);
            c.rect((593, 200, 14, 220), white, 1.0);
            c.rect((470, 253, 260, 14), white, 1.0);
        }
        _ => {
            // a hill along the bottom: y = 560 … 520 with a gentle wave
            for xx in 0..i64::from(SIZE.0) {
                let t = xx as f32 / SIZE.0 as f32;
                let top = 560.0 - 40.0 * t + 45.0 * (t * std::f32::consts::PI * 2.0).sin();
                c.rect((xx, top as i64, 1, i64::from(SIZE.1) - top as i64), white, 0.6);
            }
        }
    }
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    // encoding an in-memory picture of known size cannot fail
    let _ = c.0.write_with_encoder(encoder);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illustrations_are_jpeg_pictures_that_vary() {
        let a = illustration("lab", 3);
        assert_eq!(&a[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
        let img = image::load_from_memory(&a[..]).unwrap();
        assert_eq!((img.width(), img.height()), SIZE);
        assert_ne!(a, illustration("lab", 4));
        assert!(!caption("meeting").contains("Đồng chí") && caption("meeting").starts_with("Ảnh minh họa"));
    }
}
