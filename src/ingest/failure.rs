//! Why a file yields no report: one typed reason, which prints as the `error` of its `failed`
//! row and decides whether the report may be cached.

use yjs_model::limit::TimeLimitExceeded;

/// Why a file could not be turned into a report.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Unreadable(std::io::Error),
    /// The file has no bytes.
    #[error("empty file (0 bytes)")]
    Empty,
    /// An OLE compound file: legacy Word/Excel, or an encrypted Office file.
    #[error("unsupported format: legacy Word/Excel (.doc/.xls) or password-protected Office file; save it as .docx/.xlsx")]
    Legacy,
    /// Named `.pdf`, but not a PDF.
    #[error(
        "not a PDF: the file does not start with %PDF (wrong extension or a download error page?)"
    )]
    NotPdf,
    /// Neither PDF, DOCX nor XLSX; the extension in lower case (empty if none).
    #[error("unrecognised format (not PDF, DOCX or XLSX){}", extension_note(.0))]
    Unrecognised(String),
    /// The PDF extractor refused the file.
    #[error(transparent)]
    Pdf(yjs_pdf::PdfError),
    /// The DOCX extractor refused the file.
    #[error(transparent)]
    Docx(yjs_docx::DocxError),
    /// The XLSX extractor refused the file.
    #[error(transparent)]
    Xlsx(yjs_xlsx::XlsxError),
    /// An extractor panicked on the file (the message it carried).
    #[error("internal error while reading the file: {0}")]
    ExtractorPanic(String),
    /// Processing panicked outside the extractor (the message it carried).
    #[error("internal error while processing the file: {0}")]
    Panic(String),
    /// Parts of the file could not be read (each problem; at least one), so its text and
    /// numbers cannot be trusted.
    #[error("damaged file: {}{}", .0[0], more_problems(.0.len()))]
    Damaged(Vec<String>),
    /// The file's time limit passed.
    #[error(transparent)]
    TimeLimit(TimeLimitExceeded),
}

impl Failure {
    /// May the failed report be cached and served to the next run of the same build? Not when
    /// the failure may not recur: a file that could not be read (its content, the cache's key,
    /// is unknown), one stopped by the time limit (a less loaded run may finish it), or a
    /// panic outside the extractor.
    pub fn cacheable(&self) -> bool {
        !matches!(
            self,
            Failure::Unreadable(_) | Failure::TimeLimit(_) | Failure::Panic(_)
        )
    }

    /// The PDF extractor's error, its time limit told apart.
    pub fn from_pdf(e: yjs_pdf::PdfError) -> Failure {
        match e {
            yjs_pdf::PdfError::TimeLimit(t) => Failure::TimeLimit(t),
            e => Failure::Pdf(e),
        }
    }

    /// The DOCX extractor's error, its time limit told apart.
    pub fn from_docx(e: yjs_docx::DocxError) -> Failure {
        match e {
            yjs_docx::DocxError::TimeLimit(t) => Failure::TimeLimit(t),
            e => Failure::Docx(e),
        }
    }

    /// The XLSX extractor's error, its time limit told apart.
    pub fn from_xlsx(e: yjs_xlsx::XlsxError) -> Failure {
        match e {
            yjs_xlsx::XlsxError::TimeLimit(t) => Failure::TimeLimit(t),
            e => Failure::Xlsx(e),
        }
    }
}

/// `: .ext` after an unrecognised format's message, when the file has an extension.
fn extension_note(ext: &str) -> String {
    if ext.is_empty() {
        String::new()
    } else {
        format!(": .{ext}")
    }
}

/// ` (and N more problems)` after a damaged file's first problem, when it has more.
fn more_problems(n: usize) -> String {
    match n {
        1 => String::new(),
        n => format!(" (and {} more problems)", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn each_failure_prints_its_reason() {
        assert_eq!(Failure::Empty.to_string(), "empty file (0 bytes)");
        assert_eq!(
            Failure::Unrecognised("txt".into()).to_string(),
            "unrecognised format (not PDF, DOCX or XLSX): .txt"
        );
        assert_eq!(
            Failure::Unrecognised(String::new()).to_string(),
            "unrecognised format (not PDF, DOCX or XLSX)"
        );
        assert_eq!(
            Failure::Damaged(vec!["page 3: bad stream".into()]).to_string(),
            "damaged file: page 3: bad stream"
        );
        assert_eq!(
            Failure::Damaged(vec!["a".into(), "b".into(), "c".into()]).to_string(),
            "damaged file: a (and 2 more problems)"
        );
        assert_eq!(
            Failure::from_pdf(yjs_pdf::PdfError::NoPages).to_string(),
            "PDF has no pages"
        );
    }

    #[test]
    fn a_time_limit_from_any_extractor_is_not_cached_and_a_refused_file_is() {
        let t = TimeLimitExceeded(Duration::from_secs(5));
        for f in [
            Failure::from_pdf(yjs_pdf::PdfError::TimeLimit(t)),
            Failure::from_docx(yjs_docx::DocxError::TimeLimit(t)),
            Failure::from_xlsx(yjs_xlsx::XlsxError::TimeLimit(t)),
        ] {
            assert!(matches!(f, Failure::TimeLimit(_)), "{f:?}");
            assert!(!f.cacheable());
            assert_eq!(f.to_string(), "time limit of 5 s exceeded");
        }
        assert!(Failure::from_pdf(yjs_pdf::PdfError::Encrypted).cacheable());
        assert!(Failure::ExtractorPanic("x".into()).cacheable());
        assert!(!Failure::Panic("x".into()).cacheable());
        assert!(!Failure::Unreadable(std::io::Error::other("gone")).cacheable());
    }
}
