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


class ParseError(Exception):
    """A file we refuse to (or cannot) read; ``message`` is meant for the editor who uploaded it.

    Codes: ``empty``, ``too_large``, ``unsupported_type``, ``binary``, ``encrypted``, ``corrupt``,
    ``no_text``, ``too_many_pages``, ``zip_bomb``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ParseError({self.code!r}, {self.message!r})"
