"""`manage.py extract`: the evaluation shape, and --explain's account of what fired and why."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command


def test_jsonl_carries_rule_and_confidence(gazetteer, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("France will send 400 troops to Ukraine by 2027.\n")
    out = StringIO()
    call_command("extract", str(article), format="jsonl", stdout=out)
    (pledge,) = json.loads(out.getvalue())["pledges"]
    assert pledge["actor"] == "FR" and pledge["rule"] and 0 < pledge["confidence"] <= 1


def explain(tmp_path, article_text: str) -> str:
    """What `manage.py extract --explain` prints for an article of this text."""
    article = tmp_path / "a.txt"
    article.write_text(article_text)
    out = StringIO()
    call_command("extract", str(article), explain=True, stdout=out)
    return out.getvalue()


def test_explain_names_the_rules_and_the_drops(gazetteer, tmp_path):
    text = explain(
        tmp_path,
        "France will send 400 troops to Ukraine by 2027.\n\nGermany did not pledge any money to Ukraine.\n",
    )
    assert "word-order trigger MODAL at 'will'" in text
    assert "clause provision_forward at 'send'" in text
    assert "dropped: negated, a demand, a wish or a refusal" in text
    assert "=> pledge FR -> UA [military]" in text
    assert "=> pledge DE" not in text


def test_explain_says_why_a_sentence_was_not_parsed(gazetteer, tmp_path):
    text = explain(
        tmp_path,
        "France sends troops\n\n"
        "The weather was mild on Monday and the roads were quiet.\n\n"
        "France will send 400 troops to Ukraine by 2027.\n",
    )
    assert "not parsed: a headline" in text
    assert "not parsed: it names no state, organisation, official or sum" in text
    assert "no actor word or no commitment word" not in text
