//! Content encodings: which one a browser accepts (`Accept-Encoding`) and
//! compressing a whole answer once, so that cached pages and static files
//! are sent compressed straight from memory.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

/// How an answer's body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coding {
    Brotli,
    Gzip,
    #[default]
    Identity,
}

impl Coding {
    /// The best encoding the request accepts: brotli, then gzip, else none.
    /// A coding given `q=0` is refused; `*` stands for any coding not named.
    pub fn negotiate(headers: &HeaderMap) -> Self {
        let Some(value) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
            return Self::Identity;
        };
        let (mut br, mut gzip, mut star) = (None, None, None);
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let accepted = q > 0.0;
            if name.eq_ignore_ascii_case("br") {
                br = Some(accepted);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(accepted);
            } else if name == "*" {
                star = Some(accepted);
            }
        }
        let star = star.unwrap_or(false);
        if br.unwrap_or(star) {
            Self::Brotli
        } else if gzip.unwrap_or(star) {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` value, none for identity.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Self::Brotli => Some(HeaderValue::from_static("br")),
            Self::Gzip => Some(HeaderValue::from_static("gzip")),
            Self::Identity => None,
        }
    }

    /// `data` encoded this way (identity: the data itself).
    pub fn encode(self, data: &[u8]) -> Bytes {
        match self {
            Self::Brotli => brotli(data),
            Self::Gzip => gzip(data),
            Self::Identity => Bytes::copy_from_slice(data),
        }
    }
}

/// Brotli at quality 9: about a millisecond for a page, done once per
/// version of it; within a few percent of the best quality's size.
fn brotli(data: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(data.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 16 * 1024, 9, 22);
        // writing to memory cannot fail
        let _ = w.write_all(data);
    }
    out.into()
}

fn gzip(data: &[u8]) -> Bytes {
    let mut w = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3), flate2::Compression::new(9));
    let _ = w.write_all(data);
    w.finish().unwrap_or_default().into()
}

/// Adds `Content-Encoding` (when not identity) and `Vary: Accept-Encoding`.
pub fn mark(headers: &mut HeaderMap, coding: Coding) {
    if let Some(v) = coding.header() {
        headers.insert(header::CONTENT_ENCODING, v);
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// A fixed body with its compressed forms, made once.
#[derive(Debug)]
pub struct Precompressed {
    identity: Bytes,
    brotli: Bytes,
    gzip: Bytes,
}

impl Precompressed {
    pub fn new(data: impl Into<Bytes>) -> Self {
        let identity: Bytes = data.into();
        Self { brotli: Coding::Brotli.encode(&identity), gzip: Coding::Gzip.encode(&identity), identity }
    }

    /// The body in the given encoding (shared, not copied).
    pub fn get(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Brotli => self.brotli.clone(),
            Coding::Gzip => self.gzip.clone(),
            Coding::Identity => self.identity.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn picks_what_the_browser_accepts() {
        assert_eq!(Coding::negotiate(&HeaderMap::new()), Coding::Identity);
        assert_eq!(Coding::negotiate(&with("gzip, deflate, br, zstd")), Coding::Brotli);
        assert_eq!(Coding::negotiate(&with("gzip, deflate")), Coding::Gzip);
        assert_eq!(Coding::negotiate(&with("br;q=0, gzip;q=0.5")), Coding::Gzip);
        assert_eq!(Coding::negotiate(&with("identity")), Coding::Identity);
        assert_eq!(Coding::negotiate(&with("*")), Coding::Brotli);
        assert_eq!(Coding::negotiate(&with("*;q=0, gzip")), Coding::Gzip);
        assert_eq!(Coding::negotiate(&with("GZIP;Q=1")), Coding::Gzip);
    }

    #[test]
    fn encodings_read_back() {
        let page = "<p>Sở Khoa học và Công nghệ</p>".repeat(200);
        let p = Precompressed::new(page.clone());
        let mut gz = String::new();
        flate2::read::GzDecoder::new(&p.get(Coding::Gzip)[..]).read_to_string(&mut gz).unwrap();
        assert_eq!(gz, page);
        let mut br = String::new();
        brotli::Decompressor::new(&p.get(Coding::Brotli)[..], 4096).read_to_string(&mut br).unwrap();
        assert_eq!(br, page);
        assert!(p.get(Coding::Brotli).len() < page.len() / 10);
    }
}
