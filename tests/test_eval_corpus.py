"""The evaluation corpus is sound: every article has a part, its quotes are in its text, none is twice."""

import importlib.util
import json
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "eval"
ARTICLES = EVAL / "articles"


def test_every_article_has_gold_and_a_part():
    stems = {p.stem for p in ARTICLES.glob("*.txt")}
    assert stems == {p.stem for p in ARTICLES.glob("*.json")}
    parts = json.loads((EVAL / "splits.json").read_text())["articles"]
    assert set(parts) == stems
    assert set(parts.values()) == {"tuning", "frozen"}


def _eval_module(name: str):
    """A script beside the corpus (eval/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"eval_{name}", EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_article_is_in_the_corpus_twice():
    """A text in both parts would let the tuning part teach the frozen part its answers."""
    text_digest = _eval_module("add_articles").text_digest
    seen: dict[str, str] = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        digest = text_digest(path)
        assert digest not in seen, f"{path.stem} repeats {seen[digest]}"
        seen[digest] = path.stem


def test_every_quote_is_in_its_text_as_the_scorer_finds_it():
    """A quote the scorer cannot place matches no prediction (it compares spans, whitespace folded)."""
    score = _eval_module("score")
    for gold_path in sorted(ARTICLES.glob("*.json")):
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        for pledge in json.loads(gold_path.read_text(encoding="utf-8"))["pledges"]:
            assert score.span_of(pledge["quote"], text), (gold_path.stem, pledge["quote"][:60])
