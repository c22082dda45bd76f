//! Predefined CMaps (ISO 32000-1 §9.7.5.2) through `hayro-cmap`, which embeds Adobe's CMap
//! resources: the CMap a Type 0 font names as its `/Encoding` (`UniGB-UCS2-H`, `GBK-EUC-H` …)
//! maps character codes to CIDs, and a character collection's `…-UCS2` CMap (`Adobe-GB1-UCS2`)
//! maps CIDs to Unicode. Each CMap is parsed once per process and shared.

use hayro_cmap::{load_embedded, BfString, CMap, CMapName, CidFamily};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The longest character code of a CMap, in bytes.
const MAX_CODE_BYTES: usize = 4;

/// Parsed predefined CMaps by name (`None`: not a predefined CMap).
type Cache = Mutex<HashMap<Vec<u8>, Option<Arc<CMap>>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::default()))
}

/// The predefined CMap called `name`, parsed (with the CMaps it uses), or `None` when no such
/// CMap is predefined.
pub(crate) fn named(name: &[u8]) -> Option<Arc<CMap>> {
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = cache.get(name) {
        return c.clone();
    }
    let parsed = load_embedded(CMapName::from_bytes(name))
        .and_then(|data| CMap::parse(data, load_embedded))
        .map(Arc::new);
    cache.insert(name.to_vec(), parsed.clone());
    parsed
}

/// The CMap from the CIDs of the collection `registry`-`ordering` (`Adobe`-`GB1`) to Unicode.
pub(crate) fn cid_to_unicode(registry: &[u8], ordering: &[u8]) -> Option<Arc<CMap>> {
    let family = CidFamily::from_registry_ordering(registry, ordering);
    named(family.ucs2_cmap()?.to_bytes())
}

/// The first character code of `bytes` under `cmap`: its CID and its length in bytes. Codes
/// are matched shortest first (the predefined CMaps' code spaces are prefix-free); bytes that
/// match no code are one code of two bytes (one at the end of the string), CID 0 (`.notdef`).
pub(crate) fn next_code(cmap: &CMap, bytes: &[u8]) -> (u32, u32, usize) {
    let mut code = 0u32;
    for (k, &b) in bytes.iter().take(MAX_CODE_BYTES).enumerate() {
        code = code << 8 | b as u32;
        if let Some(cid) = cmap.lookup_cid_code(code, k as u8 + 1) {
            return (code, cid, k + 1);
        }
    }
    let len = bytes.len().min(2);
    let code = bytes[..len].iter().fold(0u32, |c, &b| c << 8 | b as u32);
    (code, 0, len)
}

/// The text of `cid` under a collection's CID → Unicode CMap.
pub(crate) fn text_of_cid(ucs: &CMap, cid: u32) -> Option<BfString> {
    ucs.lookup_bf_string(cid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_codes_map_to_adobe_gb1_cids_and_back() {
        let enc = named(b"UniGB-UCS2-H").expect("UniGB-UCS2-H is predefined");
        let ucs = cid_to_unicode(b"Adobe", b"GB1").expect("Adobe-GB1-UCS2");
        // `1` (U+0031) is CID 18 in Adobe-GB1, not 49
        let (code, cid, len) = next_code(&enc, &[0x00, 0x31, 0x4E, 0x00]);
        assert_eq!((code, cid, len), (0x31, 18, 2));
        assert_eq!(text_of_cid(&ucs, cid), Some(BfString::Char('1')));
        // `一` (U+4E00)
        let (_, cid, _) = next_code(&enc, &[0x4E, 0x00]);
        assert_eq!(text_of_cid(&ucs, cid), Some(BfString::Char('一')));
    }

    #[test]
    fn gbk_codes_are_one_or_two_bytes() {
        let enc = named(b"GBK-EUC-H").expect("GBK-EUC-H is predefined");
        let ucs = cid_to_unicode(b"Adobe", b"GB1").expect("Adobe-GB1-UCS2");
        // `1` then `支` (GBK D6A7)
        let bytes = [0x31, 0xD6, 0xA7];
        let (_, cid, len) = next_code(&enc, &bytes);
        assert_eq!(
            (len, text_of_cid(&ucs, cid)),
            (1, Some(BfString::Char('1')))
        );
        let (_, cid, len) = next_code(&enc, &bytes[1..]);
        assert_eq!(
            (len, text_of_cid(&ucs, cid)),
            (2, Some(BfString::Char('支')))
        );
    }

    #[test]
    fn an_unknown_name_is_no_predefined_cmap() {
        assert!(named(b"No-Such-CMap").is_none());
        assert!(cid_to_unicode(b"Adobe", b"Identity").is_none());
    }
}
