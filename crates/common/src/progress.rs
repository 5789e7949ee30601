//! How far a run has got, told to whoever shows it.
//!
//! A stage of the pipeline is begun with what it counts ("documents",
//! "candidate pairs") and how many of them there are, advanced as they are
//! done, and ended; stages may run side by side. The library tells; the
//! command line draws a bar per stage. A stage ends when its [`Stage`] is
//! dropped, so that no early return leaves one open.

/// Hears how far a run has got. Stage numbers are handed out by
/// [`Progress::begin`]; the other calls name the stage by its number.
pub trait Progress: Sync {
    /// A stage begins: `steps` of `unit` to do (0 when the count is not
    /// known ahead, as for a stream); an empty `unit` for a stage that is
    /// one step and counts nothing. Returns the stage's number.
    fn begin(&self, name: &'static str, unit: &'static str, steps: u64) -> usize;
    /// `steps` more of the stage's units are done.
    fn advance(&self, stage: usize, steps: u64);
    /// The stage turns out to have `steps` units in all.
    fn resize(&self, stage: usize, steps: u64);
    /// The stage is over.
    fn end(&self, stage: usize);
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: &'static str, _: &'static str, _: u64) -> usize {
        0
    }
    fn advance(&self, _: usize, _: u64) {}
    fn resize(&self, _: usize, _: u64) {}
    fn end(&self, _: usize) {}
}

/// A stage under way; ended when dropped.
pub struct Stage<'p> {
    progress: &'p dyn Progress,
    number: usize,
}

impl<'p> Stage<'p> {
    /// Begins stage `name` on `progress` (see [`Progress::begin`]).
    pub fn begin(
        progress: &'p dyn Progress,
        name: &'static str,
        unit: &'static str,
        steps: u64,
    ) -> Stage<'p> {
        Stage { progress, number: progress.begin(name, unit, steps) }
    }

    /// `steps` more units are done.
    pub fn advance(&self, steps: u64) {
        self.progress.advance(self.number, steps);
    }

    /// The stage has `steps` units in all.
    pub fn resize(&self, steps: u64) {
        self.progress.resize(self.number, steps);
    }

    /// Ends the stage now.
    pub fn end(self) {}
}

impl Drop for Stage<'_> {
    fn drop(&mut self) {
        self.progress.end(self.number);
    }
}
