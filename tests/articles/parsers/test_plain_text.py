"""Plain text keeps the uploaded characters exactly, whatever the encoding."""

from __future__ import annotations

import datetime
import time

import pytest

from articles.parsers import TEXT_PLAIN, ParseError, parse_document

ARTICLE = (
    "Baltic ministers agree to share coastal radar data\n"
    "Published: 4 March 2025\n"
    "By Ingrid Solberg\n"
    "\n"
    "TALLINN, March 4 (Reuters) - Estonia, Latvia and Lithuania said on Tuesday they would pool radar\n"
    "feeds from their coasts, a step officials called “overdue”.\n"
    "Journalist Credibility: 85%\n"
)


def test_utf8_text_is_returned_exactly_with_metadata() -> None:
    document = parse_document(ARTICLE.encode("utf-8"), filename="radar.txt")
    assert document.text == ARTICLE
    assert document.content_type == TEXT_PLAIN
    assert document.encoding == "utf-8"
    assert document.title == "Baltic ministers agree to share coastal radar data"
    assert document.published == datetime.date(2025, 3, 4)
    assert document.author == "Ingrid Solberg"
    assert document.credibility == pytest.approx(0.85)


def test_offsets_in_parsed_text_match_the_original() -> None:
    document = parse_document(ARTICLE.encode("utf-8"))
    quote = "a step officials called “overdue”"
    assert document.text.index(quote) == ARTICLE.index(quote)


def test_utf8_bom_is_stripped_and_nothing_else() -> None:
    document = parse_document(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert document.text == ARTICLE
    assert document.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(codec: str) -> None:
    document = parse_document(ARTICLE.encode(codec))
    assert document.text == ARTICLE
    assert document.encoding.startswith("utf-16")


def test_cp1252_text_is_decoded_as_western() -> None:
    text = "Le ministre a promis 3 milliards d’euros – « une aide décisive » pour l’hiver à Genève.\n"
    document = parse_document(text.encode("cp1252"))
    assert document.text == text
    assert document.encoding == "cp1252"


def test_cyrillic_legacy_encoding_is_not_mistaken_for_western() -> None:
    text = "Министры стран Балтии договорились об обмене данными береговых радаров.\n" * 3
    document = parse_document(text.encode("cp1251"))
    assert document.text == text


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    good = "Ministers met in Kraków and Gdańsk to discuss the pledge.\n"
    data = good.encode("utf-8") + b"\xff\xfe broken tail\n"
    document = parse_document(data)
    assert document.text.startswith(good)
    assert "\ufffd" in document.text
    assert document.encoding == "utf-8"


def test_crlf_newlines_are_normalised() -> None:
    document = parse_document(b"First line\r\nSecond line\r\n")
    assert document.text == "First line\nSecond line\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", "   ".encode("utf-16")])
def test_empty_or_whitespace_files_are_refused(data: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(data)
    assert caught.value.code == "empty"
    assert caught.value.message == "This file is empty."


def test_file_over_the_limit_names_the_limit_in_megabytes() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(b"a" * (2 * 1024 * 1024 + 1), max_bytes=2 * 1024 * 1024)
    assert caught.value.code == "too_large"
    assert "2 MB" in caught.value.message


def test_text_with_many_control_characters_is_binary() -> None:
    data = b"Some words \x01\x02\x03\x04\x05\x06\x07\x08 more \x0e\x0f\x10\x11" * 40
    with pytest.raises(ParseError) as caught:
        parse_document(data)
    assert caught.value.code == "binary"


def test_plain_text_never_touches_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    trafilatura = pytest.importorskip("trafilatura")

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura is only for HTML")

    monkeypatch.setattr(trafilatura, "bare_extraction", fail)
    assert parse_document(ARTICLE.encode()).text == ARTICLE


def test_five_kilobytes_of_text_parse_quickly() -> None:
    paragraph = "The coalition said it would review the pledge at its next meeting in Brussels. "
    data = (ARTICLE + paragraph * 70).encode("utf-8")
    assert 5000 <= len(data) <= 7000
    parse_document(data)  # warm-up: regex compilation happens once per process
    start = time.perf_counter()
    for _ in range(20):
        parse_document(data)
    average = (time.perf_counter() - start) / 20
    assert average < 0.02  # typically ~1-2 ms; generous bound against slow CI machines


def test_parse_error_has_a_readable_default_message() -> None:
    error = ParseError("encrypted")
    assert error.code == "encrypted"
    assert error.message == str(error) == "This PDF is password-protected; upload an unlocked copy."
