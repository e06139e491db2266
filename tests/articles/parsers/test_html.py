"""HTML pages: main text without scripts or menus, metadata from meta tags first."""

from __future__ import annotations

import datetime

import pytest

from articles.parsers import TEXT_HTML, ParseError, parse_document

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>Winter fuel for Moldova | Northern Courier</title>
<meta property="og:title" content="Nordic states promise winter fuel for Moldova">
<meta property="og:site_name" content="Northern Courier Media Group Ltd">
<meta property="article:published_time" content="2025-03-04T08:30:00+01:00">
<meta name="author" content="Astrid Berg">
<link rel="canonical" href="https://courier.example.org/world/moldova-fuel">
<script>window.secretTracker = "SCRIPT-CONTENT-MUST-NOT-APPEAR";</script>
<style>.headline {{ color: red }} /* STYLE-CONTENT-MUST-NOT-APPEAR */</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Nordic states promise winter fuel for Moldova</h1>
<p>Sweden, Finland and Norway said on Tuesday that they would pay for emergency deliveries of heating fuel
to Moldova before the end of the month, after a meeting of their foreign ministers in Stockholm.</p>
<p>The three governments will share the cost equally, according to a joint statement, and the first tankers
are expected to cross the border from Romania within {weeks} weeks.</p>
<p>Officials in Chișinău welcomed the decision but said more help would be needed if the cold persists.</p>
</article>
<footer>© 2025 Northern Courier. Journalist Credibility: 80%</footer>
</body></html>"""


def page(charset: str = "utf-8", weeks: str = "two") -> str:
    return PAGE.format(charset=charset, weeks=weeks)


def test_html_page_gives_main_text_and_meta_tag_metadata() -> None:
    document = parse_document(page().encode("utf-8"), filename="fuel.html")
    assert document.content_type == TEXT_HTML
    assert "heating fuel" in document.text
    assert "Officials in Chișinău welcomed the decision" in document.text
    assert "SCRIPT-CONTENT" not in document.text
    assert "STYLE-CONTENT" not in document.text
    assert "Sport" not in document.text
    assert document.title == "Nordic states promise winter fuel for Moldova"
    assert document.published == datetime.date(2025, 3, 4)
    assert document.publisher == "Northern Courier"
    assert document.author == "Astrid Berg"
    assert document.source_url == "https://courier.example.org/world/moldova-fuel"
    assert document.encoding == "utf-8"


def test_paragraphs_stay_on_separate_lines() -> None:
    document = parse_document(page().encode("utf-8"))
    lines = [line for line in document.text.split("\n") if line.strip()]
    assert any(line.startswith("Sweden, Finland and Norway") for line in lines)
    assert any(line.startswith("Officials in") for line in lines)


def test_declared_windows_1252_page_is_decoded_with_its_charset() -> None:
    html = page(charset="windows-1252").replace("Chișinău", "Genève")
    document = parse_document(html.encode("cp1252"))
    assert "Officials in Genève welcomed" in document.text
    assert document.encoding == "cp1252"


def test_page_without_meta_tags_uses_text_metadata() -> None:
    html = (
        "<html><body><article><h1>Allies agree on a shared drone registry</h1>"
        "<p>Posted on 2024-11-20</p>"
        "<p>Defence ministers from twelve countries agreed on Wednesday to keep a common register of "
        "military drones supplied to partners, a measure meant to speed up repairs and avoid duplication.</p>"
        "<p>The register will be hosted by the agency in Brussels and reviewed every quarter, officials said "
        "after the meeting, adding that participation remains voluntary.</p>"
        "</article></body></html>"
    )
    document = parse_document(html.encode())
    assert "common register of military drones" in document.text
    assert document.published == datetime.date(2024, 11, 20)


def test_stdlib_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    html = (
        "<html><head><title>Fallback page</title><script>var hidden = 'SCRIPT';</script></head>"
        "<body><h1>A short note</h1><p>The summit was postponed.</p><style>p{}</style></body></html>"
    )
    document = parse_document(html.encode())
    assert document.text == "A short note\n\nThe summit was postponed."
    assert document.title == "Fallback page"


def test_page_with_only_scripts_has_no_text() -> None:
    with pytest.raises(ParseError) as caught:
        parse_document(b"<html><body><script>document.write('x')</script></body></html>")
    assert caught.value.code == "no_text"


def test_library_failure_becomes_a_corrupt_file_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lxml blew up")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    with pytest.raises(ParseError) as caught:
        parse_document(page().encode())
    assert caught.value.code == "corrupt"
    assert caught.value.message == "We could not read this HTML file: it looks damaged."
