"""Turn the bundled UD treebanks into spaCy training files.

Kept apart from the extractor so that `make parser` is the only thing that needs the treebanks; the
extractor loads the trained model only. Splits follow the treebanks' own: EWT train/dev/test, and for
the open GUM genres the documents GUM itself assigns to dev and test (all others train).
"""

from __future__ import annotations

import argparse
import lzma
import tarfile
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training.converters import conllu_to_docs

TREEBANKS = Path(__file__).resolve().parent / "treebanks"
SENTENCES_PER_DOC = 10


def ewt_text(split: str) -> str:
    return lzma.open(TREEBANKS / f"en_ewt-ud-{split}.conllu.xz", "rt", encoding="utf-8").read()


def gum_documents() -> dict[str, str]:
    """Per-document CoNLL-U of the open GUM genres, by document id (file stem)."""
    documents = {}
    with tarfile.open(TREEBANKS / "gum-open-documents.tar.xz") as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith(".conllu"):
                text = archive.extractfile(member).read().decode("utf-8")
                documents[Path(member.name).stem] = text
    return documents


def gum_split(split: str, genres: tuple[str, ...] | None = None) -> str:
    documents = gum_documents()
    listed = {
        name: set((TREEBANKS / f"gum-{name}-documents.txt").read_text().split()) for name in ("dev", "test")
    }
    if split == "train":
        chosen = [d for d in documents if d not in listed["dev"] | listed["test"]]
    else:
        chosen = [d for d in documents if d in listed[split]]
    if genres:
        chosen = [d for d in chosen if d.split("_")[1] in genres]
    return "\n".join(documents[d].strip() + "\n" for d in sorted(chosen))


def to_docbin(conllu: str, path: Path) -> int:
    docs = list(conllu_to_docs(conllu, n_sents=SENTENCES_PER_DOC, no_print=True))
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return sum(len(list(d.sents)) for d in docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    out = parser.parse_args().output
    out.mkdir(parents=True, exist_ok=True)
    sets = {
        "train": ewt_text("train") + "\n" + gum_split("train"),
        "dev": ewt_text("dev") + "\n" + gum_split("dev"),
        "ewt-test": ewt_text("test"),
        "gum-test": gum_split("test"),
        "gum-news-test": gum_split("test", genres=("news",)),
    }
    for name, conllu in sets.items():
        count = to_docbin(conllu, out / f"{name}.spacy")
        print(f"{name}: {count} sentences")


if __name__ == "__main__":
    main()
