//! How much of one text is in another: word [`shingle`]s, [`minhash`]
//! signatures and LSH, winnowed [`fingerprint`]s, rare [`terms`] for
//! rewrites, recurring [`boilerplate`] lines, passages repeated within a
//! document ([`selfdup`]), sentence [`align`]ment, and the [`duplicates`]
//! clusters and [`reuse`] pairs they lead to.

pub mod align;
pub mod boilerplate;
pub mod duplicates;
pub mod fingerprint;
pub mod minhash;
pub mod reuse;
pub mod selfdup;
pub mod shingle;
pub mod terms;
