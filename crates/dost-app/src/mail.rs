//! Sending e-mail through the department's SMTP relay (plain SMTP,
//! credentials optional): the daily digest and answers to questions.

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppError;
use crate::digest::Smtp;

/// A connection to the relay and the sender's address.
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Relay {
    pub fn new(smtp: &Smtp) -> Result<Self, AppError> {
        let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host).port(smtp.port);
        if let (Some(u), Some(p)) = (&smtp.username, &smtp.password) {
            transport = transport.credentials(Credentials::new(u.clone(), p.clone()));
        }
        let from = smtp.from.parse().map_err(|e| AppError::Internal(format!("địa chỉ gửi thư không hợp lệ: {e}")))?;
        Ok(Self { transport: transport.build(), from })
    }

    /// Sends one plain-text message; false when the address cannot be written as a mailbox.
    pub async fn send(&self, name: &str, email: &str, subject: String, body: String) -> Result<bool, AppError> {
        let Ok(to) = format!("{} <{}>", name.replace(['<', '>', '"'], ""), email).parse::<Mailbox>() else {
            return Ok(false);
        };
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        self.transport.send(msg).await.map_err(|e| AppError::Internal(format!("gửi thư không được: {e}")))?;
        Ok(true)
    }
}

/// The e-mail that tells a questioner their question was answered.
pub fn answer_message(title: &str, question: &str, answer: &str, unit: &str, url: &str) -> (String, String) {
    let subject = format!("[Sở KH&CN] Trả lời câu hỏi: {title}");
    let body = format!(
        "Kính gửi quý vị,\n\nSở Khoa học và Công nghệ trả lời câu hỏi của quý vị như sau.\n\nCâu hỏi: {title}\n{question}\n\nTrả lời ({unit}):\n{answer}\n\nCâu hỏi và trả lời được đăng tại: {url}\n\nThư này do hệ thống gửi tự động; xin đừng trả lời thư này.\n"
    );
    (subject, body)
}
