"""PDF files: text layer and info dictionary via pypdf, with refusals an editor can act on."""

from __future__ import annotations

import datetime
import io
import re

from .base import APPLICATION_PDF, ParsedDocument, ParseError
from .metadata import extract_metadata, person_name

_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft (?:word|powerpoint) - .*|document\d*|.*\.(?:docx?|pdf|indd|rtf|txt|html?)|"
    r"slide \d+|print|title)$",
    re.IGNORECASE,
)


def parse_pdf(data: bytes, *, max_pages: int) -> ParsedDocument:
    """Text of every page; refuse encrypted, truncated, oversized or image-only PDFs."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if b"%%EOF" not in data[-4096:]:
        raise ParseError("corrupt", "This PDF is incomplete or damaged (it ends before the file does).")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ParseError("corrupt", "We could not read this PDF file: it looks damaged.") from exc

    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise ParseError(
                "encrypted", "This PDF is encrypted in a way we cannot open; upload an unlocked copy."
            ) from exc
        if not opened:
            raise ParseError("encrypted", "This PDF is password-protected; upload an unlocked copy.")

    try:
        page_count = len(reader.pages)
    except FileNotDecryptedError as exc:
        raise ParseError("encrypted", "This PDF is password-protected; upload an unlocked copy.") from exc
    if page_count == 0:
        raise ParseError("corrupt", "This PDF has no pages.")
    if page_count > max_pages:
        raise ParseError(
            "too_many_pages",
            f"This PDF has {page_count} pages; the limit is {max_pages}. Upload the article pages only.",
        )

    page_texts = []
    for page in reader.pages:
        page_text = page.extract_text() or ""
        page_texts.append(page_text.replace("\r\n", "\n").replace("\r", "\n").strip("\n"))
    text = "\n\n".join(chunk for chunk in page_texts if chunk.strip())
    if not text.strip():
        raise ParseError("no_text", "This PDF has no text layer (scanned?); upload a text version.")

    from_text = extract_metadata(text)
    info = _info(reader)
    return ParsedDocument(
        text=text,
        content_type=APPLICATION_PDF,
        title=info.get("title") or from_text.title,
        published=from_text.published or info.get("created"),
        publisher=from_text.publisher,
        author=from_text.author or info.get("author"),
        credibility=from_text.credibility,
        source_url=from_text.source_url,
    )


def _info(reader: object) -> dict:
    """Title, author and creation date from the info dictionary, ignoring tool-generated junk."""
    found: dict = {}
    try:
        metadata = reader.metadata  # type: ignore[attr-defined]
    except Exception:  # a broken info dictionary is not worth refusing the file over
        return found
    if not metadata:
        return found
    title = (metadata.title or "").strip() if isinstance(metadata.title, str) else ""
    if title and not _JUNK_TITLE.match(title) and len(title.split()) >= 2:
        found["title"] = re.sub(r"\s+", " ", title)
    author = metadata.author if isinstance(metadata.author, str) else None
    if author:
        found["author"] = person_name(author)
    try:
        created = metadata.creation_date
    except Exception:  # malformed D:... strings raise in pypdf
        created = None
    if isinstance(created, datetime.datetime):
        found["created"] = created.date()
    return found
