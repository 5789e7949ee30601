//! The rayon runner the engine hands to the stages.

use provtrace_common::Parallel;
use rayon::prelude::*;

/// Runs a stage's parallel parts on the current rayon pool.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rayon;

impl Parallel for Rayon {
    fn threads(&self) -> usize {
        rayon::current_num_threads()
    }

    fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(usize, &T) -> R + Sync + Send,
    ) -> Vec<R> {
        items.par_iter().enumerate().map(|(i, x)| f(i, x)).collect()
    }

    fn flat_map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(usize, &T) -> Vec<R> + Sync + Send,
    ) -> Vec<R> {
        items.par_iter().enumerate().flat_map_iter(|(i, x)| f(i, x)).collect()
    }

    fn map_init<T: Sync, S, R: Send>(
        &self,
        items: &[T],
        init: impl Fn() -> S + Sync + Send,
        f: impl Fn(&mut S, usize, &T) -> R + Sync + Send,
    ) -> Vec<R> {
        items.par_iter().enumerate().map_init(init, |s, (i, x)| f(s, i, x)).collect()
    }

    fn sort<T: Ord + Send>(&self, items: &mut [T]) {
        items.par_sort();
    }

    fn sort_unstable<T: Ord + Send>(&self, items: &mut [T]) {
        items.par_sort_unstable();
    }

    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        rayon::join(a, b)
    }
}
