//! Bytes read as a WARC archive: every record gives a document, a record
//! passed over, or a reason with its offset; never a panic, offsets in
//! order and within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provtrace::ingest::warc::{self, Found};

fuzz_target!(|data: &[u8]| {
    let mut last = 0;
    warc::records(data, 4096, &mut |found| {
        if let Found::Document { offset, .. } | Found::Bad { offset, .. } = found {
            assert!(offset >= last && offset <= data.len() as u64);
            last = offset;
        }
    });
});
