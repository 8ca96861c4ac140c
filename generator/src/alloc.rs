//! How the binaries (`openapi-rust-gen`, `xtask`) use memory: they run on mimalloc and call
//! [`tune`] first.
//!
//! By default mimalloc (version 3, as the pinned `libmimalloc-sys` builds it) hands memory it has
//! freed back to the kernel a second later, and the next allocation there takes a page fault and
//! a page zeroed by the kernel. Generating GitHub's crate
//! allocates and frees hundreds of megabytes of tokens in a second, so it paid that again and
//! again: up to 0.4 s of system time in a 1.3 s run, and 11,000 page faults where 520 do (see
//! `BENCHMARKS.md`). A short-lived command has no reason to give memory back before it exits.
//!
//! [`drop_aside`] frees a large tree on a thread of its own, so the pipeline's one busy thread
//! (loading and modelling run on one core) does not wait for it.

use std::ffi::{c_int, c_long};

// Links mimalloc's C library (whose functions are declared below) into whatever uses this
// module, the library's own tests included.
extern crate mimalloc as _;

/// `mi_option_purge_delay` in `mi_option_e` of mimalloc 2 and 3, as vendored by the pinned
/// `libmimalloc-sys` (its Rust bindings leave this option out; the test below checks the index).
const PURGE_DELAY: c_int = 15;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_option_get(option: c_int) -> c_long;
}

/// Both settings below: freed memory is kept, and pages are small.
pub fn tune() {
    keep_freed_memory();
    small_pages();
}

/// Turns transparent huge pages off for this process (Linux). mimalloc asks for them, and a
/// fault on one has the kernel find and zero 2 MiB, compacting memory first when it is
/// fragmented: generating GitHub's crate then spent a median 0.62 s in the kernel for about 500
/// faults, against 0.18 s for 53,000 faults of 4 KiB pages (`BENCHMARKS.md`).
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::c_ulong;
        /// `PR_SET_THP_DISABLE` of `<linux/prctl.h>`.
        const PR_SET_THP_DISABLE: c_int = 41;
        extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        // SAFETY: PR_SET_THP_DISABLE takes one flag (the other arguments must be 0) and changes
        // only how the kernel backs this process's memory. A failure leaves huge pages on.
        let _ = unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                1 as c_ulong,
                0 as c_ulong,
                0 as c_ulong,
                0 as c_ulong,
            )
        };
    }
}

/// Drops `value` on a thread of its own, so that freeing a large tree (GitHub's document as
/// JSON, about 100 MB in small allocations, takes 10–15 ms to free) does not hold up the thread
/// that goes on. Dropped here if no thread can be started.
pub fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// [`drop_aside`] for what was made from a text of `len` bytes when the text is large (a
/// thread costs more than freeing what a small spec makes); dropped here otherwise.
pub fn drop_aside_if_large<T: Send + 'static>(value: T, len: usize) {
    /// A spec of a megabyte makes some ten megabytes of tree.
    const LARGE: usize = 1 << 20;
    if len >= LARGE {
        drop_aside(value);
    }
}

/// Tells mimalloc never to return freed memory to the kernel before the process exits.
pub fn keep_freed_memory() {
    // SAFETY: mimalloc's option setter takes any option and value; -1 means "never purge".
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

/// mimalloc's purge delay in milliseconds (-1: never).
pub fn purge_delay() -> c_long {
    // SAFETY: reads an option.
    unsafe { mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    /// Says on a channel which thread dropped it.
    struct Tells(std::sync::mpsc::Sender<Option<String>>);

    impl Drop for Tells {
        fn drop(&mut self) {
            let _ = self
                .0
                .send(std::thread::current().name().map(str::to_string));
        }
    }

    #[test]
    fn drop_aside_drops_on_a_thread_of_its_own() {
        let (tx, rx) = std::sync::mpsc::channel();
        super::drop_aside(Tells(tx));
        let by = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(by, Ok(Some("drop".to_string())));
    }

    #[test]
    fn small_things_are_dropped_in_place() {
        let (tx, rx) = std::sync::mpsc::channel();
        let here = std::thread::current().name().map(str::to_string);
        super::drop_aside_if_large(Tells(tx), 10);
        assert_eq!(rx.try_recv(), Ok(here));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn small_pages_turns_huge_pages_off() {
        use std::ffi::{c_int, c_ulong};
        /// `PR_GET_THP_DISABLE` of `<linux/prctl.h>`: 1 when they are off.
        const PR_GET_THP_DISABLE: c_int = 42;
        extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        super::small_pages();
        // SAFETY: reads the flag; the other arguments must be 0.
        let off = unsafe {
            prctl(
                PR_GET_THP_DISABLE,
                0 as c_ulong,
                0 as c_ulong,
                0 as c_ulong,
                0 as c_ulong,
            )
        };
        assert_eq!(off, 1);
    }

    #[test]
    fn the_option_is_mimallocs_purge_delay() {
        // 1,000 ms is mimalloc 3's default for `purge_delay` (`src/options.c`) and for none of
        // the options around it, so reading it first checks the index.
        assert_eq!(super::purge_delay(), 1000);
        super::keep_freed_memory();
        assert_eq!(super::purge_delay(), -1);
    }
}
