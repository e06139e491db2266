"""PDF uploads: text layer and info dictionary; clear refusals for files we cannot use."""

from __future__ import annotations

import datetime

import pytest

from articles.parsers import APPLICATION_PDF, ParseError, parse_document
from tests.articles.parsers.builders import blank_pdf, encrypt_pdf, make_pdf

PAGES = [
    [
        "Allies agree to fund a second field hospital",
        "Published: 12 May 2025",
        "By Tomasz Zielinski",
        "Five governments agreed on Monday to pay for a second field hospital.",
    ],
    ["The hospital will open in the autumn (if the site is ready)."],
]


def test_pdf_text_from_every_page_and_text_metadata() -> None:
    document = parse_document(make_pdf(PAGES))
    assert document.content_type == APPLICATION_PDF
    assert "Five governments agreed on Monday" in document.text
    assert "The hospital will open in the autumn (if the site is ready)." in document.text
    assert document.text.index("Five governments") < document.text.index("The hospital will open")
    assert document.title == "Allies agree to fund a second field hospital"
    assert document.published == datetime.date(2025, 5, 12)
    assert document.author == "Tomasz Zielinski"
    assert document.encoding is None


def test_info_dictionary_fills_what_the_text_does_not_say() -> None:
    pdf = make_pdf(
        [["Five governments agreed on Monday to pay for a second field hospital."]],
        info={
            "Title": "Field hospital funding agreed",
            "Author": "Marta Kowalczyk",
            "CreationDate": "D:20250512093000Z",
        },
    )
    document = parse_document(pdf)
    assert document.title == "Field hospital funding agreed"
    assert document.author == "Marta Kowalczyk"
    assert document.published == datetime.date(2025, 5, 12)


def test_tool_generated_info_title_is_ignored() -> None:
    pdf = make_pdf([["Short body text that ends here."]], info={"Title": "Microsoft Word - draft3.docx"})
    assert parse_document(pdf).title is None


def test_pdf_with_empty_user_password_opens() -> None:
    document = parse_document(encrypt_pdf(make_pdf(PAGES), user_password=""))
    assert "Five governments agreed on Monday" in document.text


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(encrypt_pdf(make_pdf(PAGES), user_password="s3cret"))
    assert caught.value.code == "encrypted"
    assert caught.value.message == "This PDF is password-protected; upload an unlocked copy."


def test_truncated_pdf_is_refused() -> None:
    pdf = make_pdf(PAGES)
    with pytest.raises(ParseError) as caught:
        parse_document(pdf[: len(pdf) // 2])
    assert caught.value.code == "corrupt"
    assert "PDF" in caught.value.message


def test_garbage_after_pdf_header_is_corrupt() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(b"%PDF-1.7\nthis is not really a pdf at all\n%%EOF\n")
    assert caught.value.code == "corrupt"
    assert caught.value.message == "We could not read this PDF file: it looks damaged."


def test_too_many_pages_is_refused_before_extracting() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(blank_pdf(6), max_pages=5)
    assert caught.value.code == "too_many_pages"
    assert "6 pages" in caught.value.message
    assert "limit is 5" in caught.value.message


def test_pdf_without_text_layer_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(blank_pdf(2))
    assert caught.value.code == "no_text"
    assert caught.value.message == "This PDF has no text layer (scanned?); upload a text version."
