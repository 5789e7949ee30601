//! Text as the stages see it: [`span`]s into a document's decoded text,
//! [`normalize`]d tokens and [`sentence`]s.

pub mod normalize;
pub mod sentence;
pub mod span;
