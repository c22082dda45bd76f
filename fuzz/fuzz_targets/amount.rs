//! Any text through the amount parser and the code test: never a panic, and an amount it reads
//! prints back as text it reads to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = yjs_analyze::amount::is_code(s);
    if let Some(d) = yjs_analyze::amount::parse_amount(s) {
        let printed = d.to_string();
        assert_eq!(
            yjs_analyze::amount::parse_amount(&printed),
            Some(d),
            "{s:?} read as {printed}, which does not read back"
        );
    }
});
