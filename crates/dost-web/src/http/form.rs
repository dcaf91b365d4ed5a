//! Posted forms decoded strictly: the body is checked (size, percent-encoding,
//! UTF-8) before anything else, then decoded into a struct that refuses
//! fields it does not know, so that a field the page posts under another name
//! is an error a test sees, never an empty string.

use serde::de::DeserializeOwned;

use super::WebError;
use super::query::{encode, parse_pairs};

/// Every `key=value` pair of a urlencoded body (keys repeated, in order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// Decodes a body strictly.
    pub fn parse(body: &[u8]) -> Result<Self, WebError> {
        let text = std::str::from_utf8(body)
            .map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không phải văn bản UTF-8.".into()))?;
        parse_pairs(text).map(Self)
    }

    /// The first value of a key, trimmed (empty when absent).
    pub fn get(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }

    /// Every value of a key, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
    }

    /// Takes a key's first value out (the CSRF token, before the form is decoded).
    pub fn take(&mut self, key: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// Decodes the pairs into a form struct (which should refuse unknown
    /// fields). A refusal is told in Vietnamese from what was posted and the
    /// struct's own field list, never from the decoder's English message.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        self.try_decode::<T>(&[]).map_err(|e| {
            tracing::info!(error = %e, "form refused");
            let fields = struct_fields::<T>();
            let unknown = self.0.iter().map(|(k, _)| k).find(|k| !fields.is_empty() && !fields.contains(&k.as_str()));
            WebError::BadRequest(match (unknown, self.missing::<T>(fields)) {
                (Some(k), _) => format!("Biểu mẫu gửi lên có ô không hợp lệ («{k}»). Hãy tải lại trang rồi nhập lại."),
                (None, Some(f)) => format!("Biểu mẫu gửi lên thiếu ô «{f}». Hãy tải lại trang rồi nhập lại."),
                (None, None) => "Biểu mẫu gửi lên không đúng dạng. Hãy tải lại trang rồi nhập lại.".into(),
            })
        })
    }

    /// The pairs (and `extra` empty fields) decoded.
    fn try_decode<T: DeserializeOwned>(&self, extra: &[&str]) -> Result<T, serde_html_form::de::Error> {
        let mut encoded: Vec<String> = self.0.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        encoded.extend(extra.iter().map(|k| format!("{}=", encode(k))));
        serde_html_form::from_str(&encoded.join("&"))
    }

    /// The field whose absence refused the form: with every absent field
    /// given empty the form decodes, and without this one it does not.
    fn missing<T: DeserializeOwned>(&self, fields: &'static [&'static str]) -> Option<&'static str> {
        let absent: Vec<&'static str> =
            fields.iter().copied().filter(|f| !self.0.iter().any(|(k, _)| k == f)).collect();
        if absent.is_empty() || self.try_decode::<T>(&absent).is_err() {
            return None;
        }
        absent.iter().copied().find(|f| {
            let others: Vec<&str> = absent.iter().copied().filter(|x| x != f).collect();
            self.try_decode::<T>(&others).is_err()
        })
    }
}

/// The fields a form struct declares (empty for a form that is not a plain
/// struct): its `Deserialize` names them when it asks for a struct.
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(FieldNamesError(fields)) => fields,
        Ok(_) => &[],
    }
}

/// A deserializer that only answers "which fields?".
struct FieldNames;

#[derive(Debug)]
struct FieldNamesError(&'static [&'static str]);

impl std::fmt::Display for FieldNamesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "fields: {:?}", self.0)
    }
}

impl std::error::Error for FieldNamesError {}

impl serde::de::Error for FieldNamesError {
    fn custom<M: std::fmt::Display>(_msg: M) -> Self {
        Self(&[])
    }
}

impl<'de> serde::Deserializer<'de> for FieldNames {
    type Error = FieldNamesError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(FieldNamesError(&[]))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(FieldNamesError(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A public form (no session: the sign-in form, a rating), decoded strictly.
pub struct Form<T>(pub T);

/// Largest public form (the sign-in form and the like).
pub const PUBLIC_FORM_LIMIT: usize = 64 * 1024;

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequest<S> for Form<T> {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, _state: &S) -> Result<Self, Self::Rejection> {
        Pairs::parse(&form_body(req, PUBLIC_FORM_LIMIT).await?)?.decode().map(Self)
    }
}

/// The body of a form as browsers send it, at most `limit` bytes: the kind
/// (415) and the announced length (413) are checked before anything is read.
pub async fn form_body(req: axum::extract::Request, limit: usize) -> Result<axum::body::Bytes, WebError> {
    require_form_body(req.headers())?;
    let too_large = || WebError::PayloadTooLarge("Dữ liệu gửi lên quá lớn so với giới hạn của biểu mẫu này.".into());
    let announced =
        req.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(req.into_body(), limit).await.map_err(|e| {
        let over = std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if over {
            too_large()
        } else {
            WebError::BadRequest("Không đọc được dữ liệu gửi lên (bị ngắt giữa chừng?).".into())
        }
    })
}

/// Refuses (415) a body that is not a form as browsers send it.
pub fn require_form_body(headers: &axum::http::HeaderMap) -> Result<(), WebError> {
    let kind = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if kind.split(';').next().is_some_and(|k| k.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")) {
        Ok(())
    } else {
        Err(WebError::UnsupportedMediaType(
            "Địa chỉ này chỉ nhận biểu mẫu gửi từ trang web (application/x-www-form-urlencoded).".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct F {
        title: String,
        #[serde(default)]
        also: Vec<String>,
        featured: Option<String>,
    }

    #[test]
    fn forms_decode_strictly() {
        let p = Pairs::parse("title=%C4%90o+l%C6%B0%E1%BB%9Dng&also=1&also=2".as_bytes()).unwrap();
        let f: F = p.decode().unwrap();
        assert_eq!(f, F { title: "Đo lường".into(), also: vec!["1".into(), "2".into()], featured: None });
        // a field under another name is refused, so is a missing one
        let typo = Pairs::parse(b"titel=x").unwrap();
        let e = typo.decode::<F>().unwrap_err().message();
        assert!(e.contains("titel"), "{e}");
        assert_eq!(
            Pairs::parse(b"also=1").unwrap().decode::<F>().unwrap_err().message(),
            "Biểu mẫu gửi lên thiếu ô «title». Hãy tải lại trang rồi nhập lại."
        );
        assert_eq!(
            typo.decode::<F>().unwrap_err().message(),
            "Biểu mẫu gửi lên có ô không hợp lệ («titel»). Hãy tải lại trang rồi nhập lại."
        );
        // bad bytes never reach the decoder
        assert!(Pairs::parse(b"title=%FF").is_err());
        assert!(Pairs::parse(&[b't', b'=', 0xff]).is_err());
    }

    #[test]
    fn the_token_is_taken_out_before_decoding() {
        let mut p = Pairs::parse(b"csrf=abc&title=x").unwrap();
        assert_eq!(p.take("csrf").as_deref(), Some("abc"));
        assert_eq!(p.decode::<F>().unwrap().title, "x");
    }

    proptest::proptest! {
        #[test]
        fn any_body_is_decoded_or_refused_never_a_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            if let Ok(p) = Pairs::parse(&body) {
                let _ = p.decode::<F>();
            }
        }

        #[test]
        fn what_a_browser_encodes_reads_back_the_same(pairs in proptest::collection::vec(
            ("[a-z_]{1,8}", "[a-zA-Z0-9 &=+%;.,đĐăâêôơưàáảãạếệ–-]{0,20}"), 0..6)
        ) {
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
            let back = Pairs::parse(body.join("&").as_bytes()).unwrap();
            let want: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k, dost_domain::text::nfc(&v))).collect();
            proptest::prop_assert_eq!(back.0, want);
        }
    }
}
