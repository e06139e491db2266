"""Every URL in the project, walked with every persona, against an explicit table of expected statuses.

The walk is built from the resolver, so a new view shows up here on its own: a URL name missing
from EXPECTED fails the suite, which makes whoever adds a view decide (and test) who may reach it.
Admin URLs are covered by a few representative ones. Path converters are filled with the ids of
real rows created for the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.models import Article, LeaderCandidate, OrganisationCandidate, PossiblePledge
from pledges.models import Pledge
from pledges.tokens import create_token
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CountryFactory,
    EvidenceFactory,
    LeaderCandidateFactory,
    LeaderFactory,
    MembershipFactory,
    OrganisationCandidateFactory,
    OrganisationFactory,
    PledgeFactory,
    UserFactory,
)

PERSONAS = ("anonymous", "analyst", "editor", "admin")
LOGIN = 302  # anonymous users are sent to the login page

# Expected status per persona, in the order of PERSONAS.
READ = (LOGIN, 200, 200, 200)  # analyst pages (anonymous reading is off by default)
EDITOR_PAGE = (LOGIN, 403, 200, 200)  # upload, article list, review queue
EDITOR_POST = (LOGIN, 403, 405, 405)  # POST-only actions: the permission is checked before the method
PUBLIC = (200, 200, 200, 200)
API = (401, 200, 200, 200)  # the JSON API answers 401 instead of redirecting to a login page
ADMIN_ONLY = (302, 302, 302, 200)  # the admin sends everyone who is not staff to its login page


@dataclass(frozen=True)
class Expect:
    statuses: tuple[int, int, int, int]
    obj: str = ""  # which test row fills the path converters (its attribute of the same name)
    kwargs: dict[str, str] = field(default_factory=dict)  # converters that are not attributes
    query: str = ""


EXPECTED: dict[str, Expect] = {
    # pledges (analyst UI)
    "pledges:home": Expect(READ),
    "pledges:list": Expect(READ),
    "pledges:pledge": Expect(READ, "pledge"),
    "pledges:totals": Expect(READ),
    "pledges:pick": Expect(READ, query="role=actor&actor=fr"),
    "pledges:conditions": Expect(READ),
    "pledges:condition-state": Expect(EDITOR_POST, "condition"),
    "pledges:totals-summary": Expect((LOGIN, 302, 302, 302)),  # without htmx: to the totals page
    "pledges:totals-csv": Expect(READ, query="dimension=month"),
    "pledges:country": Expect(READ, "country"),
    "pledges:leader": Expect(READ, "leader"),
    "pledges:timeline": Expect(READ, "organisation"),
    "pledges:organisation": Expect(READ, "organisation"),
    "pledges:methodology": Expect(READ),
    "pledges:export": Expect(READ, kwargs={"fmt": "csv"}),
    "pledges:feed": Expect(READ),
    "pledges:api-docs": Expect(PUBLIC),  # documentation only, no data
    "pledges:api-pledges": Expect(API),
    "pledges:api-pledge": Expect(API, "pledge"),
    "pledges:account": Expect(READ),  # one's own API tokens
    "pledges:revoke-token": Expect((LOGIN, 405, 405, 405), "token"),  # POST only, own tokens only
    # articles: reading
    "articles:detail": Expect(READ, "article"),
    "articles:file": Expect(READ, "uploaded"),
    # articles: editors (analysts are refused every one of these, new URLs included)
    "articles:list": Expect(EDITOR_PAGE),
    "articles:upload": Expect(EDITOR_PAGE),
    "articles:status": Expect(EDITOR_PAGE, "article"),
    "articles:requeue": Expect(EDITOR_POST),
    "articles:edit": Expect(EDITOR_PAGE, "article"),
    "articles:archive": Expect(EDITOR_POST, "article"),
    "articles:restore": Expect(EDITOR_POST, "article"),
    "articles:pledge_add": Expect(EDITOR_PAGE, "article"),  # GET: choose the sentences (no JavaScript)
    "articles:review": Expect(EDITOR_PAGE),
    "articles:review_bulk": Expect(EDITOR_POST),
    "articles:review_undo": Expect(EDITOR_POST),
    "articles:pledge_card": Expect((LOGIN, 403, 302, 302), "pledge"),  # plain GET: back to the queue
    "articles:pledge_confirm": Expect(EDITOR_POST, "pledge"),
    "articles:pledge_reject": Expect(EDITOR_POST, "pledge"),
    "articles:pledge_edit": Expect(EDITOR_PAGE, "pledge"),
    "articles:pledge_restates": Expect(EDITOR_POST, "pledge"),
    "articles:pledge_history": Expect(EDITOR_PAGE, "pledge"),
    "articles:pledge_reopen": Expect(EDITOR_POST, "pledge"),
    "articles:possible_dismiss": Expect(EDITOR_POST, "possible"),
    # one set of candidate views for both kinds; the organisation kind is walked in its own test below
    "articles:candidate_accept": Expect(EDITOR_POST, "candidate", kwargs={"kind": "leader"}),
    "articles:candidate_alias": Expect(EDITOR_POST, "candidate", kwargs={"kind": "leader"}),
    "articles:candidate_dismiss": Expect(EDITOR_POST, "candidate", kwargs={"kind": "leader"}),
    # accounts and health
    "login": Expect(PUBLIC),
    "logout": Expect((405, 405, 405, 405)),  # POST only
    "healthz": Expect(PUBLIC),
    "readyz": Expect(PUBLIC),
}

ADMIN_URLS: dict[str, tuple[str, str]] = {  # representative admin pages: name -> (url name, object)
    "index": ("admin:index", ""),
    "pledge changelist": ("admin:pledges_pledge_changelist", ""),
    "pledge change": ("admin:pledges_pledge_change", "pledge"),
    "pledge history": ("admin:pledges_pledge_history", "pledge"),
    "leader changelist": ("admin:pledges_leader_changelist", ""),
    "article changelist": ("admin:articles_article_changelist", ""),
    "article change": ("admin:articles_article_change", "article"),
    "condition changelist": ("admin:pledges_condition_changelist", ""),
    "api token changelist": ("admin:pledges_apitoken_changelist", ""),
}


def project_url_names() -> dict[str, URLPattern]:
    """Every named URL outside the admin, with its namespace, from the resolver itself."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"URL pattern {entry.pattern} has no name; name it and add it to EXPECTED"
                found[f"{namespace}{entry.name}"] = entry

    walk(get_resolver().url_patterns, "")
    return found


def converter_names(pattern: URLPattern) -> list[str]:
    regex = pattern.pattern.regex.pattern
    return re.findall(r"\?P<(\w+)>", regex)


@pytest.fixture
def rows(roles, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = tmp_path
    uploaded = ArticleFactory(text="")
    uploaded.file.save("upload", ContentFile(b"France pledged troops."), save=True)
    country = CountryFactory(code="FR", name="France")
    organisation = OrganisationFactory(slug="coalition-of-the-willing", name="Coalition of the Willing")
    MembershipFactory(organisation=organisation, country=country)
    leader = LeaderFactory(country=country)
    pledge = PledgeFactory(actor_country=country, review_state="extracted")
    condition = ConditionFactory(pledge=pledge)
    article = ArticleFactory()
    EvidenceFactory(article=article, pledge=pledge)
    candidate = LeaderCandidateFactory(article=article)
    org_candidate = OrganisationCandidateFactory(article=article)
    possible = PossiblePledge.objects.create(
        article=article, actor="FR", category="military", quote="x", start=0, end=1, confidence=0.2, rule="r"
    )
    token, _ = create_token(UserFactory(username="token-owner"), "script")
    return {
        "possible": possible,
        "condition": condition,
        "token": token,
        "country": country,
        "organisation": organisation,
        "leader": leader,
        "pledge": pledge,
        "article": article,
        "candidate": candidate,
        "org_candidate": org_candidate,
        "uploaded": uploaded,
    }


def url_for(name: str, pattern: URLPattern, expect: Expect, rows: dict) -> str:
    kwargs = dict(expect.kwargs)
    obj = rows.get(expect.obj)
    for converter in converter_names(pattern):
        if converter in kwargs:
            continue
        assert obj is not None, f"{name} needs `obj` in EXPECTED to fill <{converter}>"
        value = getattr(obj, converter)
        kwargs[converter] = value.lower() if converter == "code" else value
    return reverse(name, kwargs=kwargs) + (f"?{expect.query}" if expect.query else "")


def clients(analyst, editor, admin_user) -> dict[str, Client]:
    out = {"anonymous": Client()}
    for persona, user in (("analyst", analyst), ("editor", editor), ("admin", admin_user)):
        out[persona] = Client()
        out[persona].force_login(user)
    return out


@pytest.mark.django_db
def test_every_url_name_has_an_expectation():
    names = set(project_url_names())
    unknown = sorted(names - set(EXPECTED))
    assert not unknown, f"New URLs without an entry in tests/test_permissions.py EXPECTED: {unknown}"
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"EXPECTED lists URLs that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_url_answers_every_persona_as_expected(rows, analyst, editor, admin_user):
    personas = clients(analyst, editor, admin_user)
    problems = []
    for name, pattern in sorted(project_url_names().items()):
        expect = EXPECTED.get(name)
        if expect is None:
            problems.append(f"{name}: no entry in EXPECTED")
            continue
        url = url_for(name, pattern, expect, rows)
        for persona, wanted in zip(PERSONAS, expect.statuses, strict=True):
            status = personas[persona].get(url).status_code
            if status != wanted:
                problems.append(f"{name} {url} as {persona}: {status}, expected {wanted}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in_with_the_page_to_return_to(rows):
    response = Client().get(reverse("articles:review"))
    assert response["Location"].startswith(reverse("login") + "?next=/review/")


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_URLS))
def test_only_staff_reach_the_admin(label, rows, analyst, editor, admin_user):
    name, obj = ADMIN_URLS[label]
    url = reverse(name, args=[rows[obj].pk] if obj else [])
    personas = clients(analyst, editor, admin_user)
    statuses = tuple(personas[p].get(url).status_code for p in PERSONAS)
    assert statuses == ADMIN_ONLY, f"{label}: {statuses}"


@pytest.mark.django_db
def test_editors_who_are_staff_reach_the_admin_pages_their_permissions_allow(rows, editor):
    editor.is_staff = True
    editor.save()
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:pledges_pledge_changelist")).status_code == 200
    assert client.get(reverse("admin:pledges_leader_delete", args=[rows["leader"].pk])).status_code == 403


POST_ACTIONS = [name for name, expect in EXPECTED.items() if expect.statuses == EDITOR_POST]


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ACTIONS)
def test_analysts_and_anonymous_cannot_post_editor_actions(name, rows, analyst):
    pattern = project_url_names()[name]
    url = url_for(name, pattern, EXPECTED[name], rows)
    pledge, candidate, article = rows["pledge"], rows["candidate"], rows["article"]
    record = f"{pledge.pk}:{pledge.history.latest().history_id}"
    data = {
        "pledges": [pledge.pk],
        "action": "confirm",
        "articles": [article.pk],
        "restates": "",
        "record": record,
    }
    analyst_client = Client()
    analyst_client.force_login(analyst)
    assert Client().post(url, data).status_code == LOGIN
    assert analyst_client.post(url, data).status_code == 403
    assert Pledge.objects.get(pk=pledge.pk).review_state == "extracted"
    assert LeaderCandidate.objects.get(pk=candidate.pk).state == "pending"
    assert OrganisationCandidate.objects.get(pk=rows["org_candidate"].pk).state == "pending"
    assert Article.objects.get(pk=article.pk).state == "done"
    assert Article.objects.get(pk=article.pk).archived_at is None
    assert pledge.history.count() == 1  # no undo, reopen or review recorded


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["accept", "alias", "dismiss"])
def test_organisation_candidates_are_refused_to_analysts_too(action, rows, analyst, editor):
    url = reverse(
        f"articles:candidate_{action}", kwargs={"kind": "organisation", "pk": rows["org_candidate"].pk}
    )
    personas = clients(analyst, editor, editor)
    assert (Client().get(url).status_code, personas["analyst"].get(url).status_code) == (LOGIN, 403)
    assert personas["editor"].get(url).status_code == 405  # POST only
    assert personas["analyst"].post(url, {}).status_code == 403
    assert OrganisationCandidate.objects.get(pk=rows["org_candidate"].pk).state == "pending"
    unknown = reverse(f"articles:candidate_{action}", kwargs={"kind": "person", "pk": rows["candidate"].pk})
    assert personas["editor"].post(unknown, {}).status_code == 404
