"""Train the extractor's learned models (commitment, category, sentence) from gold-annotated articles."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import Extractor
from articles.extraction.learned import (
    CATEGORIES,
    MODEL_NAMES,
    MODELS_DIR,
    SHIPPED_MODELS,
    LearnedModels,
    category_features,
    commitment_features,
    sentence_features,
    train_textcat,
)
from articles.extraction.sentences import sentence_spans
from articles.gazetteer import build_gazetteer

EVAL_DIR = Path(settings.BASE_DIR) / "eval"


def _scorer():
    spec = importlib.util.spec_from_file_location("pledgewatch_score", EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = "Train the commitment, category and sentence models from eval/ articles (default: tuning part)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--articles", nargs="*", help="article stems in eval/articles (default: tuning part)"
        )
        parser.add_argument("--out", type=Path, default=MODELS_DIR)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--models",
            nargs="*",
            choices=MODEL_NAMES,
            default=list(SHIPPED_MODELS),
            help="which models to fit (default: those the extractor ships, see learned.SHIPPED_MODELS)",
        )

    def handle(
        self, *args, articles: list[str] | None, out: Path, seed: int, models: list[str], **options
    ) -> None:
        if not articles:
            splits = json.loads((EVAL_DIR / "splits.json").read_text())["articles"]
            articles = sorted(s for s, part in splits.items() if part == "tuning")
        score = _scorer()
        rules_only = Extractor(build_gazetteer(), learned=LearnedModels(), threshold=0.0)
        examples: dict[str, list[tuple[str, str]]] = {name: [] for name in models}
        for stem in articles:
            text = (EVAL_DIR / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
            gold = json.loads((EVAL_DIR / "articles" / f"{stem}.json").read_text(encoding="utf-8"))
            if "sentence" in examples:
                examples["sentence"] += _sentence_examples(rules_only, text, gold["pledges"])
            if "commitment" in examples:  # the rules' candidates, labelled by the gold they match
                found = rules_only.extract(text).pledges
                predicted = [{"actor": p.actor, "quote": p.quote} for p in found]
                matched = {pi for _, pi in score.match(gold["pledges"], predicted, text, use_actor=True)}
                examples["commitment"] += [
                    (commitment_features(p, p.quote), "pledge" if i in matched else "not")
                    for i, p in enumerate(found)
                ]
            if "category" in examples:
                examples["category"] += [
                    (category_features(g["quote"], (g.get("amount") or {}).get("unit")), g["category"])
                    for g in gold["pledges"]
                ]
        if "commitment" in examples and len({y for _, y in examples["commitment"]}) < 2:
            raise CommandError("Not enough labelled candidates to train the commitment model.")
        labels = {"commitment": ("pledge", "not"), "category": CATEGORIES, "sentence": ("pledge", "not")}
        fitted = LearnedModels(
            **{name: train_textcat(data, labels[name], seed=seed) for name, data in examples.items()}
        )
        if out.exists():  # a model not fitted this time must not linger from an earlier run
            for name in MODEL_NAMES:
                if name not in models and (out / name).exists():
                    shutil.rmtree(out / name)
        fitted.to_disk(out)
        counts = ", ".join(f"{name} from {len(data)} examples" for name, data in examples.items())
        self.stdout.write(f"Trained {counts} on {len(articles)} articles -> {out}")


def _sentence_examples(extractor: Extractor, text: str, pledges: list[dict]) -> list[tuple[str, str]]:
    """Each sentence of an article, labelled by whether a gold pledge is quoted from it."""
    quoted = []
    for p in pledges:
        at = text.find(p["quote"])
        if at >= 0:
            quoted.append((at, at + len(p["quote"])))
    doc = extractor.nlp(text)
    actors = {h.start for h in extractor.entities.find(doc, None).hits}
    out = []
    for start, end in sentence_spans(doc):
        cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        stext = text[cs:ce]
        label = "pledge" if any(a < ce and cs < b for a, b in quoted) else "not"
        out.append((sentence_features(stext, any(start <= i < end for i in actors)), label))
    return out
