"""The read-only JSON API: permissions, filters, pagination, changed_since, detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from pledges.models import Pledge
from tests.factories import PledgeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_json_not_a_redirect(anonymous_client, sample):
    response = anonymous_client.get("/api/pledges/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["login_url"] == "/accounts/login/"
    assert "WWW-Authenticate" in response
    assert anonymous_client.get(f"/api/pledges/{sample['tanks'].pk}/").status_code == 401


def test_user_without_permission_gets_403(client, sample):
    client.force_login(UserFactory(username="nobody"))
    response = client.get("/api/pledges/")
    assert response.status_code == 403
    assert "permission" in response.json()["detail"]


@override_settings(ALLOW_ANONYMOUS_READ=True)
def test_anonymous_reading_when_allowed(anonymous_client, sample):
    assert anonymous_client.get("/api/pledges/").status_code == 200


def test_analyst_gets_the_visible_list(analyst_client, sample):
    data = analyst_client.get("/api/pledges/").json()
    assert data["count"] == 4
    ids = [r["id"] for r in data["results"]]
    assert ids == [sample[k].pk for k in ("restated", "tanks", "money", "org")]  # newest first
    assert all(r["updated_at"] for r in data["results"])
    assert data["next"] is None and data["previous"] is None


def test_filters_are_the_pages_filters(analyst_client, sample):
    data = analyst_client.get(
        "/api/pledges/", {"member": "DE", "category": "financial", "sort": "date"}
    ).json()
    assert [r["id"] for r in data["results"]] == [sample["money"].pk, sample["restated"].pk]
    assert data["results"][1]["restates"] == sample["money"].pk
    data = analyst_client.get("/api/pledges/", {"coalition": "coalition-of-the-willing"}).json()
    assert [r["id"] for r in data["results"]] == [sample["org"].pk]
    bad = analyst_client.get("/api/pledges/", {"category": "cooking"})
    assert bad.status_code == 400
    assert "category" in bad.json()["errors"]


def test_pagination_links_and_limits(analyst_client, db):
    PledgeFactory.create_batch(7)
    first = analyst_client.get("/api/pledges/", {"page_size": 3, "category": "military"}).json()
    assert first["count"] == 7 and first["page"] == 1 and len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/pledges/?page_size=3&category=military&page=2"
    seen = [r["id"] for r in first["results"]]
    url = first["next"]
    while url:
        page = analyst_client.get(url).json()
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert page["page"] == 3 and len(page["results"]) == 1
    assert page["previous"].endswith("page=2")
    assert sorted(seen) == sorted(Pledge.objects.values_list("id", flat=True))  # no overlap, no gap
    assert analyst_client.get("/api/pledges/", {"page": 4, "page_size": 3}).status_code == 404
    assert analyst_client.get("/api/pledges/", {"page_size": 501}).status_code == 400
    assert analyst_client.get("/api/pledges/", {"page": "x"}).status_code == 400
    assert analyst_client.get("/api/pledges/", {"page_size": 500}).status_code == 200


def test_pages_are_stable_when_the_sort_has_ties(analyst_client, db):
    PledgeFactory.create_batch(6, category="financial", announced_on=dt.date(2026, 1, 1))
    ids = []
    for page in (1, 2, 3):
        data = analyst_client.get("/api/pledges/", {"sort": "category", "page_size": 2, "page": page}).json()
        ids += [r["id"] for r in data["results"]]
    assert sorted(ids) == sorted(Pledge.objects.values_list("id", flat=True))


def test_changed_since_picks_up_corrections(analyst_client, sample):
    cutoff = timezone.now()
    Pledge.objects.filter(pk=sample["money"].pk).update(updated_at=cutoff - dt.timedelta(days=1))
    Pledge.objects.exclude(pk=sample["money"].pk).update(updated_at=cutoff - dt.timedelta(days=2))
    corrected = sample["tanks"]
    corrected.status = "delivered"
    corrected.save()
    rejected = sample["org"]
    rejected.review_state = "rejected"
    rejected.save()
    data = analyst_client.get("/api/pledges/", {"changed_since": cutoff.isoformat()}).json()
    assert [r["id"] for r in data["results"]] == [corrected.pk]
    assert data["results"][0]["status"] == "delivered"
    assert data["rejected_since"] == [rejected.pk]
    older = analyst_client.get(
        "/api/pledges/", {"changed_since": (cutoff - dt.timedelta(hours=36)).isoformat()}
    ).json()
    assert {r["id"] for r in older["results"]} == {corrected.pk, sample["money"].pk}
    assert "rejected_since" not in analyst_client.get("/api/pledges/").json()


def test_detail_has_conditions_and_evidence(analyst_client, sample):
    tanks = sample["tanks"]
    data = analyst_client.get(f"/api/pledges/{tanks.pk}/").json()
    assert data["id"] == tanks.pk
    assert data["conditions"] == [
        {"kind": "ceasefire", "state": "pending", "text": "once a ceasefire holds"},
        {"kind": "approval", "state": "met", "text": "if parliament approves"},
    ]
    assert len(data["evidence"]) == 3
    first = data["evidence"][0]
    assert first["article"]["source_url"] == "https://news.example/fr-tanks"
    assert first["article"]["url"] == f"http://testserver/articles/{sample['article'].pk}/"
    assert {"quote", "start", "end"} <= set(first)
    assert data["updated_at"]
    money = analyst_client.get(f"/api/pledges/{sample['money'].pk}/").json()
    assert money["restatements"] == [sample["restated"].pk]
    assert analyst_client.get("/api/pledges/999999/").status_code == 404


def test_list_query_count_is_constant(analyst_client, django_assert_max_num_queries, db):
    PledgeFactory.create_batch(40)
    with django_assert_max_num_queries(6):
        analyst_client.get("/api/pledges/", {"page_size": 40})


def test_docs_page(client):
    response = client.get("/api/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "changed_since" in body and "/api/pledges/" in body
