"""Word (.docx) uploads: paragraphs and tables in order, core properties, zip-bomb guard."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from articles.parsers import APPLICATION_DOCX, ParseError, parse_document
from tests.articles.parsers.builders import docx_bomb, empty_docx, make_docx

PARAGRAPHS = [
    "Coalition members set out a timetable for demining",
    "Written by Helga Brandt",
    "Eleven countries agreed to clear farmland near the front line within two years.",
]


def test_docx_paragraphs_tables_and_text_metadata() -> None:
    data = make_docx(PARAGRAPHS, table=[["Country", "Teams"], ["Norway", "4"], ["Japan", "3"]])
    document = parse_document(data, filename="demining.docx")
    assert document.content_type == APPLICATION_DOCX
    lines = document.text.split("\n")
    assert lines[0] == "Coalition members set out a timetable for demining"
    assert "Country\tTeams" in lines
    assert "Norway\t4" in lines
    assert lines.index("Japan\t3") < lines.index("The closing paragraph comes after the table.")
    assert document.title == "Coalition members set out a timetable for demining"
    assert document.author == "Helga Brandt"


def test_core_properties_are_used() -> None:
    data = make_docx(
        ["Eleven countries agreed to clear farmland near the front line within two years."],
        title="Demining timetable agreed",
        author="Kenji Watanabe",
        created=datetime.datetime(2025, 6, 2, 9, 15),
    )
    document = parse_document(data)
    assert document.title == "Demining timetable agreed"
    assert document.author == "Kenji Watanabe"
    assert document.published == datetime.date(2025, 6, 2)


def test_date_stated_in_the_text_wins_over_file_creation() -> None:
    data = make_docx(
        ["Release date: 3 April 2025", "Eleven countries agreed to clear farmland."],
        created=datetime.datetime(2025, 6, 2, 9, 15),
    )
    assert parse_document(data).published == datetime.date(2025, 4, 3)


def test_zip_bomb_over_50_mb_uncompressed_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(docx_bomb(60 * 1024 * 1024))
    assert caught.value.code == "zip_bomb"
    assert "unreasonable size" in caught.value.message


def test_extreme_compression_ratio_is_refused() -> None:
    bomb = docx_bomb(20 * 1024 * 1024)  # under 50 MB, but about 1000:1
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(member.file_size for member in archive.infolist()) < 50 * 1024 * 1024
    with pytest.raises(ParseError) as caught:
        parse_document(bomb)
    assert caught.value.code == "zip_bomb"


def test_truncated_docx_is_reported_as_damaged_word_file() -> None:
    data = make_docx(PARAGRAPHS)
    with pytest.raises(ParseError) as caught:
        parse_document(data[: len(data) // 2])
    assert caught.value.code == "corrupt"
    assert caught.value.message == "We could not read this Word file: it looks damaged."


def test_docx_without_text_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(empty_docx())
    assert caught.value.code == "no_text"
    assert caught.value.message == "This Word file contains no text."
