"""Type detection looks at the bytes, never at the file name."""

from __future__ import annotations

import pytest

from articles.parsers import (
    APPLICATION_DOCX,
    APPLICATION_PDF,
    TEXT_HTML,
    TEXT_PLAIN,
    ParseError,
    detect_content_type,
    parse_document,
)
from tests.articles.parsers.builders import make_docx, make_pdf, make_zip

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_pdf([["Ministers met in Oslo."]]), APPLICATION_PDF),
        (make_docx(["Ministers met in Oslo."]), APPLICATION_DOCX),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", TEXT_HTML),
        (b"  \n<html lang='en'><head><title>T</title></head></html>", TEXT_HTML),
        (b"<p>A fragment of a page.</p>", TEXT_HTML),
        (b"Ministers met in Oslo on Tuesday.\n", TEXT_PLAIN),
        ("Les ministres se sont réunis à Genève.".encode("cp1252"), TEXT_PLAIN),
        ("Ministers met in Kyiv.".encode("utf-16"), TEXT_PLAIN),
        (b"The tag <p> is mentioned in the middle of this sentence.", TEXT_PLAIN),
    ],
)
def test_detects_supported_types_by_content(data: bytes, expected: str) -> None:
    assert detect_content_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        PNG_BYTES,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
        b"\x7fELF\x02\x01\x01\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        make_zip({"readme.txt": b"not a word file"}),
        make_zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}),
        bytes(range(256)) * 8,
    ],
    ids=["png", "jpeg", "exe", "elf", "ole2-doc", "plain-zip", "xlsx", "random-binary"],
)
def test_unsupported_content_is_none(data: bytes) -> None:
    assert detect_content_type(data) is None


def test_pdf_named_txt_is_still_parsed_as_pdf() -> None:
    pdf = make_pdf([["Norway pledged two field hospitals."]])
    document = parse_document(pdf, filename="article.txt")
    assert document.content_type == APPLICATION_PDF
    assert "Norway pledged two field hospitals." in document.text


def test_png_renamed_txt_is_refused_with_its_real_kind() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(PNG_BYTES, filename="article.txt")
    assert caught.value.code == "unsupported_type"
    assert "image (PNG)" in caught.value.message
    assert "article.txt" in caught.value.message


def test_zip_that_is_not_a_word_file_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(make_zip({"notes/a.txt": b"hello"}))
    assert caught.value.code == "unsupported_type"
    assert "ZIP archive" in caught.value.message


def test_unknown_binary_is_refused_as_not_text() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(bytes(range(256)) * 8)
    assert caught.value.code == "binary"
    assert caught.value.message.startswith("This file is not text")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 40,
        b"PK\x03\x04\xff\xff" + bytes(range(200)),
        b"PK\x05\x06" + b"\x00" * 18,
    ],
    ids=["zeros", "junk", "empty-central-directory"],
)
def test_damaged_zip_never_raises_from_detection(data: bytes) -> None:
    assert detect_content_type(data) is None


def test_truncated_word_file_is_still_recognised_as_word() -> None:
    data = make_docx(["Ministers met in Oslo."])
    assert detect_content_type(data[: len(data) // 2]) == APPLICATION_DOCX
