"""The read-only pages: who may see them, and what they show."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from tests.factories import ConditionFactory, EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@override_settings(ALLOW_ANONYMOUS_READ=True)
def test_anonymous_reading_can_be_allowed(anonymous_client):
    assert anonymous_client.get("/").status_code == 200


def test_home_shows_confirmed_pledges_only(analyst_client):
    confirmed = PledgeFactory(summary="A confirmed one")
    PledgeFactory(review_state="extracted")
    response = analyst_client.get("/")
    assert response.status_code == 200
    assert f"#{confirmed.pk}" in response.content.decode()
    assert response.context["awaiting_review"] == 1


def test_pledge_detail_shows_conditions_and_sources(analyst_client):
    condition = ConditionFactory(text="after a ceasefire is signed")
    evidence = EvidenceFactory(pledge=condition.pledge)
    body = analyst_client.get(condition.pledge.get_absolute_url()).content.decode()
    assert "after a ceasefire is signed" in body
    assert evidence.quote in body
    assert evidence.article.get_absolute_url() in body


def test_article_text_is_escaped(analyst_client):
    evidence = EvidenceFactory(article__text="<script>alert(1)</script> France pledged.")
    body = analyst_client.get(evidence.article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    # The evidence span (characters 0-20) cuts the text into <mark>ed pieces; each stays escaped.
    unmarked = re.sub(r'</?mark[^>]*>|<span class="anchor"[^>]*></span>', "", body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unmarked


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
