"""Data shapes shared by every parser: what a parsed upload looks like and how a refusal is reported."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

TEXT_PLAIN = "text/plain"
TEXT_HTML = "text/html"
APPLICATION_PDF = "application/pdf"
APPLICATION_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SUPPORTED_CONTENT_TYPES = (TEXT_PLAIN, TEXT_HTML, APPLICATION_PDF, APPLICATION_DOCX)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PAGES = 500


@dataclass
class Metadata:
    """Article metadata; every field stays None when the source does not state it."""

    title: str | None = None
    published: datetime.date | None = None
    publisher: str | None = None
    author: str | None = None
    credibility: float | None = None
    source_url: str | None = None


@dataclass
class ParsedDocument:
    """An uploaded file turned into text plus what it says about itself.

    ``text`` uses ``\\n`` newlines only. For plain text it is the decoded file exactly (minus a BOM,
    with CRLF/CR folded to LF) so that character offsets computed on it point at the uploaded words.
    """

    text: str
    content_type: str
    title: str | None = None
    published: datetime.date | None = None
    publisher: str | None = None
    author: str | None = None
    credibility: float | None = None
    source_url: str | None = None
    encoding: str | None = None


DEFAULT_MESSAGES = {
    "empty": "This file is empty.",
    "too_large": "This file is too large; upload a smaller file.",
    "unsupported_type": "This kind of file is not supported. Upload a .txt, .html, .pdf or .docx file.",
    "binary": "This file is not text or a supported document. Upload a .txt, .html, .pdf or .docx file.",
    "encrypted": "This PDF is password-protected; upload an unlocked copy.",
    "corrupt": "We could not read this file: it looks damaged.",
    "no_text": "This file contains no text we can read.",
    "too_many_pages": "This PDF has too many pages; upload the article pages only.",
    "zip_bomb": "This Word file expands to an unreasonable size when opened; it may be damaged or malicious.",
}


class ParseError(Exception):
    """A file we refuse to (or cannot) read; ``message`` is meant for the editor who uploaded it.

    ``code`` is a stable slug for programs: ``empty``, ``too_large``, ``unsupported_type``, ``binary``,
    ``encrypted``, ``corrupt``, ``no_text``, ``too_many_pages``, ``zip_bomb``.
    """

    def __init__(self, code: str, message: str | None = None) -> None:
        message = message or DEFAULT_MESSAGES.get(code, "We could not read this file.")
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ParseError({self.code!r}, {self.message!r})"
