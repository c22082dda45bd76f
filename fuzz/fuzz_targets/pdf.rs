//! Any bytes through the PDF extractor and, when it reads them, through segmentation,
//! reconciliation and checks: an error is fine, a panic, hang or unbounded allocation is a bug.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = yjs_pdf::extract(data) {
        let _ = yjs_analyze::analyze(&doc);
    }
});
