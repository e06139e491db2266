"""Recognise an upload by its bytes and decode text, because file names and browsers' MIME types lie."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .base import APPLICATION_DOCX, APPLICATION_PDF, TEXT_HTML, TEXT_PLAIN

# Signatures of formats we recognise only to refuse them with a clear message.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"BM", "an image (BMP)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office file (.doc/.xls/.ppt)"),
    (b"\x1f\x8b", "a compressed archive (gzip)"),
    (b"BZh", "a compressed archive (bzip2)"),
    (b"\xfd7zXZ\x00", "a compressed archive (xz)"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed archive (7z)"),
    (b"Rar!\x1a\x07", "a compressed archive (RAR)"),
    (b"{\\rtf", "an RTF document"),
    (b"OggS", "an audio file"),
    (b"fLaC", "an audio file"),
    (b"ID3", "an audio file"),
    (b"\x1a\x45\xdf\xa3", "a video file"),
    (b"%!PS", "a PostScript file"),
    (b"wOFF", "a font file"),
    (b"SQLite format 3\x00", "a database file"),
)

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# WHATWG MIME sniffing: an HTML document starts (after whitespace) with one of these tags.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|meta|link"
    r"|article|section|header|nav|main|!--)(?=[\s>/])",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Control characters that do not occur in text (tab, newlines, form feed and escape are tolerated).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.01
_MAX_REPLACEMENT_RATIO = 0.05  # a few broken bytes are tolerated (and shown as U+FFFD)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and the codec that did it (a Python codec name)."""

    text: str
    encoding: str


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are; ``decoded`` is filled for text and HTML so nobody decodes twice."""

    content_type: str | None
    decoded: Decoded | None = None
    description: str | None = None  # for refusals: "an image (PNG)", "a ZIP archive", ...


def detect_content_type(data: bytes) -> str | None:
    """Content type judged from the bytes alone; None for anything we do not accept."""
    return sniff(data).content_type


def sniff(data: bytes) -> Sniffed:
    """Classify the bytes (and decode them when they are text) without trusting any file name."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head:
        return Sniffed(APPLICATION_PDF)
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data)
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        for magic, description in _KNOWN_BINARY:
            if data.startswith(magic):
                return Sniffed(None, description=description)
        if data[8:12] in (b"WEBP", b"AVI ", b"WAVE") and data.startswith(b"RIFF"):
            return Sniffed(None, description="an image or media file")
        if data[4:12] in (b"ftypisom", b"ftypmp42", b"ftypheic", b"ftypavif", b"ftypM4A "):
            return Sniffed(None, description="an image or media file")
    decoded = decode_text(data)
    if decoded is None:
        return Sniffed(None, description="binary data")
    if looks_like_html(decoded.text):
        return Sniffed(TEXT_HTML, decoded=decoded)
    return Sniffed(TEXT_PLAIN, decoded=decoded)


def looks_like_html(text: str) -> bool:
    """Markup sniffing on the start of the document, as browsers do."""
    start = text[:1024].lstrip("\ufeff \t\r\n")
    if start.startswith("<?xml"):
        return bool(re.search(r"<html[\s>]", start, re.IGNORECASE))
    return bool(_HTML_START.match(start) or _HTML_ANYWHERE.search(start))


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # zipfile raises many types on damaged archives (even NotImplementedError)
        # A truncated .docx has no central directory, but its local headers still name the parts.
        if b"word/document.xml" in data:
            return Sniffed(APPLICATION_DOCX)
        return Sniffed(None, description="a damaged ZIP archive")
    if "word/document.xml" in names:
        return Sniffed(APPLICATION_DOCX)
    if "xl/workbook.xml" in names:
        return Sniffed(None, description="an Excel spreadsheet")
    if "ppt/presentation.xml" in names:
        return Sniffed(None, description="a PowerPoint presentation")
    if "mimetype" in names and "content.xml" in names:
        return Sniffed(None, description="an OpenDocument file")
    return Sniffed(None, description="a ZIP archive")


def decode_text(data: bytes) -> Decoded | None:
    """Decode bytes that are text; None when they are binary.

    UTF-8 is tried first because it is by far the most common and cannot be confused with binary;
    BOMs decide UTF-16/32; otherwise a Western single-byte code page is preferred over
    charset-normalizer's guess for Latin text, whose guesses on short Western texts are unreliable.
    """
    decoded = _decode(data)
    if decoded is None or _too_many_controls(decoded.text):
        return None
    return decoded


def _decode(data: bytes) -> Decoded | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _try(data, "utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _try(data, "utf-16")
    if b"\x00" in data:
        return _decode_utf16_without_bom(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly-valid UTF-8 with a few broken bytes (a truncated copy, a stray byte): keep it UTF-8.
    valid_sequences = len(_UTF8_MULTIBYTE.findall(data))
    if valid_sequences:
        text = data.decode("utf-8", errors="replace")
        if valid_sequences >= text.count("\ufffd"):
            return Decoded(text, "utf-8")
    return _decode_legacy(data)


def _try(data: bytes, encoding: str) -> Decoded | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return Decoded(text.removeprefix("\ufeff"), encoding)


def _decode_utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM has a NUL in every other byte; anything else with NULs is binary."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.1:
        return _try(data, "utf-16-le")
    if even_nuls > 0.4 and odd_nuls < 0.1:
        return _try(data, "utf-16-be")
    return None


def _decode_legacy(data: bytes) -> Decoded | None:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausibly_western(western[:65536]):
        return Decoded(western, "cp1252")
    import charset_normalizer  # imported lazily: only legacy-encoded uploads need it

    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        return Decoded(str(best), best.encoding)
    if western is not None:
        return Decoded(western, "cp1252")
    return None


def _plausibly_western(text: str) -> bool:
    """Latin text has mostly ASCII letters; Cyrillic/Greek/... bytes read as cp1252 are mostly accented."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return non_ascii / len(letters) < 0.25


def _too_many_controls(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    if len(_CONTROL_CHARS.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO:
        return True
    return sample.count("\ufffd") / len(sample) > _MAX_REPLACEMENT_RATIO
