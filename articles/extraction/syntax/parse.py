"""Load the trained pipeline once and parse chosen sentences of an article."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from .vocabulary import GATE_WORDS

MODEL_DIR = Path(__file__).resolve().parent / "model"
# a sentence is parsed only when it has a commitment word or a sum ("$", "£", "million")
_GATE = re.compile(
    r"\b(?:" + "|".join(sorted(GATE_WORDS, key=len, reverse=True)) + r")\w*|[$£€¥]|\b(?:million|billion)\b",
    re.I,
)


@dataclass(slots=True)
class SentenceParse:
    """One parsed sentence: `doc` is its own Doc, without the article's line breaks (a parser
    trained on treebanks has never seen one inside a sentence); `positions[i]` is the article
    token of its token i."""

    doc: Doc
    positions: list[int]
    dated_today: bool = False  # the sentence bears the article's own date ("On 18 July 2016, …")

    def global_index(self, token: Token) -> int:
        return self.positions[token.i]

    def at(self, i: int) -> int:
        return self.positions[i]

    def token_at(self, global_index: int) -> Token | None:
        """The parsed token of an article token (None for a line break left out of the parse)."""
        try:
            return self.doc[self.positions.index(global_index)]
        except ValueError:
            return None


class SyntaxModel:
    """The trained tagger/morphologizer/parser/lemmatizer, applied to chosen sentences."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.seconds = 0.0  # time spent parsing, and sentences parsed, for bench_extract
        self.sentences = 0

    @staticmethod
    def wanted(text: str) -> bool:
        return bool(_GATE.search(text))

    def parse(self, doc: Doc, spans: list[tuple[int, int]]) -> dict[int, SentenceParse]:
        """Parse each sentence (token range of `doc`) that passes the gate; keyed by its start token."""
        started = time.perf_counter()
        chosen = [(s, e) for s, e in spans if self.wanted(doc[s:e].text)]
        docs, positions = [], []
        for s, e in chosen:
            kept = [t for t in doc[s:e] if not t.is_space] or list(doc[s:e])
            kept = kept[_dateline_length(kept) :]
            spaces = [bool(t.whitespace_) or (t.i + 1 < e and doc[t.i + 1].is_space) for t in kept]
            spaces[-1] = False
            docs.append(Doc(self.nlp.vocab, words=[t.text for t in kept], spaces=spaces))
            positions.append([t.i for t in kept])
        parsed = self.nlp.pipe(docs, batch_size=64) if docs else []
        out = {s: SentenceParse(p, where) for (s, _), p, where in zip(chosen, parsed, positions, strict=True)}
        self.seconds += time.perf_counter() - started
        self.sentences += len(chosen)
        return out


_DASHES = frozenset(["–", "—", "-", "--"])


def _dateline_length(tokens: list[Token]) -> int:
    """How many tokens a release's dateline takes ("WASHINGTON —", "Washington, D.C. –"): left out of
    the parse, or the parser takes the city for the subject of the sentence."""
    for i, tok in enumerate(tokens[:6]):
        if tok.text in _DASHES:
            return i + 1 if i > 0 and i + 1 < len(tokens) else 0
        if not (tok.text[:1].isupper() or tok.text in {",", "."}):
            return 0
    return 0


@lru_cache(maxsize=2)
def load_syntax(path: str | None = None) -> SyntaxModel | None:
    """The versioned model, or None when it is absent or turned off (PLEDGEWATCH_SYNTAX=off)."""
    if os.environ.get("PLEDGEWATCH_SYNTAX", "on").lower() in {"off", "0", "false"}:
        return None
    where = Path(path or os.environ.get("PLEDGEWATCH_SYNTAX_MODEL") or MODEL_DIR)
    if not (where / "config.cfg").exists():
        return None
    nlp = spacy.load(where)
    return SyntaxModel(nlp)
