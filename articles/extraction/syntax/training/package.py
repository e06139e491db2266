"""Finish a trained pipeline for the repository: add the lemmatizer, state licence and sources, score it.

Usage: package.py TRAINED_DIR CORPUS_DIR OUTPUT_DIR
The lemmatizer is spaCy's rule lemmatizer for English (tables from spacy-lookups-data, copied
into the model so the app needs no extra package); it reads the POS the morphologizer assigns.
The test figures are written into the model's meta.json and into `accuracy.json` beside it.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

SOURCES = [
    {
        "name": "UD English-EWT",
        "url": "https://github.com/UniversalDependencies/UD_English-EWT",
        "commit": "15d613d8447b3478787d4c278730a1e48a945efb",
        "license": "CC BY-SA 4.0",
    },
    {
        "name": "UD English-GUM (news, interview, bio and speech genres only)",
        "url": "https://github.com/UniversalDependencies/UD_English-GUM",
        "commit": "afb41ee9bca57991125814fa04d96a0e61470c8b",
        "license": "CC BY 2.5 (Wikinews), CC BY-SA (Wikipedia), public domain or as stated (speeches)",
        "author": "Zeldes, A. (2017) The GUM Corpus, Language Resources and Evaluation 51(3)",
    },
]
TEST_SETS = ("ewt-test", "gum-test", "gum-news-test")


def score(nlp: spacy.Language, path: Path) -> dict:
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    started = time.perf_counter()
    scores = nlp.evaluate(examples)
    elapsed = time.perf_counter() - started
    words = sum(len(d) for d in docs)
    las = scores.get("dep_las_per_type") or {}
    return {
        "sentences": sum(1 for d in docs for _ in d.sents),
        "words": words,
        "upos": round(scores["pos_acc"], 4),
        "xpos": round(scores["tag_acc"], 4),
        "morph": round(scores["morph_acc"], 4),
        "lemma": round(scores.get("lemma_acc") or 0.0, 4),
        "uas": round(scores["dep_uas"], 4),
        "las": round(scores["dep_las"], 4),
        "las_by_relation": {
            rel: round(las[rel]["f"], 4)
            for rel in (
                "nsubj",
                "nsubj:pass",
                "obj",
                "obl",
                "nmod",
                "nmod:poss",
                "conj",
                "xcomp",
                "advcl",
                "aux",
            )
            if rel in las
        },
        "words_per_second": round(words / elapsed),
    }


def main() -> None:
    trained, corpus, output = (Path(a) for a in sys.argv[1:4])
    nlp = spacy.load(trained)
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    nlp.get_pipe("lemmatizer").initialize()
    nlp.meta.update(
        name="pledgewatch_ud",
        version="1.0.0",
        description="Tagger, morphologizer, dependency parser (trained here) and rule lemmatizer for English",
        license="CC BY-SA 4.0",
        sources=SOURCES,
        author="Pledgewatch",
    )
    accuracy = {
        name: score(nlp, corpus / f"{name}.spacy")
        for name in TEST_SETS
        if (corpus / f"{name}.spacy").exists()
    }
    nlp.meta["pledgewatch_accuracy"] = accuracy
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    (output / "accuracy.json").write_text(json.dumps(accuracy, indent=2) + "\n")
    size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file())
    print(json.dumps({"size_mb": round(size / 1e6, 1), **accuracy}, indent=2))


if __name__ == "__main__":
    main()
