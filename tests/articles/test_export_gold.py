"""export_gold: reviewed articles as SCHEMA.md gold pairs; the scorer loads them and scores 1.0 on itself."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles import adding, review
from articles.gold import reviewed_articles
from articles.models import Article
from pledges.models import Country, Pledge
from tests.articles.helpers import ARTICLE, ingest
from tests.factories import ConditionFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db
SCORERS = [
    Path(settings.BASE_DIR) / "eval" / "score.py",
    Path(settings.BASE_DIR).parent / "shared/eval/score.py",
]
SCORER = next((path for path in SCORERS if path.exists()), None)
ADDED = "Germany will also deliver 40 air defence systems to Ukraine by March, Berlin said."


@pytest.fixture
def reviewed(gazetteer, django_capture_on_commit_callbacks) -> Article:
    """The sample article reviewed: France confirmed, the UK rejected, a German pledge added by hand."""
    article = ingest(ARTICLE + "\n" + ADDED + "\n", django_capture_on_commit_callbacks, name="allies.txt")
    editor = UserFactory(username="eddie")
    pledges = Pledge.objects.filter(evidence__article=article)
    review.confirm(pledges.get(actor_country__code="FR"), editor)
    review.reject(pledges.get(actor_country__code="GB"), editor, "not in this article")
    for other in pledges.filter(review_state="extracted"):
        review.reject(other, editor)
    add_german_pledge(article, editor)
    return article


def add_german_pledge(article: Article, user) -> Pledge:
    from articles.forms import ConditionFormSet, PledgeAddForm

    start = article.text.index(ADDED)
    data = {
        "add-start": start,
        "add-end": start + len(ADDED),
        "add-actor": f"country:{Country.objects.get(code='DE').pk}",
        "add-beneficiary": f"country:{Country.objects.get(code='UA').pk}",
        "add-category": "military",
        "add-summary": "40 air defence systems",
        "add-amount_value": "40",
        "add-amount_unit": "items",
        "add-status": "announced",
        "add-cond-TOTAL_FORMS": 1,
        "add-cond-INITIAL_FORMS": 0,
        "add-cond-0-kind": "timing",
        "add-cond-0-text": "by March",
        "add-cond-0-state": "pending",
    }
    form = PledgeAddForm(data, article=article, prefix="add")
    conditions = ConditionFormSet(data, instance=Pledge(), prefix="add-cond")
    assert form.is_valid() and conditions.is_valid(), (form.errors, conditions.errors)
    return adding.add_pledge(form, conditions, article, start, start + len(ADDED), user)


def export(out: Path, *args: str) -> str:
    stdout = StringIO()
    call_command("export_gold", "--out", str(out), *args, stdout=stdout)
    return stdout.getvalue()


def test_export_writes_confirmed_and_added_pledges_not_rejected_ones(reviewed, tmp_path):
    message = export(tmp_path)
    assert message.startswith("Wrote 1 article (2 pledges)")
    [json_file] = tmp_path.glob("*.json")
    text = json_file.with_suffix(".txt").read_text(encoding="utf-8")
    assert text == reviewed.text
    gold = json.loads(json_file.read_text(encoding="utf-8"))
    assert gold["article"] == {
        "title": "Allies pledge troops for Ukraine",
        "published": "2026-01-06",
        "publisher": None,
        "author": None,
    }
    by_actor = {p["actor"]: p for p in gold["pledges"]}
    assert set(by_actor) == {"FR", "DE"}
    german = by_actor["DE"]
    assert german == {
        "actor": "DE",
        "actor_person": None,
        "beneficiary": "UA",
        "category": "military",
        "quote": ADDED,
        "amount": {"value": 40, "unit": "items", "approximate": False},
        "conditions": [{"kind": "timing", "text": "by March"}],
    }
    for pledge in gold["pledges"]:
        assert pledge["quote"] in text
    assert {"FR", "GB", "UA", "DE"} <= set(gold["entities"]["countries"])
    assert "Emmanuel Macron" in gold["entities"]["people"]


def test_articles_still_awaiting_review_or_archived_are_left_out(reviewed, tmp_path):
    pending = EvidenceFactory(pledge__review_state="extracted").article
    decided = EvidenceFactory(pledge__review_state="confirmed").article
    EvidenceFactory(article=decided, pledge__review_state="extracted")  # one left to decide
    archived = EvidenceFactory(pledge__review_state="confirmed").article
    Article.objects.filter(pk=archived.pk).update(archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert list(reviewed_articles()) == [reviewed]
    assert pending not in reviewed_articles()


def test_since_keeps_articles_decided_on_or_after_the_date(reviewed, tmp_path):
    Pledge.objects.filter(evidence__article=reviewed).update(
        reviewed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    assert export(tmp_path / "a", "--since", "2026-01-05").startswith("Wrote 1 article")
    assert export(tmp_path / "b", "--since", "2026-01-06").startswith("Wrote 0 articles")


@pytest.mark.skipif(
    SCORER is None, reason="the scorer (eval/score.py or ../shared/eval/score.py) is not here"
)
def test_exported_gold_loads_in_the_scorer_and_scores_1_against_itself(reviewed, tmp_path):
    second = EvidenceFactory(
        pledge__review_state="confirmed", pledge__amount_value=5, pledge__amount_unit="EUR"
    ).pledge
    ConditionFactory(pledge=second, kind="approval")
    export(tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 2
    run = subprocess.run(
        [sys.executable, str(SCORER), str(tmp_path), "--pred", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(run.stdout[: run.stdout.rindex("}") + 1])
    assert summary["shape_errors"] == 0
    assert summary["gold_pledges"] == summary["predicted_pledges"] == 3
    for key in (
        "pledge_f1",
        "pledge_precision",
        "pledge_recall",
        "category_accuracy",
        "beneficiary_accuracy",
    ):
        assert summary[key] == 1.0, key
    assert summary["amount_accuracy"] == 1.0 and summary["condition_f1"] == 1.0
    assert summary["title_accuracy"] == 1.0 and summary["published_date_accuracy"] == 1.0
