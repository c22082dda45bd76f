//! lopdf object access shared by the layers that read the file's objects.

use lopdf::{Document, Object};

/// `o` with an indirect reference followed to its object (chains too, as lopdf follows them);
/// `o` itself when it is direct or the reference is dangling.
pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}
