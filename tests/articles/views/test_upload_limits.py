"""Limits Django enforces while it parses an upload answer with the form's own message, naming the field
(and the file) — not a bare "Bad Request (400)" — and store nothing. CSRF stays enforced.

Each request is sent as a browser sends the form: multipart, the CSRF token first, CSRF checks on.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.articles.helpers import ARTICLE

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:upload")


@pytest.fixture
def browser(editor) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser session, and the token from the upload page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(UPLOAD).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client, token


def post(browser, **data):
    client, token = browser
    return client.post(UPLOAD, {"csrfmiddlewaretoken": token, **data})


def field_errors(response, field: str) -> str:
    """The text of the error list the form renders for `field` (or the form's own errors)."""
    body = response.content.decode()
    if field == "__all__":
        match = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', body, re.S)
    else:
        match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', body, re.S)
    assert match, f"no errors shown for {field}"
    return re.sub(r"<[^>]+>", "", match.group(1))


def small(i: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"article-{i}.txt", ARTICLE.encode() + str(i).encode())


def test_too_many_files_are_refused_by_the_form(browser, media):
    response = post(browser, files=[small(i) for i in range(101)])
    assert response.status_code == 200
    assert "Upload at most 50 files at a time" in field_errors(response, "files")
    assert Article.objects.count() == 0


def raw_multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A body as a browser writes it; Django's test client would shorten long file names itself."""
    boundary = "----pledgewatch-test-boundary"
    body = b""
    for field, filename, data in parts:
        disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        body += b"Content-Type: text/plain\r\n" if filename else b""
        body += b"\r\n" + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_8000_character_file_name_is_named_in_the_message(browser, media):
    client, token = browser
    name = "a" * 7996 + ".txt"
    body, content_type = raw_multipart(
        [
            ("csrfmiddlewaretoken", None, token.encode()),
            ("files", "fine.txt", ARTICLE.encode()),
            ("files", name, ARTICLE.encode() + b"!"),
        ]
    )
    response = client.post(UPLOAD, body, content_type=content_type)
    assert response.status_code == 200
    errors = field_errors(response, "files")
    assert "“aaaaaaaa" in errors and "aaa.txt”" in errors and "8,000 characters" in errors
    assert Article.objects.count() == 0


def test_pasted_text_over_the_limit_is_refused_by_the_form(browser, media, settings):
    text = "Paris pledged support. " * (11 * 1024 * 1024 // 23 + 1000)  # over 11 MB
    response = post(browser, text=text, title="Too long")
    assert response.status_code == 200
    assert "The pasted text is larger than the limit of 10.0\xa0MB" in field_errors(response, "text")
    assert Article.objects.count() == 0


def test_a_request_over_the_size_limit_is_refused_unread(browser, media, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 64 * 1024
    files = [SimpleUploadedFile(f"big-{i}.txt", ARTICLE.encode() * 40 + bytes([65 + i])) for i in range(12)]
    response = post(browser, files=files)
    assert response.status_code == 200
    errors = field_errors(response, "files")
    assert "in all; one upload may carry at most 64.0\xa0KB" in errors
    assert Article.objects.count() == 0


def test_csrf_is_still_enforced_on_refused_uploads(browser, media):
    client, _ = browser
    response = client.post(UPLOAD, {"files": [small(i) for i in range(101)]})
    assert response.status_code == 403
    response = client.post(UPLOAD, {"csrfmiddlewaretoken": "x" * 64, "files": [small(i) for i in range(101)]})
    assert response.status_code == 403


def test_uploads_within_the_limits_are_unaffected(browser, media):
    response = post(browser, files=[small(1), small(2)])
    assert response.status_code == 302
    assert Article.objects.count() == 2
