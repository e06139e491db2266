"""Persisting organisation candidates: replaced on a re-run, decisions kept, known names never proposed."""

from __future__ import annotations

import pytest

from articles import services
from articles.gazetteer import get_extractor
from articles.models import Article, OrganisationCandidate
from articles.pipeline.persist import known_organisation_names
from pledges.models import Organisation, OrganisationAlias
from tests.articles.helpers import ingest
from tests.factories import OrganisationAliasFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Relief for the coast\n\nPublished: 3 March 2026\n\n"
    "France pledged 6 million euros to the Coastal Lifeline Fund. "
    "Britain later joined the Coastal Lifeline Fund and the Northern Ports Partnership.\n"
)


def rerun(article: Article, capture) -> Article:
    with capture(execute=True):
        services.requeue(Article.objects.filter(pk=article.pk))
    article.refresh_from_db()
    assert article.state == "done", article.error_message
    return article


def pending(article: Article) -> list[str]:
    return sorted(article.organisation_candidates.filter(state="pending").values_list("name", flat=True))


def test_one_pending_candidate_per_name_is_stored_and_counted(gazetteer, django_capture_on_commit_callbacks):
    article = ingest(TEXT, django_capture_on_commit_callbacks)
    assert pending(article) == ["Coastal Lifeline Fund", "Northern Ports Partnership"]
    fund = article.organisation_candidates.get(name="Coastal Lifeline Fund")
    assert fund.start == article.text.index("Coastal Lifeline Fund")  # its first mention
    assert article.organisation_candidates.get(name="Northern Ports Partnership").kind == "ad_hoc_coalition"
    assert article.timings["counts"]["organisation_candidates"] == 2


def test_a_rerun_replaces_pending_candidates_and_keeps_decided_names_decided(
    gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(TEXT, django_capture_on_commit_callbacks)
    before = set(article.organisation_candidates.values_list("pk", flat=True))
    article.organisation_candidates.filter(name="Northern Ports Partnership").update(state="dismissed")
    article = rerun(article, django_capture_on_commit_callbacks)
    assert pending(article) == ["Coastal Lifeline Fund"]
    assert article.organisation_candidates.get(name="Northern Ports Partnership").state == "dismissed"
    assert article.organisation_candidates.count() == 2
    assert set(article.organisation_candidates.values_list("pk", flat=True)) != before
    assert article.timings["counts"]["organisation_candidates"] == 1
    # Dismissing is for that article: another one naming the partnership still proposes it.
    other = ingest(
        "Ports\n\nPublished: 4 March 2026\n\nGermany joined the Northern Ports Partnership on Monday.\n",
        django_capture_on_commit_callbacks,
    )
    assert pending(other) == ["Northern Ports Partnership"]


def test_a_name_known_since_the_extractor_was_built_is_not_proposed(
    gazetteer, django_capture_on_commit_callbacks
):
    coalition = OrganisationFactory(name="Ports Coalition", slug="ports-coalition")
    article = ingest(TEXT, django_capture_on_commit_callbacks)
    # Bulk writes send no signal, so the entity revision stays put and the cached extractor goes stale,
    # as it is in a worker for a moment after an editor accepts a name.
    OrganisationAlias.objects.bulk_create(
        [OrganisationAlias(organisation=coalition, name="northern ports partnership")]
    )
    Organisation.objects.filter(pk=coalition.pk).update(full_name="Coastal Lifeline Fund")
    stale = get_extractor().extract(article.text)
    assert {c.name for c in stale.organisation_candidates} == {
        "Coastal Lifeline Fund",
        "Northern Ports Partnership",
    }
    article = rerun(article, django_capture_on_commit_callbacks)
    assert pending(article) == []


def test_known_names_are_matched_whatever_their_case(db):
    fund = OrganisationFactory(name="CLF", full_name="Coastal Lifeline Fund", slug="clf")
    OrganisationAliasFactory(organisation=fund, name="The Lifeline Fund")
    OrganisationAliasFactory(organisation=fund, name="Ports Group")
    names = {"coastal lifeline fund", "Lifeline Fund", "PORTS GROUP", "Unknown Group", "CLF"}
    assert known_organisation_names(names) == {"coastal lifeline fund", "lifeline fund", "ports group", "clf"}
    assert known_organisation_names(set()) == set()
    assert not OrganisationCandidate.objects.exists()
