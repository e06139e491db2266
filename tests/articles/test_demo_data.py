"""load_demo_data: every demo article ingested; only pledges agreeing with the gold annotations confirmed;
a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import gazetteer
from articles.gold import agreeing_pledges
from articles.management.commands.load_demo_data import REVIEW_NOTE, demo_files, gold_of
from articles.models import Article, ArticleState
from pledges.choices import ReviewState
from pledges.models import Condition, Pledge
from pledges.reference_data import load_reference_data
from tests.factories import ArticleFactory, ConditionFactory, CountryFactory, EvidenceFactory, PledgeFactory


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The per-process extractor is keyed by entity revision, which restarts with each test database:
    # build ours from this test's reference data, and leave other tests' cache as it was.
    monkeypatch.setattr(gazetteer, "_cached", None)


def load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_loads_confirmed_pledges_once(media):
    load_reference_data()
    files = demo_files()
    assert 10 <= len(files) <= 12

    summary = load()

    articles = Article.objects.all()
    assert articles.count() == len(files)
    assert {a.original_name for a in articles} == {f.name for f in files}
    assert all(a.state == ArticleState.DONE for a in articles), [
        (a.original_name, a.state, a.error_message) for a in articles
    ]
    pledges = Pledge.objects.filter(evidence__article__in=articles).distinct()
    assert pledges.count() >= len(files)
    with_pledges = articles.filter(evidence__isnull=False).distinct().count()
    assert with_pledges >= 0.8 * len(files)
    assert Condition.objects.filter(pledge__in=pledges).exists()
    assert pledges.filter(restates__isnull=False).exists()
    confirmed = pledges.filter(review_state=ReviewState.CONFIRMED)
    assert set(confirmed.values_list("review_note", flat=True)) == {REVIEW_NOTE}
    assert not confirmed.filter(reviewed_at__isnull=True).exists()
    assert confirmed.count() >= 10
    # Every confirmed pledge is in its article's gold: same parties and category, overlapping quote.
    for pledge in confirmed.select_related("actor_country", "actor_organisation", "beneficiary_country"):
        evidence = pledge.evidence.select_related("article").get()
        gold = gold_of(evidence.article.original_name)["pledges"]
        actor = pledge.actor_country.code if pledge.actor_country else pledge.actor_organisation.name
        beneficiary = pledge.beneficiary_country.code if pledge.beneficiary_country else None
        assert any(
            g["actor"] == actor
            and g["beneficiary"] == beneficiary
            and g["category"] == pledge.category
            and (evidence.quote in g["quote"] or g["quote"] in evidence.quote)
            for g in gold
        ), (pledge, evidence.quote)
    # What extraction got wrong waits for an editor instead of reaching analysts.
    assert pledges.filter(review_state=ReviewState.EXTRACTED).exists()
    assert f"{len(files)}/{len(files)} articles done" in summary
    assert f"({confirmed.count()} confirmed as annotated, the others awaiting review)" in summary

    counts = (Article.objects.count(), Pledge.objects.count(), Condition.objects.count())
    again = load()
    assert again.startswith("Demo data already loaded")
    assert (Article.objects.count(), Pledge.objects.count(), Condition.objects.count()) == counts


@pytest.mark.django_db
def test_demo_data_needs_reference_data(media):
    with pytest.raises(CommandError, match="load_reference_data"):
        load()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_demo_data_refuses_production(media, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        load()


def test_every_demo_article_has_a_gold_annotation_whose_quotes_are_in_its_text():
    for path in demo_files():
        gold = gold_of(path.name)
        text = path.read_text(encoding="utf-8")
        assert gold["pledges"], path.name
        for pledge in gold["pledges"]:
            assert pledge["quote"] in text, (path.name, pledge["quote"][:60])
            for condition in pledge["conditions"]:
                assert condition["text"] in text, (path.name, condition["text"])


@pytest.mark.django_db
def test_only_pledges_agreeing_with_the_gold_in_every_shown_detail_are_picked():
    text = "Intro. France will send 100 tanks to Ukraine once a ceasefire holds. Outro."
    article = ArticleFactory(text=text)
    quote = "France will send 100 tanks to Ukraine once a ceasefire holds."
    start = text.index(quote)
    france, ukraine, russia = (CountryFactory(code=c) for c in ("FR", "UA", "RU"))
    gold = {
        "pledges": [
            {
                "actor": "FR",
                "beneficiary": "UA",
                "category": "military",
                "quote": quote,
                "amount": {"value": 100, "unit": "items", "approximate": False},
                "conditions": [{"kind": "ceasefire", "text": "once a ceasefire holds"}],
            }
        ]
    }

    def extracted(**fields):
        values = {
            "actor_country": france,
            "beneficiary_country": ukraine,
            "category": "military",
            "amount_value": 100,
            "amount_unit": "items",
            "review_state": "extracted",
        }
        pledge = PledgeFactory(**(values | fields))
        ConditionFactory(pledge=pledge, kind="ceasefire")
        EvidenceFactory(article=article, pledge=pledge, quote=quote, start=start, end=start + len(quote))
        return pledge

    right = extracted()
    extracted(beneficiary_country=russia)  # the wrong beneficiary
    extracted(category="financial")
    extracted(amount_value=300)
    wrong_conditions = extracted()
    wrong_conditions.conditions.update(kind="limitation")
    assert agreeing_pledges(article, gold) == [right]
    extracted()  # a second pledge agreeing with the same gold pledge: one is vouched for, not both
    assert len(agreeing_pledges(article, gold)) == 1
