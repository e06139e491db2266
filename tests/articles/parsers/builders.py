"""Build small PDF, DOCX and HTML fixtures in memory, so the tests need no binary files in the repo."""

from __future__ import annotations

import datetime
import io
import zipfile


def _escape_pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], *, info: dict[str, str] | None = None) -> bytes:
    """A minimal, valid PDF whose pages show the given lines in Helvetica (a real text layer).

    Written by hand (objects, content streams, xref table with exact byte offsets) because pypdf can
    copy and encrypt PDFs but cannot lay out text.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree number is known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for lines in pages:
        commands = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            commands.append(f"({_escape_pdf_text(line)}) Tj T*")
        commands.append("ET")
        stream = "\n".join(commands).encode("cp1252")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_obj, content, font)
            )
        )
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    info_id = None
    if info:
        entries = b" ".join(
            b"/%s (%s)" % (key.encode(), _escape_pdf_text(value).encode("latin-1"))
            for key, value in info.items()
        )
        info_id = add(b"<< " + entries + b" >>")

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """The same PDF, encrypted with RC4 (which pypdf handles without optional crypto libraries)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(page_count: int) -> bytes:
    """A PDF with many empty pages (for the page limit)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(page_count):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    paragraphs: list[str],
    *,
    table: list[list[str]] | None = None,
    title: str | None = None,
    author: str | None = None,
    created: datetime.datetime | None = None,
) -> bytes:
    """A .docx written by python-docx, with optional table and core properties."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row_index, row in enumerate(table):
            for col_index, value in enumerate(row):
                grid.cell(row_index, col_index).text = value
    document.add_paragraph("The closing paragraph comes after the table.")
    properties = document.core_properties
    properties.title = title or ""
    properties.author = author or ""
    if created:
        properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def empty_docx() -> bytes:
    """A valid .docx with no paragraphs at all."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    """A deflated ZIP archive with the given members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bomb(uncompressed_bytes: int) -> bytes:
    """A real .docx with an extra member of zeros that inflates to ``uncompressed_bytes``."""
    base = make_docx(["A short paragraph."])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/media/padding.bin", "w") as padding:
            chunk = b"\0" * (1024 * 1024)
            remaining = uncompressed_bytes
            while remaining > 0:
                padding.write(chunk[: min(len(chunk), remaining)])
                remaining -= len(chunk)
    return out.getvalue()
