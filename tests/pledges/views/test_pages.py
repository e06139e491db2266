"""Overview, country, leader, organisation and methodology pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import override_settings

from pledges import views
from tests.factories import (
    ArticleFactory,
    LeaderFactory,
    MembershipFactory,
    OfficeFactory,
    PledgeFactory,
)
from tests.pledges.views.helpers import add_pledges, coalition, queries

pytestmark = pytest.mark.django_db

HOME_QUERIES = 10  # session, user, 2× perms, figures, articles, awaiting, latest, conditions, coalitions


def test_home_headline_figures_count_restatements_once(analyst_client):
    _, members = coalition(2)
    made = add_pledges(members, 6)
    PledgeFactory(restates=made[0], actor_country=members[0])
    PledgeFactory(review_state="extracted")
    ArticleFactory(state="failed")
    response = analyst_client.get("/")
    ctx = response.context
    assert ctx["total"] == 6
    assert {row["key"]: row["n"] for row in ctx["by_category"]["rows"]} == {
        "military": 2,
        "financial": 2,
        "humanitarian": 2,
    }
    assert (ctx["conditional"], ctx["unconditional"]) == (2, 4)
    assert ctx["articles_processed"] == 6  # every add_pledges source is a processed article
    assert ctx["awaiting_review"] == 1
    body = response.content.decode()
    assert 'role="img"' in body and "<title>Military: 2</title>" in body
    assert "/coalitions/test-coalition/" in body


def test_home_query_count_is_constant(analyst_client):
    _, members = coalition(2)
    add_pledges(members, 3)
    few = queries(analyst_client, "/")
    add_pledges(members, 40)
    assert few == queries(analyst_client, "/") == HOME_QUERIES


def test_country_page(analyst_client):
    org, members = coalition(1)
    country = members[0]
    add_pledges([country], 3)
    LeaderFactory(country=country, name="Ada Leader")
    body = analyst_client.get(f"/countries/{country.code.lower()}/").content.decode()
    assert "Pledges made" in body and "Pledges received" in body
    assert "Ada Leader" in body
    assert f"/coalitions/{org.slug}/" in body
    assert f"?member={country.code}" in body
    assert 'id="totals"' in body


def test_country_query_count_is_constant(analyst_client):
    _, members = coalition(2)
    country = members[0]
    add_pledges([country], 2)
    OfficeFactory(leader=LeaderFactory(country=country))
    few = queries(analyst_client, f"/countries/{country.code}/")
    add_pledges([country], 40)
    for _ in range(3):
        OfficeFactory(leader=LeaderFactory(country=country))
    assert few == queries(analyst_client, f"/countries/{country.code}/")
    assert few <= 14


def test_leader_page_offices_and_pledges(analyst_client):
    office = OfficeFactory(title="Prime Minister", start=dt.date(2024, 7, 5))
    pledge = PledgeFactory(announced_by=office.leader, summary="Pledged long-range missiles")
    body = analyst_client.get(office.leader.get_absolute_url()).content.decode()
    assert "Prime Minister" in body and "5 Jul 2024" in body
    assert f"#{pledge.pk}" in body and "Pledged long-range missiles" in body


def test_organisation_page_members_over_time(analyst_client):
    org, _ = coalition(2)
    MembershipFactory(organisation=org, joined=dt.date(2025, 9, 4), left=dt.date(2026, 1, 10))
    add_pledges([org], 2)
    response = analyst_client.get(f"/organisations/{org.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Members over time" in body and 'class="period"' in body
    assert "joined 4 Sep 2025" in body
    assert f"/coalitions/{org.slug}/" in body


def test_methodology_shows_scores_or_not_yet_measured(analyst_client, tmp_path, monkeypatch):
    monkeypatch.setattr(views, "SCORES_FILE", tmp_path / "missing.json")
    body = analyst_client.get("/methodology/").content.decode()
    assert "Not yet measured" in body and "What counts as a pledge" in body and "Reciprocity" in body
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"pledge_f1": 0.734, "entity_f1": 0.9, "note": "x"}))
    monkeypatch.setattr(views, "SCORES_FILE", scores)
    body = analyst_client.get("/methodology/").content.decode()
    assert "Not yet measured" not in body
    assert "Pledges found (F1)" in body and "0.73" in body


def test_methodology_shows_tuning_kfold_and_frozen_apart(analyst_client, tmp_path, monkeypatch):
    scores = tmp_path / "scores.json"
    scores.write_text(
        json.dumps(
            {
                "extractor_version": "rules-9",
                "figures": {
                    "tuning": {"pledge_f1": 0.81},
                    "frozen": {"pledge_f1": 0.52},
                    "folds": {"pooled": {"pledge_f1": 0.67}},
                },
                "parser": {"ewt-test": {"sentences": 2077, "upos": 0.9412, "uas": 0.8351, "las": 0.7965}},
            }
        )
    )
    monkeypatch.setattr(views, "SCORES_FILE", scores)
    (row,) = views.extraction_scores(scores)
    assert (row["tuning"], row["kfold"], row["frozen"]) == ("0.81", "0.67", "0.52")
    body = analyst_client.get("/methodology/").content.decode()
    assert "K-fold" in body and "Frozen" in body and "0.52" in body
    assert "ewt-test" in body and "0.835" in body


def test_methodology_survives_a_broken_scores_file(tmp_path):
    broken = tmp_path / "scores.json"
    broken.write_text("{not json")
    assert views.extraction_scores(broken) == []
    broken.write_text("[1, 2]")
    assert views.extraction_scores(broken) == []


@pytest.mark.parametrize(
    "path", ["/", "/pledges/", "/methodology/", "/countries/fr/", "/organisations/x/", "/leaders/x/"]
)
def test_every_page_needs_a_login(anonymous_client, path):
    response = anonymous_client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@override_settings(ALLOW_ANONYMOUS_READ=True)
def test_anonymous_read_when_allowed(anonymous_client):
    org, members = coalition(1)
    add_pledges(members, 2)
    for path in ("/", "/pledges/", "/methodology/", f"/coalitions/{org.slug}/"):
        assert anonymous_client.get(path).status_code == 200
