"""parse_document: one entry point that checks an upload, recognises it and hands it to the right parser."""

from __future__ import annotations

from .base import (
    APPLICATION_DOCX,
    APPLICATION_PDF,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    TEXT_HTML,
    TEXT_PLAIN,
    ParsedDocument,
    ParseError,
)
from .metadata import extract_metadata, first_line_title
from .sniff import sniff

_KIND = {TEXT_PLAIN: "text", TEXT_HTML: "HTML", APPLICATION_PDF: "PDF", APPLICATION_DOCX: "Word"}
_ACCEPTED = "Upload a plain-text (.txt), web page (.html), PDF or Word (.docx) file."


def parse_document(
    data: bytes,
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ParsedDocument:
    """Text and metadata of an uploaded file, or a ParseError whose message an editor can act on.

    The type is decided by the content alone; ``filename`` only names the file in refusals, because
    extensions are often wrong (a PDF saved as .txt is still a PDF).
    """
    if not data or not data.strip():
        raise ParseError("empty", "This file is empty.")
    if len(data) > max_bytes:
        limit_mb = max_bytes / (1024 * 1024)
        raise ParseError(
            "too_large", f"This file is larger than the {limit_mb:g} MB limit; upload a smaller file."
        )
    try:
        sniffed = sniff(data)
    except Exception as exc:  # detection is defensive already; this is the last safety net
        raise ParseError("corrupt") from exc
    content_type = sniffed.content_type
    if content_type is None:
        subject = f"“{filename}”" if filename else "This file"
        what = sniffed.description or "binary data"
        if what == "binary data":
            raise ParseError("binary", f"{subject} is not text or a supported document. {_ACCEPTED}")
        raise ParseError(
            "unsupported_type", f"{subject} looks like {what}, which we cannot read. {_ACCEPTED}"
        )

    try:
        if content_type == TEXT_PLAIN:
            assert sniffed.decoded is not None
            document = _parse_plain(sniffed.decoded.text, sniffed.decoded.encoding)
        elif content_type == TEXT_HTML:
            from .web import parse_html

            assert sniffed.decoded is not None
            html, encoding = _html_source(data, sniffed.decoded.text, sniffed.decoded.encoding)
            document = parse_html(html, encoding=encoding)
        elif content_type == APPLICATION_PDF:
            from .pdf import parse_pdf

            document = parse_pdf(data, max_pages=max_pages)
        else:
            from .word import parse_docx

            document = parse_docx(data)
    except ParseError:
        raise
    except Exception as exc:  # any library failure becomes a message, never a traceback for the editor
        kind = _KIND[content_type]
        raise ParseError("corrupt", f"We could not read this {kind} file: it looks damaged.") from exc

    if not document.text.strip():
        raise ParseError("empty" if content_type == TEXT_PLAIN else "no_text", _no_text_message(content_type))
    return document


def _parse_plain(text: str, encoding: str) -> ParsedDocument:
    """Plain text is kept exactly as decoded (newlines folded to LF) so quote offsets stay valid."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty", "This file is empty.")
    found = extract_metadata(text)
    return ParsedDocument(
        text=text,
        content_type=TEXT_PLAIN,
        title=found.title or first_line_title(text),
        published=found.published,
        publisher=found.publisher,
        author=found.author,
        credibility=found.credibility,
        source_url=found.source_url,
        encoding=encoding,
    )


def _html_source(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """Re-decode with the page's declared charset when our guess was not UTF-8 and the page says so."""
    from .web import declared_charset

    declared = declared_charset(data)
    if declared and encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and declared != encoding:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return text.removeprefix("\ufeff"), encoding


def _no_text_message(content_type: str) -> str:
    if content_type == TEXT_HTML:
        return "This web page has no readable article text."
    return f"This {_KIND[content_type]} file contains no text."
