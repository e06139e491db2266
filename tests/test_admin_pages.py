"""Every model's admin changelist and change page render, with a query count that does not grow per row."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, EntityMention, Evidence, LeaderCandidate, OrganisationCandidate
from pledges.models import (
    ApiToken,
    Condition,
    Country,
    CountryAlias,
    ExchangeRate,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Pledge,
)
from tests import factories as f

FACTORIES = {
    Country: f.CountryFactory,
    CountryAlias: f.CountryAliasFactory,
    Organisation: f.OrganisationFactory,
    OrganisationAlias: f.OrganisationAliasFactory,
    Membership: f.MembershipFactory,
    Leader: f.LeaderFactory,
    LeaderAlias: f.LeaderAliasFactory,
    Office: f.OfficeFactory,
    Pledge: f.PledgeFactory,
    Condition: f.ConditionFactory,
    ExchangeRate: None,
    Article: f.ArticleFactory,
    Evidence: f.EvidenceFactory,
    EntityMention: f.EntityMentionFactory,
    LeaderCandidate: f.LeaderCandidateFactory,
    OrganisationCandidate: f.OrganisationCandidateFactory,
    ApiToken: f.ApiTokenFactory,
}
MAX_CHANGELIST_QUERIES = 12


def make_rows(model, n: int) -> list:
    if model is ExchangeRate:
        start = ExchangeRate.objects.count()
        return [
            f.ExchangeRateFactory(month=f"20{10 + (start + i) // 12}-{(start + i) % 12 + 1:02d}-01")
            for i in range(n)
        ]
    return [FACTORIES[model]() for _ in range(n)]


def test_every_domain_model_is_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label in ("pledges", "articles")}
    assert registered == set(FACTORIES)


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    make_rows(model, 2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    make_rows(model, 6)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= MAX_CHANGELIST_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m.__name__)
def test_change_and_history_pages_render(admin_client, model):
    obj = make_rows(model, 1)[0]
    meta = model._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.get(history).status_code == 200


@pytest.mark.django_db
def test_admin_search_finds_a_leader_by_alias(admin_client):
    alias = f.LeaderAliasFactory(name="Zelensky")
    response = admin_client.get(reverse("admin:pledges_leader_changelist"), {"q": "zelensky"})
    assert alias.leader.name in response.content.decode()
