//! Pictures: size read from the file, and a smaller copy for lists and the
//! media library. Decoding is bounded so a crafted file cannot exhaust memory.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};
use thiserror::Error;

/// Largest picture decoded, in pixels on each side.
const MAX_SIDE: u32 = 12_000;

#[derive(Debug, Error)]
#[error("ảnh không đọc được: {0}")]
pub struct ImageError(String);

impl From<String> for ImageError {
    fn from(s: String) -> Self {
        Self(s)
    }
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, ImageError> {
    let mut r = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| ImageError(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    r.limits(limits);
    Ok(r)
}

/// Width and height of a picture, read from its header.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    reader(bytes)?.into_dimensions().map_err(|e| ImageError(e.to_string()))
}

/// A copy at most `max_width` pixels wide (JPEG for photos, PNG otherwise),
/// or `None` when the picture is already small enough.
pub struct Thumbnail {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub extension: &'static str,
}

pub fn thumbnail(bytes: &[u8], max_width: u32) -> Result<Option<Thumbnail>, ImageError> {
    let r = reader(bytes)?;
    let format = r.format();
    let img = r.decode().map_err(|e| ImageError(e.to_string()))?;
    if img.width() <= max_width {
        return Ok(None);
    }
    let height = ((u64::from(img.height()) * u64::from(max_width)) / u64::from(img.width())).max(1) as u32;
    let small = img.resize_exact(max_width, height, image::imageops::FilterType::Triangle);
    let (out_format, extension) =
        if format == Some(ImageFormat::Jpeg) { (ImageFormat::Jpeg, "jpg") } else { (ImageFormat::Png, "png") };
    let small = if out_format == ImageFormat::Jpeg { image::DynamicImage::ImageRgb8(small.to_rgb8()) } else { small };
    let mut out = Cursor::new(Vec::new());
    small.write_to(&mut out, out_format).map_err(|e| ImageError(e.to_string()))?;
    Ok(Some(Thumbnail { bytes: out.into_inner(), width: max_width, height, extension }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([11, 74, 139]));
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_pictures_get_a_smaller_copy() {
        let big = png(1200, 600);
        assert_eq!(dimensions(&big).unwrap(), (1200, 600));
        let t = thumbnail(&big, 480).unwrap().unwrap();
        assert_eq!((t.width, t.height, t.extension), (480, 240, "png"));
        assert_eq!(dimensions(&t.bytes).unwrap(), (480, 240));
        assert!(thumbnail(&png(300, 200), 480).unwrap().is_none());
    }

    #[test]
    fn broken_pictures_are_errors_not_panics() {
        let mut b = png(100, 100);
        b.truncate(40);
        assert!(thumbnail(&b, 10).is_err());
        assert!(dimensions(b"not a picture").is_err());
    }
}
