//! Offset pagination: [`paginate_offset_with`] (and [`paginate_offset`], its short-page form),
//! a `Stream` over every item of a limit/offset list operation that never loses or repeats data.

use std::future::Future;

use futures_util::stream::{self, Stream};

use crate::error::Error;

/// One page as a list operation's fetch returns it: its items and, where the response has one,
/// its own end signal (`has_more`, or a total count turned into "more after this page").
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// `Some(false)`: this is the last page; `Some(true)`: more follow, even after a short
    /// page; `None`: the response does not say, and the [`PageEnd`] rule decides.
    pub has_more: Option<bool>,
}

/// What a fetch may return for a page: a [`Page`], the items (`Vec<T>`), or the items of a
/// nullable array (`Option<Vec<T>>`, where `None` is an empty page).
pub trait IntoPage {
    /// The item type.
    type Item;
    /// The page.
    fn into_page(self) -> Page<Self::Item>;
}

impl<T> IntoPage for Page<T> {
    type Item = T;
    fn into_page(self) -> Page<T> {
        self
    }
}

impl<T> IntoPage for Vec<T> {
    type Item = T;
    fn into_page(self) -> Page<T> {
        Page {
            items: self,
            has_more: None,
        }
    }
}

impl<T> IntoPage for Option<Vec<T>> {
    type Item = T;
    fn into_page(self) -> Page<T> {
        Page {
            items: self.unwrap_or_default(),
            has_more: None,
        }
    }
}

/// Which page is the last, when the response itself does not say ([`Page::has_more`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageEnd {
    /// An empty page: the pager keeps asking until a page has no items. Safe for every server,
    /// including one that caps pages below the requested `limit`; costs one extra request.
    Empty,
    /// A page shorter than the requested `limit` (or empty): only for an API that documents that
    /// it always fills a page up to `limit` when more items exist.
    Short,
}

/// Optional bounds on a stream; `None` is unbounded. Reaching a bound ends the stream (it is
/// not an error).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageLimits {
    /// At most this many pages are fetched.
    pub max_pages: Option<u64>,
    /// At most this many items are yielded.
    pub max_items: Option<u64>,
}

/// How many pages before the last one a new page is compared with (bounded memory: a cycle
/// longer than this is stopped by `max_pages`/`max_items` only).
pub const PAGES_REMEMBERED: usize = 8;

struct Pages<T, F> {
    fetch: F,
    offset: i64,
    limit: i64,
    end: PageEnd,
    limits: PageLimits,
    /// The current page, yielded by index (each item cloned) so it can be compared with the
    /// next page.
    page: Vec<T>,
    /// The pages before it, newest last, at most [`PAGES_REMEMBERED`]: a server that cycles
    /// through a few pages (A, B, A, …) is caught as well as one that repeats the last.
    earlier: std::collections::VecDeque<Vec<T>>,
    next: usize,
    pages: u64,
    items: u64,
    done: bool,
}

/// Streams the items of every page, as [`paginate_offset_with`] does with [`PageEnd::Short`]
/// and no bounds: for an API that documents a short page as its last.
pub fn paginate_offset<T, E, P, F, Fut>(
    offset: i64,
    limit: i64,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: Clone + PartialEq,
    P: IntoPage<Item = T>,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    paginate_offset_with(offset, limit, PageEnd::Short, PageLimits::default(), fetch)
}

/// Streams the items of every page, calling `fetch(offset, limit)` for each page as the
/// previous one runs out, starting at `offset` and advancing by the number of items received.
///
/// The stream ends:
/// * after a page whose response says it is the last ([`Page::has_more`] `Some(false)`);
/// * otherwise after the page `end` names (an empty page, or a page shorter than `limit`);
/// * when a bound of `limits` is reached;
/// * after yielding the first error, including [`Error::Paging`] when a non-empty page equals
///   the page before it or one of the [`PAGES_REMEMBERED`] pages before that (a server that
///   ignores the offset, or cycles through a few pages, would otherwise page forever; the
///   repeated items are not yielded) or when the offset would overflow.
///
/// The stream is not `Unpin`: pin it (`std::pin::pin!` or `Box::pin`) before calling `next()`.
pub fn paginate_offset_with<T, E, P, F, Fut>(
    offset: i64,
    limit: i64,
    end: PageEnd,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: Clone + PartialEq,
    P: IntoPage<Item = T>,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let pages = Pages {
        fetch,
        offset,
        limit,
        end,
        limits,
        page: Vec::<T>::new(),
        earlier: std::collections::VecDeque::new(),
        next: 0,
        pages: 0,
        items: 0,
        done: false,
    };
    stream::unfold(pages, |mut pages| async move {
        loop {
            if limit_reached(pages.limits.max_items, pages.items) {
                return None;
            }
            if let Some(item) = pages.page.get(pages.next) {
                pages.next += 1;
                pages.items += 1;
                return Some((Ok(item.clone()), pages));
            }
            if pages.done || limit_reached(pages.limits.max_pages, pages.pages) {
                return None;
            }
            pages.pages += 1;
            match (pages.fetch)(pages.offset, pages.limit).await {
                Ok(page) => {
                    if let Err(e) = pages.take(page.into_page()) {
                        pages.done = true;
                        return Some((Err(e), pages));
                    }
                }
                Err(e) => {
                    pages.done = true;
                    return Some((Err(e), pages));
                }
            }
        }
    })
}

/// `value` (an offset or limit the pager computed) as the type of the operation's parameter
/// named `name`, or [`Error::Paging`] when it does not fit: never clamped, which would repeat a
/// page.
pub fn page_param<T: TryFrom<i64>, E>(value: i64, name: &str) -> Result<T, Error<E>> {
    T::try_from(value).map_err(|_| {
        Error::Paging(format!(
            "the {name} {value} does not fit the type of the `{name}` parameter"
        ))
    })
}

/// A page's end signal from the response's total count: whether items remain after the
/// `received` items of the page that starts at `offset` (`None`: the response gave no total).
pub fn more_before_total(offset: i64, received: usize, total: Option<i64>) -> Option<bool> {
    let received = i64::try_from(received).unwrap_or(i64::MAX);
    total.map(|total| offset.saturating_add(received) < total)
}

fn limit_reached(bound: Option<u64>, count: u64) -> bool {
    bound.is_some_and(|max| count >= max)
}

impl<T: PartialEq, F> Pages<T, F> {
    /// Takes a fetched page: checks it against the previous one, advances the offset and
    /// decides whether another page follows.
    fn take<E>(&mut self, page: Page<T>) -> Result<(), Error<E>> {
        let n = page.items.len();
        if n > 0 && page.items == self.page {
            return Err(Error::Paging(format!(
                "page {} (offset {}) repeats the page before it: the server seems to ignore the \
                 offset",
                self.pages, self.offset
            )));
        }
        if let Some(back) = (n > 0)
            .then(|| self.earlier.iter().rev().position(|p| *p == page.items))
            .flatten()
        {
            return Err(Error::Paging(format!(
                "page {} (offset {}) repeats page {}: the server seems to cycle through pages",
                self.pages,
                self.offset,
                self.pages.saturating_sub(back as u64 + 2)
            )));
        }
        let n64 = i64::try_from(n).unwrap_or(i64::MAX);
        self.offset = self.offset.checked_add(n64).ok_or_else(|| {
            Error::Paging(format!(
                "the offset after page {} does not fit in an i64",
                self.pages
            ))
        })?;
        self.done = match page.has_more {
            Some(more) => !more || n == 0,
            None => match self.end {
                PageEnd::Empty => n == 0,
                PageEnd::Short => n == 0 || n64 < self.limit,
            },
        };
        let previous = std::mem::replace(&mut self.page, page.items);
        if !previous.is_empty() {
            if self.earlier.len() == PAGES_REMEMBERED {
                self.earlier.pop_front();
            }
            self.earlier.push_back(previous);
        }
        self.next = 0;
        Ok(())
    }
}
