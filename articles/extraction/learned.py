"""Small learned models where hand rules generalise badly: "is this a commitment" and its category.

Both are spaCy bag-of-words text classifiers (unigrams and bigrams) over a candidate pledge's
sentence plus a few marker words for what the rules found (the trigger that fired, an amount, a
beneficiary, a condition). They are trained from gold annotations by
`manage.py train_extraction_models`, saved in `models/` beside this file (versioned), and
evaluated by folds in `eval/evaluate.py`. No Django here: training takes plain dicts.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from .amounts import find_amounts, is_money
from .types import PledgeResult

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAMES = ("commitment", "category", "sentence")
# what the extractor ships: only the models that win on the frozen part (README, "Measured figures");
# the commitment model is kept trainable (`train_extraction_models --models commitment`) and scored by folds
SHIPPED_MODELS = ("sentence", "category")
CATEGORIES = (
    "military",
    "financial",
    "humanitarian",
    "reconstruction",
    "security_guarantee",
    "monitoring",
    "diplomatic",
    "sanctions",
    "other",
)
_BOW = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 65536,
}


def commitment_features(pledge: PledgeResult, sentence: str) -> str:
    """The text the commitment model reads: markers for what the rules found, then the sentence."""
    marks = [f"rule_{pledge.rule.replace(':', '_')}", f"actor_{pledge.actor_kind}"]
    if pledge.amount is not None:
        marks.append(f"unit_{pledge.amount.unit}")
    if pledge.beneficiary:
        marks.append("has_beneficiary")
    if pledge.conditions:
        marks.append("has_condition")
    if pledge.actor_person:
        marks.append("has_person")
    return " ".join(marks) + " . " + sentence


def category_features(sentence: str, unit: str | None) -> str:
    return (f"unit_{unit} . " if unit else "") + sentence


def sentence_features(sentence: str, names_actor: bool) -> str:
    """The text the sentence model reads: whether it states a sum of money or names a state, then
    its words (one function for training and extraction, so the two never read differently)."""
    has_sum = any(is_money(a) for a in find_amounts(sentence))
    marks = [m for m, on in (("has_sum", has_sum), ("names_actor", names_actor)) if on]
    return " ".join(marks) + " . " + sentence


def _textcat(labels: Iterable[str]) -> Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": _BOW, "threshold": 0.5})
    for label in labels:
        textcat.add_label(label)
    return nlp


def train_textcat(
    data: list[tuple[str, str]], labels: tuple[str, ...], epochs: int = 15, seed: int = 0
) -> Language:
    """A bag-of-words classifier fitted to (text, label) pairs; deterministic for a seed."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = _textcat(labels)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {label: float(label == y) for label in labels}})
        for text, y in data
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


@dataclass
class LearnedModels:
    """The trained classifiers; either may be missing (then the rules decide alone)."""

    commitment: Language | None = None
    category: Language | None = None
    sentence: Language | None = None  # "does this sentence state a pledge": finds what no rule read

    def commitment_probability(self, pledge: PledgeResult, sentence: str) -> float | None:
        if self.commitment is None:
            return None
        return self.commitment(commitment_features(pledge, sentence)).cats.get("pledge")

    def category_scores_batch(self, pledges: list[tuple[str, str | None]]) -> list[dict[str, float]]:
        """The category scores of each (sentence, unit) in one batch (empty dicts without the model)."""
        if self.category is None or not pledges:
            return [{} for _ in pledges]
        texts = (category_features(*x) for x in pledges)
        return [dict(doc.cats) for doc in self.category.pipe(texts, batch_size=64)]

    def sentence_probabilities(self, sentences: list[tuple[str, bool]]) -> list[float]:
        """P(the sentence states a pledge) for each (text, names an actor), in one batch."""
        if self.sentence is None or not sentences:
            return [0.0] * len(sentences)
        texts = (sentence_features(*x) for x in sentences)
        return [doc.cats.get("pledge", 0.0) for doc in self.sentence.pipe(texts, batch_size=64)]

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        for name in MODEL_NAMES:
            model = getattr(self, name)
            if model is not None:
                model.to_disk(path / name)


@lru_cache(maxsize=4)
def load_learned(path: str | None = None) -> LearnedModels:
    """The versioned models, or those at PLEDGEWATCH_EXTRACTION_MODELS (the folds of `make eval`)."""
    where = Path(path or os.environ.get("PLEDGEWATCH_EXTRACTION_MODELS") or MODELS_DIR)
    if os.environ.get("PLEDGEWATCH_EXTRACTION_MODELS", "").lower() == "off":
        return LearnedModels()
    models = LearnedModels()
    for name in MODEL_NAMES:
        if (where / name / "config.cfg").exists():
            setattr(models, name, spacy.load(where / name))
    return models
