//! Who says what: the outlet [`gazetteer`], what a [`page`] says of itself
//! (outlet, date, credits, photo credits), the factual [`claims`] of its
//! sentences and the attribution [`tagger`] that finds their cues and
//! sources.

pub mod claims;
pub mod gazetteer;
pub mod page;
pub mod tagger;
