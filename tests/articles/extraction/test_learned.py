"""The learned models: trained for real on a few examples, they score candidates and split them
into pledges and possible pledges at the extractor's threshold."""

from __future__ import annotations

import pytest

from articles.extraction import Extractor
from articles.extraction.learned import (
    CATEGORIES,
    LearnedModels,
    category_features,
    load_learned,
    sentence_features,
    train_textcat,
)

SENT = "France will send 400 troops to Ukraine."


@pytest.fixture(scope="module")
def commitment_model():
    # "rule_legacy_MODAL" pledges are true, "rule_support_forward" ones are not: the model learns the marker
    data = [(f"rule_legacy_MODAL actor_country . {SENT}", "pledge")] * 8 + [
        (f"rule_support_forward actor_country . {SENT}", "not")
    ] * 8
    return train_textcat(data, ("pledge", "not"), epochs=10)


def test_training_is_deterministic():
    data = [("troops and tanks", "military"), ("food and shelter", "humanitarian")] * 4
    a = train_textcat(data, CATEGORIES, epochs=3)(category_features("troops", None)).cats
    b = train_textcat(data, CATEGORIES, epochs=3)(category_features("troops", None)).cats
    assert a == b and max(a, key=a.get) == "military"


def test_confident_candidates_are_pledges_others_possible(gazetteer, commitment_model):
    extractor = Extractor(gazetteer, learned=LearnedModels(commitment=commitment_model), threshold=0.5)
    result = extractor.extract(SENT)
    assert [p.actor for p in result.pledges] == ["FR"]
    assert result.pledges[0].confidence > 0.5 and result.possible_pledges == []
    strict = Extractor(gazetteer, learned=LearnedModels(commitment=commitment_model), threshold=0.999)
    held_back = strict.extract(SENT)
    assert held_back.pledges == [] and [p.actor for p in held_back.possible_pledges] == ["FR"]


def test_models_round_trip_through_disk(tmp_path, commitment_model):
    LearnedModels(commitment=commitment_model).to_disk(tmp_path)
    loaded = load_learned(str(tmp_path))
    assert loaded.commitment is not None and loaded.category is None


@pytest.fixture(scope="module")
def sentence_model():
    # sentences about lending are pledges, sentences about weather are not
    pledged = "The schools of Nigeria get new money from Ottawa for the long winter."
    weather = "The weather in Abuja was mild and the roads were quiet on Monday."
    data = [(sentence_features(pledged, True), "pledge")] * 8
    data += [(sentence_features(weather, True), "not")] * 8
    return train_textcat(data, ("pledge", "not"), epochs=10)


def test_the_sentence_model_adds_what_no_rule_read_for_the_main_pledger(gazetteer, sentence_model):
    text = (
        "Canada will send $5 million to Nigeria for clean water.\n\n"
        "The schools of Nigeria get new money from Ottawa for the long winter.\n\n"
        "The weather in Abuja was mild and the roads were quiet on Monday."
    )
    rules_only = Extractor(gazetteer, learned=LearnedModels(), threshold=0.25).extract(text).pledges
    assert [p.rule for p in rules_only if p.rule == "sentence_model"] == []
    found = Extractor(gazetteer, learned=LearnedModels(sentence=sentence_model), threshold=0.25).extract(text)
    read = [p for p in found.pledges if p.rule == "sentence_model"]
    assert [(p.actor, p.quote[:15]) for p in read] == [("CA", "The schools of ")]
    assert read[0].confidence >= 0.5  # its own probability: the commitment model does not judge it


def test_all_three_models_round_trip_through_disk(tmp_path, commitment_model, sentence_model):
    LearnedModels(commitment=commitment_model, sentence=sentence_model).to_disk(tmp_path)
    loaded = load_learned(str(tmp_path))
    assert loaded.sentence is not None and loaded.category is None
    (p,) = loaded.sentence_probabilities([("The schools of Nigeria get new money.", True)])
    assert 0.0 <= p <= 1.0


class _FixedSentenceModel(LearnedModels):
    """The sentence model's probabilities fixed, to test what the finder does at each level."""

    def __init__(self, probability: float) -> None:
        super().__init__(sentence=object())  # present, never called: the method below answers
        self.probability = probability

    def sentence_probabilities(self, sentences):
        return [self.probability] * len(sentences)


@pytest.mark.parametrize(("probability", "where"), [(0.9, "pledges"), (0.4, "possible_pledges"), (0.2, None)])
def test_the_sentence_models_level_decides_pledge_possible_or_nothing(gazetteer, probability, where):
    text = (
        "Canada will send $5 million to Nigeria for clean water.\n\n"
        "The schools of Nigeria get new money from Ottawa for the long winter."
    )
    result = Extractor(gazetteer, learned=_FixedSentenceModel(probability), threshold=0.25).extract(text)
    read = {
        kind: [p for p in getattr(result, kind) if p.rule.endswith("sentence_model")]
        for kind in ("pledges", "possible_pledges")
    }
    assert [kind for kind, found in read.items() if found] == ([where] if where else [])
