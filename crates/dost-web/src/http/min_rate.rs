//! An upload's body must keep arriving: within each window (30 s by
//! default) at least the window's worth of a minimum rate (32 KB/s), however
//! long the whole upload takes. A 300 MB video over a slow line is taken; a
//! body that trickles (a few bytes a second, holding a connection) is cut.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Body as HttpBody, Frame, SizeHint};

/// The minimum rate an upload's body must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinRate {
    pub bytes_per_sec: u64,
    pub window: Duration,
}

impl Default for MinRate {
    fn default() -> Self {
        Self { bytes_per_sec: 32 * 1024, window: Duration::from_secs(30) }
    }
}

/// Why an upload was cut.
#[derive(Debug, thiserror::Error)]
#[error("tệp gửi lên quá chậm: dưới {} KB/giây trong {} giây", .0.bytes_per_sec / 1024, .0.window.as_secs())]
pub struct TooSlow(pub MinRate);

/// A body that fails with [`TooSlow`] when a window passes without its share.
pub struct Governed {
    inner: Body,
    rate: MinRate,
    /// Bytes received in the current window.
    got: u64,
    window_ends: Pin<Box<tokio::time::Sleep>>,
}

impl Governed {
    pub fn new(inner: Body, rate: MinRate) -> Self {
        Self { inner, rate, got: 0, window_ends: Box::pin(tokio::time::sleep(rate.window)) }
    }

    fn needed(&self) -> u64 {
        self.rate.bytes_per_sec.saturating_mul(self.rate.window.as_secs().max(1))
    }
}

impl HttpBody for Governed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.got += data.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                if this.window_ends.as_mut().poll(cx).is_ready() {
                    if this.got < this.needed() {
                        return Poll::Ready(Some(Err(axum::Error::new(TooSlow(this.rate)))));
                    }
                    // a new window, with what came beyond the last one's share
                    this.got -= this.needed();
                    let next = tokio::time::Instant::now() + this.rate.window;
                    this.window_ends.as_mut().reset(next);
                    // poll the new timer so it wakes this task
                    let _ = this.window_ends.as_mut().poll(cx);
                }
                Poll::Pending
            }
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Whether an error of an upload's body is [`TooSlow`] (found through its sources).
pub fn is_too_slow(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut at: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = at {
        if err.downcast_ref::<TooSlow>().is_some() {
            return true;
        }
        at = err.source();
    }
    false
}
