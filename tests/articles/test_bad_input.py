"""Hostile and broken uploads, generated here: each ends with a clear message and no stored garbage.

Every case goes through the real path an upload takes (store → ingest) and must end either
`failed` with a sentence an editor understands, or `done` with text that is safe to show.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from articles import services
from articles.models import Article, EntityMention, Evidence
from pledges.models import Pledge
from tests.articles.parsers.builders import blank_pdf, docx_bomb, encrypt_pdf, make_docx, make_pdf, make_zip

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = (
    "Leaders meet in Paris\n\nPublished: 6 January 2026\n\n"
    "French President Emmanuel Macron said France would send several thousand soldiers to Ukraine.\n"
)


def ingest(data: bytes, name: str = "upload.txt") -> Article:
    stored = services.store_upload(data, original_name=name)
    return Article.objects.get(pk=stored.article.pk)


def assert_refused(article: Article, *words: str) -> None:
    assert article.state == "failed"
    message = article.error_message
    assert message and "Traceback" not in message and "Error(" not in message
    assert len(message) < 300
    for word in words:
        assert word.lower() in message.lower(), message
    assert not Evidence.objects.filter(article=article).exists()
    assert not EntityMention.objects.filter(article=article).exists()


def good_pdf() -> bytes:
    return make_pdf([["Leaders meet in Paris", "France would send soldiers to Ukraine, Macron said."]])


REFUSED = {
    "empty file": (b"", "upload.txt", "empty"),
    "only whitespace": (b" \n\t\n  ", "upload.txt", "empty"),
    "0-byte PDF": (b"", "report.pdf", "empty"),
    "PDF header only": (b"%PDF-1.7\n", "report.pdf", ""),
    "truncated PDF": (None, "report.pdf", ""),
    "encrypted PDF": (None, "secret.pdf", "password"),
    "PDF bomb (thousands of pages)": (None, "bomb.pdf", "pages"),
    "PDF without a text layer": (None, "scan.pdf", "text"),
    "DOCX zip bomb": (None, "bomb.docx", ""),
    "zip that is not a document": (None, "archive.docx", ""),
    "truncated DOCX": (None, "cut.docx", ""),
    "binary renamed .txt": (None, "notes.txt", "notes.txt"),
    "PNG renamed .txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.txt", "image"),
    "program renamed .txt": (b"\x7fELF\x02\x01\x01" + bytes(1024), "run.txt", "program"),
    "old Word document": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "old.doc", "office"),
    "HTML with nothing but scripts": (b"<html><body><script>alert(1)</script></body></html>", "x.html", ""),
    "a single 5 MB line": (b"word " * (1024 * 1024), "long.txt", "too long"),
    "text with NUL bytes": (GOOD.encode().replace(b" ", b"\x00", 3), "nul.txt", ""),
}


def build(case: str) -> bytes:
    data = REFUSED[case][0]
    if data is not None:
        return data
    if case == "truncated PDF":
        pdf = good_pdf()
        return pdf[: len(pdf) // 2]
    if case == "encrypted PDF":
        return encrypt_pdf(good_pdf(), user_password="s3cret")
    if case == "PDF bomb (thousands of pages)":
        return blank_pdf(3000)
    if case == "PDF without a text layer":
        return blank_pdf(2)
    if case == "DOCX zip bomb":
        return docx_bomb(200 * 1024 * 1024)
    if case == "zip that is not a document":
        return make_zip({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"})
    if case == "truncated DOCX":
        docx = make_docx(["France will send soldiers to Ukraine."])
        return docx[: len(docx) // 2]
    if case == "binary renamed .txt":
        return os.urandom(4096)
    raise AssertionError(case)


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_file_is_refused_with_a_clear_message(gazetteer, case):
    data, name, word = build(case), REFUSED[case][1], REFUSED[case][2]
    if not data:  # nothing to hash: refused before anything is stored
        with pytest.raises(services.UploadRefused, match="empty"):
            services.store_upload(data, original_name=name)
        assert not Article.objects.exists()
        return
    article = ingest(data, name)
    assert_refused(article, *([word] if word else []))


def test_file_over_the_size_limit_is_refused_before_storing(gazetteer, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(services.UploadRefused, match="MB limit"):
        services.store_upload(GOOD.encode() * 100, original_name="big.txt")
    assert not Article.objects.exists()


ACCEPTED = {
    "invalid UTF-8 bytes": GOOD.encode() + b"\xff\xfe broken \xc3\x28 bytes\n",
    "mixed encodings": GOOD.encode() + "Café in Zürich\n".encode("cp1252"),
    "UTF-16 with BOM": GOOD.encode("utf-16"),
    "right-to-left text": (
        GOOD + "وعدت فرنسا بإرسال جنود إلى أوكرانيا.\nצרפת הבטיחה לשלוח חיילים.\n"
    ).encode(),
    "emoji": (GOOD + "🇫🇷🤝🇺🇦 Pledge day! 🎉\n").encode(),
    "extremely long entity names": (
        GOOD + "US envoy " + " ".join(["Aaaaaaaaaaaaaaaaaaaa"] * 400) + " said nothing.\n"
    ).encode(),
    "a .txt that is really HTML": (
        b"<!doctype html><html><head><title>Paris talks</title></head><body><p>"
        + GOOD.encode()
        + b"</p></body></html>"
    ),
    "a PDF named .docx": None,
    "100,000 empty lines": (GOOD + "\n" * 100_000).encode(),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_odd_but_valid_input_is_ingested(gazetteer, case):
    data = ACCEPTED[case] if ACCEPTED[case] is not None else good_pdf()
    article = ingest(data, "odd.docx" if case == "a PDF named .docx" else "odd.txt")
    assert article.state == "done", article.error_message
    assert "France" in article.text
    for evidence in Evidence.objects.filter(article=article):
        assert article.text[evidence.start : evidence.end] == evidence.quote
    for name in article.leader_candidates.values_list("name", flat=True):
        assert len(name) <= 150


def test_html_markup_never_reaches_the_text(gazetteer):
    page = (
        b"<html><head><title>Talks</title><script>steal()</script></head><body>"
        b'<p onclick="evil()">France pledged troops to Ukraine, Macron said.</p>'
        b'<iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">click</a>'
        b"<style>p{}</style></body></html>"
    )
    article = ingest(page, "page.html")
    assert article.state == "done", article.error_message
    for fragment in ("steal()", "evil()", "<iframe", "javascript:", "<script", "p{}"):
        assert fragment not in article.text


def test_ten_thousand_pledges_worth_of_sentences(gazetteer):
    sentence = "France pledged {n} million euros to Ukraine on Tuesday.\n"
    text = "Many pledges\n\nPublished: 6 January 2026\n\n" + "".join(
        sentence.format(n=n) for n in range(1, 10_001)
    )
    article = ingest(text.encode(), "many.txt")
    assert article.state == "done", article.error_message
    pledges = Pledge.objects.filter(evidence__article=article)
    assert pledges.count() == 10_000
    assert pledges.filter(amount_unit="EUR").count() == 10_000


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system32\\evil.txt", "evil.txt"),
        ("\x00\x1b[31mred\x07.txt", "[31mred.txt"),
        ("   ...   ", "upload"),
    ],
)
def test_hostile_file_names_are_neutralised(gazetteer, settings, name, shown):
    article = ingest(GOOD.encode() + name.encode("utf-8", "replace"), name)
    assert article.original_name == shown
    assert article.file.name.startswith("articles/")
    assert os.path.realpath(article.file.path).startswith(os.path.realpath(settings.MEDIA_ROOT))


def test_duplicate_upload_racing_itself_yields_one_article(gazetteer):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    data = (GOOD + "\nrace\n").encode()
    results, barrier = [], threading.Barrier(2)

    def upload():
        barrier.wait()
        try:
            results.append(services.store_upload(data, original_name="race.txt"))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Article.objects.filter(sha256=services.sha256_of(data)).count() == 1
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.article.pk for r in results}) == 1
