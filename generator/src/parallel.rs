//! Work shared out over every core: [`run`] runs a function over a list of jobs on as many
//! threads as there are cores and gives the results back in the jobs' order. Rendering uses it
//! for the crate's files, loading for the pieces of a large document.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `f` over `jobs` on every available core, keeping the jobs' order in the result (the
/// first failure in that order, if any). Jobs start heaviest first (by `weights`, a rough
/// estimate of each job's work), so that one large job (GitHub's `types/w.rs`, the webhook
/// payloads, is 30% of its crate) does not start last and run alone while the other cores idle.
/// `lost` is the error for a job whose thread stopped before giving a result.
pub fn run<J: Sync, T: Send, E: Send>(
    jobs: &[J],
    weights: &[usize],
    f: &(dyn Fn(&J) -> Result<T, E> + Sync),
    lost: impl Fn() -> E,
) -> Result<Vec<T>, E> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(jobs.len().max(1));
    if threads <= 1 {
        return jobs.iter().map(f).collect();
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weights.get(i).copied().unwrap_or(0)));
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<T, E>>> = (0..jobs.len()).map(|_| None).collect();
    let results = Mutex::new(&mut slots);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(n) else { break };
                let Some(job) = jobs.get(i) else { break };
                let out = f(job);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(out);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.unwrap_or_else(|| Err(lost())))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_jobs_order_and_the_first_failure_wins() {
        let jobs: Vec<usize> = (0..100).collect();
        let weights: Vec<usize> = jobs.iter().map(|j| j % 7).collect();
        let doubled = super::run(&jobs, &weights, &|j| Ok::<_, String>(j * 2), String::new);
        assert_eq!(doubled, Ok(jobs.iter().map(|j| j * 2).collect()));
        let failed = super::run(
            &jobs,
            &weights,
            &|&j| if j % 40 == 39 { Err(j) } else { Ok(j) },
            || usize::MAX,
        );
        assert_eq!(failed, Err(39));
    }
}
