"""Login throttling, session safety, security headers and uploads that are never served inline."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "someone", "password": password})


def test_repeated_failed_logins_are_locked_out(settings):
    UserFactory(username="someone", password="the-right-password")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200
    locked = login(client, "wrong")
    assert locked.status_code == 429
    # Even the right password is refused while locked.
    assert login(client, "the-right-password").status_code == 429


def test_successful_login_works_and_resets(settings):
    UserFactory(username="someone", password="the-right-password")
    client = Client()
    login(client, "wrong")
    response = login(client, "the-right-password")
    assert response.status_code == 302


def test_password_change_logs_out_other_sessions(roles):
    user = UserFactory(username="analyst2")
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get("/healthz").status_code == 200
    user.set_password("a-brand-new-password")
    user.save()
    response = elsewhere.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_pages_carry_a_content_security_policy_with_a_nonce(analyst_client):
    response = analyst_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "object-src 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE <= 24 * 60 * 60


def test_original_upload_is_served_only_as_an_attachment(
    analyst_client, anonymous_client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tests.factories import ArticleFactory

    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(original_name="evil.html")
    article.file.save("upload", ContentFile(b"<script>alert(1)</script>"), save=True)
    url = f"/articles/{article.pk}/file/"
    response = analyst_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="evil.html"')
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
    assert anonymous_client.get(url).status_code == 302
    assert anonymous_client.get(f"/media/{article.file.name}").status_code == 404
