//! [`paginate_offset`]: a `Stream` over every item of a limit/offset list operation.

use std::future::Future;

use futures_util::stream::{self, Stream};

use crate::error::Error;

struct Pages<T, F> {
    fetch: F,
    offset: i64,
    limit: i64,
    page: std::vec::IntoIter<T>,
    done: bool,
}

/// Streams the items of every page, calling `fetch(offset, limit)` for each page as the
/// previous one runs out, starting at `offset` and advancing by the number of items received.
///
/// The stream ends after a page shorter than `limit` (an empty page included, so it also ends
/// when `limit` is not positive), and after yielding the first error. The stream is not
/// `Unpin`: pin it (`std::pin::pin!` or `Box::pin`) before calling `next()`.
pub fn paginate_offset<T, E, F, Fut>(
    offset: i64,
    limit: i64,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error<E>>>,
{
    let pages = Pages {
        fetch,
        offset,
        limit,
        page: Vec::new().into_iter(),
        done: false,
    };
    stream::unfold(pages, |mut pages| async move {
        loop {
            if let Some(item) = pages.page.next() {
                return Some((Ok(item), pages));
            }
            if pages.done {
                return None;
            }
            match (pages.fetch)(pages.offset, pages.limit).await {
                Ok(items) => {
                    let n = i64::try_from(items.len()).unwrap_or(i64::MAX);
                    pages.done = n == 0 || n < pages.limit;
                    pages.offset = pages.offset.saturating_add(n);
                    pages.page = items.into_iter();
                }
                Err(e) => {
                    pages.done = true;
                    return Some((Err(e), pages));
                }
            }
        }
    })
}
