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

#[cfg(test)]
mod tests {
    use super::*;
    use provtrace_common::Sequential;

    #[test]
    fn rayon_returns_what_sequential_does() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().expect("a pool");
        let items: Vec<u64> = (0..20_000).map(|i| (i * 7919) % 1013).collect();
        pool.install(|| {
            let mix = |i: usize, x: &u64| i as u64 ^ x;
            assert_eq!(Rayon.map(&items, mix), Sequential.map(&items, mix));
            let repeat = |_: usize, x: &u64| vec![*x; (*x % 3) as usize];
            assert_eq!(Rayon.flat_map(&items, repeat), Sequential.flat_map(&items, repeat));
            let note = |seen: &mut Vec<u64>, i: usize, x: &u64| {
                seen.push(*x);
                (i, *x)
            };
            assert_eq!(
                Rayon.map_init(&items, Vec::new, note),
                Sequential.map_init(&items, Vec::new, note)
            );
            let (mut a, mut b) = (items.clone(), items.clone());
            Rayon.sort_unstable(&mut a);
            Sequential.sort_unstable(&mut b);
            assert_eq!(a, b);
            assert_eq!(Rayon.join(|| 1, || 2), (1, 2));
            assert_eq!(Rayon.threads(), 4);
        });
    }
}
