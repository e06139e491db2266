"""Organisation candidates: accept as a new organisation, attach as an alias, dismiss; articles run again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import candidates, review, services
from articles.models import Article, EntityMention, OrganisationCandidate
from pledges.models import Organisation, OrganisationAlias, Pledge, Revision
from tests.articles.helpers import ingest
from tests.factories import OrganisationCandidateFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
QUEUE = reverse("articles:review")
HARBOUR = (
    "Ports to be rebuilt\n\nPublished: 12 February 2026\n\n"
    "Germany pledged 40 million euros to the Blue Harbour Fund on Thursday.\n\n"
    "The Blue Harbour Fund pledged 5 million euros to Ukraine for the repair of its ports.\n"
)


def accept_url(candidate) -> str:
    return reverse("articles:candidate_accept", args=["organisation", candidate.pk])


def test_candidate_is_listed_with_its_article_and_guessed_kind(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    candidate = OrganisationCandidate.objects.get(article=article)
    assert (candidate.name, candidate.kind, candidate.state) == (
        "Blue Harbour Fund",
        "international_organisation",
        "pending",
    )
    assert article.text[candidate.start : candidate.end] == "Blue Harbour Fund"
    status = editor_client.get(reverse("articles:status", args=[article.pk])).content.decode()
    assert "1 new organisation" in status
    # The article waits in the queue for the candidate even once its pledges are reviewed.
    Pledge.objects.filter(evidence__article=article).update(review_state="confirmed")
    html = editor_client.get(QUEUE).content.decode()
    assert f'id="org-candidate-{candidate.pk}"' in html
    assert '<option value="international_organisation" selected>International organisation</option>' in html


def test_accept_creates_the_organisation_with_an_alias_and_reruns_the_article(
    editor_client, editor, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    german = Pledge.objects.get(evidence__article=article, actor_country__code="DE")
    assert german.beneficiary_organisation is None
    assert not Pledge.objects.filter(actor_organisation__isnull=False).exists()
    candidate = OrganisationCandidate.objects.get(article=article)
    revision = Revision.current(Revision.ENTITIES)
    p = f"o{candidate.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            accept_url(candidate), {f"{p}-name": "BHF", f"{p}-kind": "international_organisation"}, **HX
        )
    assert response.status_code == 200
    assert "BHF added as an organisation" in response.content.decode()
    organisation = Organisation.objects.get(name="BHF")
    assert (organisation.kind, organisation.slug) == ("international_organisation", "bhf")
    # The name as the article wrote it is kept, so the next extraction recognises it.
    assert OrganisationAlias.objects.filter(organisation=organisation, name="Blue Harbour Fund").exists()
    assert organisation.history.latest().history_user == editor
    assert Revision.current(Revision.ENTITIES) > revision
    candidate.refresh_from_db()
    assert (candidate.state, candidate.organisation) == ("accepted", organisation)
    assert candidate.history.latest().history_user == editor
    # Extracted again: the fund receives Germany's pledge and makes its own.
    german = Pledge.objects.get(evidence__article=article, actor_country__code="DE")
    assert german.beneficiary_organisation == organisation
    own = Pledge.objects.get(evidence__article=article, actor_organisation=organisation)
    assert own.beneficiary_country.code == "UA"
    assert EntityMention.objects.filter(article=article, organisation=organisation).count() == 2
    assert not OrganisationCandidate.objects.filter(article=article, state="pending").exists()


def test_accept_closes_the_same_name_in_other_articles_and_runs_them_again(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    first = ingest(HARBOUR, django_capture_on_commit_callbacks)
    second = ingest(
        "Fund grows\n\nPublished: 2 March 2026\n\nFrance pledged 8 million euros to the Blue Harbour Fund.\n",
        django_capture_on_commit_callbacks,
    )
    candidate = OrganisationCandidate.objects.get(article=first)
    p = f"o{candidate.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            accept_url(candidate), {f"{p}-name": "Blue Harbour Fund", f"{p}-kind": "ad_hoc_coalition"}, **HX
        )
    organisation = Organisation.objects.get(name="Blue Harbour Fund")
    assert not organisation.aliases.exists()  # the name is the article's own: no alias needed
    other = OrganisationCandidate.objects.get(article=second)
    assert (other.state, other.organisation) == ("accepted", organisation)
    french = Pledge.objects.get(evidence__article=second)
    assert french.beneficiary_organisation == organisation


def test_invalid_accept_shows_the_errors_in_place(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    candidate = OrganisationCandidate.objects.get(article=article)
    OrganisationFactory(name="Blue Harbour Fund", slug="blue-harbour-fund")
    p = f"o{candidate.pk}"
    data = {f"{p}-name": "blue harbour fund", f"{p}-full_name": "Typed by hand", f"{p}-kind": "bloc"}
    response = editor_client.post(accept_url(candidate), data, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="org-candidate-{candidate.pk}"')
    assert "There is already an organisation called “blue harbour fund”" in html
    assert 'value="Typed by hand"' in html  # what the editor typed is kept
    assert '<option value="bloc" selected>Bloc</option>' in html
    # Without JavaScript the same form comes back on a page of its own.
    page = editor_client.post(accept_url(candidate), {f"{p}-name": "", f"{p}-kind": "bloc"})
    assert page.status_code == 200
    assert "<h1>New organisation: Blue Harbour Fund</h1>" in page.content.decode()
    assert "This field is required." in page.content.decode()
    assert Organisation.objects.count() == 2  # the gazetteer's coalition and the one made above
    assert OrganisationCandidate.objects.get(pk=candidate.pk).state == "pending"


def test_attach_as_alias_of_an_existing_organisation(
    editor_client, editor, gazetteer, django_capture_on_commit_callbacks
):
    known = OrganisationFactory(
        name="Sea Lanes Trust", slug="sea-lanes-trust", kind="international_organisation"
    )
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    candidate = OrganisationCandidate.objects.get(article=article)
    url = reverse("articles:candidate_alias", args=["organisation", candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {f"o{candidate.pk}-organisation": known.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}#org-candidate-{candidate.pk}"
    alias = OrganisationAlias.objects.get(organisation=known, name="Blue Harbour Fund")
    assert alias.history.latest().history_user == editor
    candidate.refresh_from_db()
    assert (candidate.state, candidate.organisation) == ("aliased", known)
    german = Pledge.objects.get(evidence__article=article, actor_country__code="DE")
    assert german.beneficiary_organisation == known


def test_alias_without_a_choice_says_so_in_place(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    candidate = OrganisationCandidate.objects.get(article=article)
    url = reverse("articles:candidate_alias", args=["organisation", candidate.pk])
    response = editor_client.post(url, {}, **HX)
    assert "Choose an existing organisation." in response.content.decode()
    assert not OrganisationAlias.objects.filter(name="Blue Harbour Fund").exists()


def test_dismiss_is_kept_when_the_article_runs_again(
    editor_client, editor, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HARBOUR, django_capture_on_commit_callbacks)
    candidate = OrganisationCandidate.objects.get(article=article)
    url = reverse("articles:candidate_dismiss", args=["organisation", candidate.pk])
    response = editor_client.post(url, **HX)
    assert "“Blue Harbour Fund” dismissed." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == "dismissed"
    assert (candidate.history.latest().history_user, candidate.history.latest().history_change_reason) == (
        editor,
        "Dismissed in review",
    )
    # Already decided: a second action on it is a 404, not a second organisation.
    assert editor_client.post(url, **HX).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue(Article.objects.filter(pk=article.pk))
    assert list(OrganisationCandidate.objects.filter(article=article).values_list("state", flat=True)) == [
        "dismissed"
    ]


def test_two_editors_deciding_at_once_get_a_message_not_a_second_row(editor):
    candidate = OrganisationCandidateFactory(name="Tidewater Group")
    taken = OrganisationFactory(name="Tidewater Group", slug="tidewater")
    # The form refuses a known name; a name added between the form and the save is refused here.
    with pytest.raises(review.ReviewError, match="already an organisation called “Tidewater Group”"):
        candidates.accept_org_candidate(candidate, editor, name="Tidewater Group", kind="ad_hoc_coalition")
    assert list(Organisation.objects.all()) == [taken]
    candidates.alias_org_candidate(candidate, editor, taken)
    assert not taken.aliases.exists()  # the name is already the organisation's own
    with pytest.raises(review.ReviewError, match="already been decided"):
        candidates.dismiss_candidate(candidate, editor)
    assert OrganisationCandidate.objects.get(pk=candidate.pk).state == "aliased"
