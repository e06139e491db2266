"""What the finder works on: sentences, candidate pledges (drafts), and small text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..amounts import AmountMatch
from ..conditions import ConditionMatch
from ..entities import Hit
from .vocabulary import _FUTURE, _ITEM_HEAD, _PAST_FRAME, VAGUE_VERBS


@dataclass(slots=True)
class _Sent:
    index: int
    start: int  # tokens
    end: int
    char_start: int
    char_end: int
    text: str
    headline: bool
    quoted: bool
    hits: list[Hit] = field(default_factory=list)
    speaker: Hit | None = None
    bullet: bool = False  # a "•"/"-" summary line of a press release


@dataclass(slots=True)
class _Draft:
    actor: str
    actor_kind: str
    sent_first: int
    sent_last: int
    trigger_tok: int
    implicit: bool
    content: bool
    label: str = ""
    verb: str = ""  # the trigger's last word ("work" in "will work with")
    beneficiary: tuple[str, str] | None = None
    person: str | None = None
    amount: AmountMatch | None = None
    amount_offset: int = 0
    amount_fixed: bool = False
    extra_conditions: list[ConditionMatch] = field(default_factory=list)
    extra_condition_offsets: list[int] = field(default_factory=list)
    category: str = ""  # set when one sentence states commitments of several kinds
    also: bool = False  # "It also commits …": an additional commitment, not a restatement
    rule: str = ""  # the trigger that produced it ("legacy:MODAL", "provision_forward", …)
    confidence: float = 0.85
    summary: bool = False  # from a bullet line: yields to a body sentence stating the same sum
    mutual: bool = False  # one of two parties committing to each other ("both sides reaffirmed …")
    restates: list[int] = field(default_factory=list)  # sentences folded into it as restatements


class _FastMatcher:
    """A spaCy Matcher whose patterns start with an exact word, never a set.

    A leading ``{"LOWER": {"IN": [...]}}`` is a Python predicate called for every token of the
    document; spelled out as one pattern per word it is a C comparison. The matches are the same.
    """

    def __init__(self, vocab) -> None:
        self.matcher = Matcher(vocab)

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        expanded: list[list[dict]] = []
        for pattern in patterns:
            first = pattern[0]
            words = first.get("LOWER", {}).get("IN") if isinstance(first.get("LOWER"), dict) else None
            if words and set(first) == {"LOWER"}:
                expanded.extend([{"LOWER": w}, *pattern[1:]] for w in dict.fromkeys(words))
            else:
                expanded.append(pattern)
        self.matcher.add(key, expanded)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self.matcher(doc)


def _past_frame(text: str, ref_year: int | None) -> bool:
    """ "In 2013, the US hosted … pledging $4.1 billion": a history, not a commitment made now.

    The sentence opens on a year at least two years before the article's and says nothing of
    the future.
    """
    if ref_year is None:
        return False
    m = _PAST_FRAME.match(text)
    return bool(m) and int(m.group(1)) <= ref_year - 2 and not _FUTURE.search(text)


def _vague(d: _Draft) -> bool:
    """ "The EU will work with partners …": a modal of cooperation with no sum of its own."""
    return d.label in {"MODAL", "INTEND"} and d.verb in VAGUE_VERBS and d.amount is None


@dataclass(slots=True)
class _FinishContext:
    """What every pledge of one document looks up, computed once (long documents stay linear)."""

    text: str  # the document's text (Doc.text joins every token on each call)
    starts: set[int]  # sentences where a pledge begins
    no_sents: list[_Sent]  # sentences opening with "No …"
    deploy_sents: list[_Sent]  # sentences about a deployment or a force
    people: dict[str, str | None] = field(default_factory=dict)  # actor -> its most named person


def _closed(text: str) -> bool:
    return text.rstrip()[-1:] in {".", "!", "?", "”", '"', "’", "'", ")", ":", ";"}


def _open_quote_end(text: str) -> bool:
    """'- UK commits to "stand by the people"': a summary bullet ending on a quote without a stop."""
    text = text.rstrip()
    return text[-1:] in {"”", '"', "’", "'"} and text[-2:-1] not in {".", "!", "?", ","}


def _coordinated_items(text: str) -> list[str]:
    """ "on A, B, and C" / "A, B and C" after a verb: the items, when every middle one is short."""
    segs = [x.strip() for x in re.split(r"[,;]", text)]
    for i in range(len(segs) - 1):
        head = " ".join(segs[i].split()[-_ITEM_HEAD:])
        mids: list[str] = []
        for seg in segs[i + 1 :]:
            low = seg.lower()
            if low.startswith("and "):  # "…, and C"
                return [head, *mids, seg[4:]] if mids else []
            before, sep, after = seg.partition(" and ")
            if sep and len(before.split()) <= 5:  # "…, B and C"
                return [head, *mids, before, after]
            if len(seg.split()) > 5:
                break
            mids.append(seg)
    return []


def _quote_mask(text: str) -> list[bool]:
    """For every character: is it inside quotation marks? Curly quotes pair; straight ones toggle."""
    mask = [False] * (len(text) + 1)
    inside = False
    opened_at = 0
    for i, ch in enumerate(text):
        if ch == "“":
            inside, opened_at = True, i
        elif ch == "”":
            inside = False
        elif ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if not inside and (prev.isspace() or prev in "([—–-") and not nxt.isspace():
                inside, opened_at = True, i
            elif inside:
                inside = False
        elif ch == "\n" and inside and text[i + 1 : i + 2] == "\n" and i - opened_at > 2000:
            inside = False
        mask[i] = inside
    return mask
