"""Word (.docx) files: paragraphs and table cells in document order, core properties as metadata."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from .base import APPLICATION_DOCX, ParsedDocument, ParseError
from .metadata import extract_metadata, person_name

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Below this size a high ratio is harmless (an empty style sheet compresses 200:1), so it is not checked.
_RATIO_CHECK_FLOOR = 1024 * 1024


def check_archive(data: bytes) -> None:
    """Refuse zip bombs before any XML is inflated: declared sizes and ratio, checked up front."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises many types on damaged archives
        raise ParseError("corrupt", "We could not read this Word file: it looks damaged.") from exc
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    message = "This Word file expands to an unreasonable size when opened; it may be damaged or malicious."
    if uncompressed > MAX_UNCOMPRESSED_BYTES:
        raise ParseError("zip_bomb", message)
    if uncompressed > _RATIO_CHECK_FLOOR and uncompressed / compressed > MAX_COMPRESSION_RATIO:
        raise ParseError("zip_bomb", message)


def parse_docx(data: bytes) -> ParsedDocument:
    """Body paragraphs and tables, in order; title/author/created from the core properties."""
    check_archive(data)
    import docx  # python-docx, imported lazily
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_lines(item))
        else:
            blocks.append(item.text)
    text = "\n".join(blocks).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    if not text.strip():
        raise ParseError("no_text", "This Word file contains no text.")

    from_text = extract_metadata(text)
    properties = document.core_properties
    title = (properties.title or "").strip() or None
    author = person_name(properties.author) if properties.author else None
    created = properties.created.date() if isinstance(properties.created, datetime.datetime) else None
    return ParsedDocument(
        text=text,
        content_type=APPLICATION_DOCX,
        title=title or from_text.title,
        published=from_text.published or created,
        publisher=from_text.publisher,
        author=author or from_text.author,
        credibility=from_text.credibility,
        source_url=from_text.source_url,
    )


def _table_lines(table: object) -> list[str]:
    """One line per row, cells separated by tabs; merged cells (repeated objects) appear once."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: list[object] = []
        cells = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text.strip())
        if any(cells):
            lines.append("\t".join(cells))
    return lines
