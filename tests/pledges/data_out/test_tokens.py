"""Per-user read-only API tokens (issue 13, part 4): made and revoked on the account page or in the
admin, stored hashed, accepted by the API, the exports and the feed, rate-limited, never logged."""

from __future__ import annotations

import hashlib
import logging
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pledges.models import ApiToken
from pledges.tokens import create_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def new_key(client: Client, name: str = "nightly sync") -> str:
    response = client.post("/account/", {"name": name})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    return re.search(r"data-new-key>(pw_[\w-]+)</code>", response.content.decode()).group(1)


def test_a_user_makes_a_token_on_the_account_page_and_it_is_stored_hashed(analyst_client, analyst):
    key = new_key(analyst_client)
    token = ApiToken.objects.get(user=analyst)
    assert token.name == "nightly sync" and token.prefix == key[:10]
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values().get())  # the key itself is nowhere in the row
    page = analyst_client.get("/account/").content.decode()
    assert key not in page and f"{key[:10]}…" in page  # shown once, then only its first characters


def test_the_api_exports_and_feed_accept_a_token_without_a_session(analyst_client, sample):
    key = new_key(analyst_client)
    machine = Client()  # no cookies
    response = machine.get("/api/pledges/", **bearer(key))
    assert response.status_code == 200 and response.json()["count"] == len(response.json()["results"]) > 0
    assert "Authorization" in response["Vary"]
    assert machine.get(f"/api/pledges/{sample['tanks'].pk}/", **bearer(key)).status_code == 200
    csv = machine.get("/pledges/export.csv?category=military", **bearer(key))
    assert csv.status_code == 200 and b"".join(csv.streaming_content).startswith(b"id,url")
    feed = machine.get("/pledges/feed/", **bearer(key))
    assert feed.status_code == 200 and b"<feed" in feed.content
    assert "sessionid" not in machine.cookies  # no session was opened


def test_last_use_is_recorded(analyst_client, sample):
    key = new_key(analyst_client)
    assert ApiToken.objects.get().last_used_at is None
    Client().get("/api/pledges/", **bearer(key))
    assert ApiToken.objects.get().last_used_at is not None


def test_tokens_do_not_open_the_html_pages_or_write(analyst_client, sample):
    key = new_key(analyst_client)
    machine = Client()
    assert machine.get("/pledges/", **bearer(key)).status_code == 302  # pages still need a login
    assert machine.get("/account/", **bearer(key)).status_code == 302  # nor can a token make tokens
    assert machine.post("/api/pledges/", **bearer(key)).status_code == 405


@pytest.mark.parametrize(
    "header",
    ["Bearer pw_notatoken", "Bearer ", "Basic dXNlcjpwdw==", "Token {key}", "Bearer {key}x"],
)
def test_bad_tokens_are_401_and_never_echoed(analyst_client, sample, header, caplog):
    key = new_key(analyst_client)
    sent = header.format(key=key)
    with caplog.at_level(logging.DEBUG):
        response = Client().get("/api/pledges/", HTTP_AUTHORIZATION=sent)
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"]
    assert key not in response.content.decode()
    assert all(key not in record.getMessage() for record in caplog.records)


def test_a_revoked_token_stops_working(analyst_client, sample):
    key = new_key(analyst_client)
    token = ApiToken.objects.get()
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 200
    response = analyst_client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 401
    assert "revoked" in analyst_client.get("/account/").content.decode()


def test_revoke_by_htmx_swaps_the_token_list(analyst_client):
    new_key(analyst_client)
    token = ApiToken.objects.get()
    response = analyst_client.post(f"/account/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<section id="tokens"')
    assert "<html" not in body


def test_nobody_revokes_someone_elses_token(analyst_client, editor):
    token, _ = create_token(editor, "editor's")
    assert analyst_client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.active
    assert editor.username not in analyst_client.get("/account/").content.decode()


def test_a_token_of_a_user_without_permission_reads_nothing(sample):
    _, key = create_token(UserFactory(username="nobody"), "x")
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 403


def test_a_token_of_a_deactivated_user_is_refused(analyst, sample):
    _, key = create_token(analyst, "x")
    analyst.is_active = False
    analyst.save()
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 401


def test_a_token_in_the_url_is_refused(analyst, sample):
    _, key = create_token(analyst, "x")
    for name in ("token", "api_key", "access_token"):
        response = Client().get(f"/api/pledges/?{name}={key}")
        assert response.status_code == 400 and "header" in response.json()["detail"]
        assert key not in response.content.decode()


def test_requests_per_token_are_limited(analyst, sample, settings):
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 3
    _, key = create_token(analyst, "x")
    _, other = create_token(analyst, "y")
    statuses = [Client().get("/api/pledges/", **bearer(key)).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    limited = Client().get("/pledges/export.csv", **bearer(key))
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    assert Client().get("/api/pledges/", **bearer(other)).status_code == 200  # per token


def test_an_admin_makes_a_token_for_a_user_in_the_admin_and_revokes_it(admin_client, analyst, sample):
    response = admin_client.post("/admin/pledges/apitoken/add/", {"user": analyst.pk, "name": "for Ana"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = re.search(r"data-new-key>(pw_[\w-]+)<", response.content.decode()).group(1)
    token = ApiToken.objects.get(user=analyst)
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 200
    assert analyst.username in admin_client.get("/admin/pledges/apitoken/").content.decode()
    admin_client.post(
        "/admin/pledges/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]}
    )
    assert Client().get("/api/pledges/", **bearer(key)).status_code == 401


def test_analysts_cannot_use_the_admin_for_tokens(analyst_client):
    assert analyst_client.get("/admin/pledges/apitoken/").status_code == 302


def test_query_count_of_a_token_request(analyst, sample):
    _, key = create_token(analyst, "x")
    client = Client()
    client.get("/api/pledges/?page_size=1", **bearer(key))  # last_used_at written
    with CaptureQueriesContext(connection) as few:
        client.get("/api/pledges/?page_size=1", **bearer(key))
    with CaptureQueriesContext(connection) as many:
        client.get("/api/pledges/?page_size=50", **bearer(key))
    # token with its user, 2× permissions, count, rows: no session, no write
    assert len(few) == len(many) == 5


def test_list_and_timeline_link_the_feed_and_the_api_with_their_filters(analyst_client, sample):
    body = analyst_client.get("/pledges/?category=military&page=1").content.decode()
    assert 'href="/pledges/feed/?category=military"' in body
    assert 'href="/api/pledges/?category=military"' in body and 'href="/api/"' in body
    body = analyst_client.get("/coalitions/coalition-of-the-willing/?category=military").content.decode()
    assert 'href="/pledges/feed/?category=military&amp;coalition=coalition-of-the-willing"' in body
    assert 'href="/api/pledges/?category=military&amp;coalition=coalition-of-the-willing"' in body


def test_the_api_docs_explain_tokens(client):
    body = client.get("/api/").content.decode()
    assert "Authorization: Bearer" in body and 'href="/account/"' in body
