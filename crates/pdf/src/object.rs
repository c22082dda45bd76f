//! lopdf object access shared by the layers that read the file's objects.

use lopdf::{Dictionary, Document, Object};

/// `o` with an indirect reference followed to its object (chains too, as lopdf follows them);
/// `o` itself when it is direct or the reference is dangling.
pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// The value of `key` in `d`, dereferenced.
pub fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

/// The dictionary under `key` in `d`, dereferenced.
pub fn sub_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    dict_get(doc, d, key).and_then(|o| o.as_dict().ok())
}

/// A number object's value (an integer or a real).
pub fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// The values of an array of numbers, dereferenced (0 for an element that is no number).
pub fn numbers(doc: &Document, a: &[Object]) -> Vec<f64> {
    a.iter()
        .map(|o| number(deref(doc, o)).unwrap_or(0.0))
        .collect()
}
