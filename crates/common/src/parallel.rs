//! How a stage runs its data-parallel parts, chosen by its caller.
//!
//! A stage that has work worth spreading over cores (a map over documents,
//! a sort of millions of keys) takes a `&impl Parallel` and asks it; it
//! never starts threads itself. [`Sequential`] runs everything on the
//! calling thread (a Spark task, a test, a library user with one document);
//! the engine's rayon runner spreads the same calls over its pool. Results
//! come back in input order either way, so a stage's output does not depend
//! on the runner or on the number of threads.

/// A runner for the data-parallel parts of a stage. Every method returns
/// exactly what its sequential form, the default here, would.
pub trait Parallel: Sync {
    /// How many threads work side by side (1 for [`Sequential`]); a stage
    /// may split its work into this many shards.
    fn threads(&self) -> usize {
        1
    }

    /// `f(i, &items[i])` for each item, in order.
    fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(usize, &T) -> R + Sync + Send,
    ) -> Vec<R> {
        items.iter().enumerate().map(|(i, x)| f(i, x)).collect()
    }

    /// The lists `f(i, &items[i])` one after another, in order.
    fn flat_map<T: Sync, R: Send>(
        &self,
        items: &[T],
        f: impl Fn(usize, &T) -> Vec<R> + Sync + Send,
    ) -> Vec<R> {
        items.iter().enumerate().flat_map(|(i, x)| f(i, x)).collect()
    }

    /// As [`Parallel::map`], with a scratch value made by `init` once per
    /// thread (or per piece of work) and handed to each call.
    fn map_init<T: Sync, S, R: Send>(
        &self,
        items: &[T],
        init: impl Fn() -> S + Sync + Send,
        f: impl Fn(&mut S, usize, &T) -> R + Sync + Send,
    ) -> Vec<R> {
        let mut scratch = init();
        items.iter().enumerate().map(|(i, x)| f(&mut scratch, i, x)).collect()
    }

    /// Sorts `items` (stable).
    fn sort<T: Ord + Send>(&self, items: &mut [T]) {
        items.sort();
    }

    /// Sorts `items` (not stable: for keys where equal means identical).
    fn sort_unstable<T: Ord + Send>(&self, items: &mut [T]) {
        items.sort_unstable();
    }

    /// Runs `a` and `b`, perhaps side by side.
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        (a(), b())
    }
}

/// Everything on the calling thread: the trait's own methods.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sequential;

impl Parallel for Sequential {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_keeps_input_order() {
        let items = [3, 1, 2];
        assert_eq!(Sequential.map(&items, |i, x| (i, *x)), [(0, 3), (1, 1), (2, 2)]);
        assert_eq!(Sequential.flat_map(&items, |_, &x| vec![x; x]), [3, 3, 3, 1, 2, 2]);
        let counted = Sequential.map_init(
            &items,
            || 0,
            |n, _, x| {
                *n += 1;
                (*n, *x)
            },
        );
        assert_eq!(counted, [(1, 3), (2, 1), (3, 2)]);
        let mut sorted = items;
        Sequential.sort_unstable(&mut sorted);
        assert_eq!(sorted, [1, 2, 3]);
        assert_eq!(Sequential.join(|| 1, || 2), (1, 2));
    }
}
