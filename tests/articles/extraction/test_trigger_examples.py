"""Every trigger of the table keeps its promises: its accepted sentences give a pledge by the named
actor (and the clause reader reads them with that trigger), its rejected sentences give none."""

from __future__ import annotations

import pytest

from articles.extraction.syntax import load_syntax, read_clauses
from articles.extraction.syntax.triggers import TRIGGERS

ACCEPT = [(t.name, sentence, actor) for t in TRIGGERS for sentence, actor in t.accept]
REJECT = [(t.name, sentence) for t in TRIGGERS for sentence in t.reject]


def test_every_trigger_has_examples_both_ways():
    for trigger in TRIGGERS:
        assert trigger.accept and trigger.reject, trigger.name


def test_the_versioned_model_loads():
    assert load_syntax() is not None, "articles/extraction/syntax/model/ is missing: run `make parser`"


@pytest.mark.parametrize(("rule", "sentence", "actor"), ACCEPT)
def test_accepted(extractor, rule, sentence, actor):
    pledges = extractor.extract(sentence).pledges
    assert actor in {p.actor for p in pledges}, (rule, [(p.actor, p.rule) for p in pledges])
    parsed = extractor.syntax.parse(*_whole(extractor, sentence))
    assert rule in {c.rule for p in parsed.values() for c in read_clauses(p)}


@pytest.mark.parametrize(("rule", "sentence"), REJECT)
def test_rejected(extractor, rule, sentence):
    pledges = extractor.extract(sentence).pledges
    assert pledges == [], (rule, [(p.actor, p.rule) for p in pledges])


def _whole(extractor, sentence):
    doc = extractor.nlp(sentence)
    return doc, [(0, len(doc))]
