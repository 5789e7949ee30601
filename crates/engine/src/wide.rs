//! What a run is told of a corpus wider than the one it analyses.

/// The statistics of a corpus wider than the one analysed: an archive's
/// with the new documents'. A run given them counts boilerplate, caps
/// frequent fingerprints and weighs words as a run over the whole would.
pub(crate) struct Wide {
    /// Documents in the whole corpus.
    pub(crate) documents: usize,
    /// Distinct compared texts, and the terms they hold.
    pub(crate) counted: usize,
    pub(crate) terms: usize,
    /// The recurring line keys of the analysed documents' lines, sorted.
    pub(crate) recurring: Vec<u64>,
    /// Document frequencies of the analysed documents' terms and
    /// fingerprints over the whole.
    pub(crate) term_frequency: rustc_hash::FxHashMap<u32, u32>,
    pub(crate) fingerprint_frequency: rustc_hash::FxHashMap<u64, u32>,
}
