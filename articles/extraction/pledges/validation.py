"""Whether a word-order trigger commits: not negated, not a demand, a wish or a refusal.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .. import lexicon as lx
from ..amounts import find_amounts
from ..conditions import find_conditions
from .drafts import _Sent
from .vocabulary import (
    _EARLIER,
    ACTIONS,
    AGREEMENT_NOUNS,
    CUMULATIVE,
    DEMAND,
    FIRST_PERSON,
    MODALS,
    NEGATORS,
    PLEDGE_NOUNS,
    REAFFIRM_NOUNS,
)


class ValidationMixin:
    """Whether a word-order trigger commits: not negated, not a demand, a wish or a refusal."""

    def _valid(self, doc: Doc, s: _Sent, label: str, start: int, end: int) -> bool:
        low = [t.lower_ for t in doc[s.start : s.end]]
        rel = start - s.start
        before = low[max(0, rel - 3) : rel]
        if any(w in NEGATORS for w in before) and label not in {"CONTENT"}:
            return False
        if "those" in before or (before[-2:] == ["who", "have"] and "those" in low[max(0, rel - 5) : rel]):
            return False  # "all of those generously pledging", "those who have pledged": no one named
        if label == "MODAL" and any(doc[k].lower_ in NEGATORS for k in range(start, end)):
            return False
        clause_before = low[:rel]
        if any(w in DEMAND for w in clause_before):
            # "calls on others to provide" is a demand, not a pledge — unless the actor says "we"
            idx = max(i for i, w in enumerate(clause_before) if w in DEMAND)
            if not any(w in FIRST_PERSON | {"that"} for w in clause_before[idx + 1 :]) or clause_before[
                idx
            ] in {"must", "should", "ought"}:
                return False
        if label == "MODAL" and any(w in {"how", "whether"} for w in clause_before[-6:]):
            return False  # "discussed how the US and UK could work together": a question, not a pledge
        after = low[end - s.start : end - s.start + 18]
        window = low[max(0, rel - 8) : rel] + after
        perfect = any(w in {"has", "have", "had"} for w in low[max(0, rel - 3) : rel])
        if perfect and CUMULATIVE.search(s.text) and label in {"COMMIT", "STRONG", "ALLOCATE", "ANNOUNCE"}:
            return False
        has_amount = bool(find_amounts(s.text, "XXX"))
        if label == "COMMIT":
            tok = doc[start]
            nxt = low[end - s.start] if end - s.start < len(low) else ""
            if tok.lower_ == "committed":
                prev = low[rel - 1] if rel else ""
                prev2 = low[rel - 2] if rel > 1 else ""
                if prev in {
                    "is",
                    "are",
                    "remain",
                    "remains",
                    "remained",
                    "was",
                    "were",
                    "be",
                    "been",
                    "firmly",
                    "fully",
                    "strongly",
                    "deeply",
                    "also",
                    "still",
                } or prev2 in {"is", "are", "remains"}:
                    return has_amount or bool([c for c in find_conditions(s.text) if c.kind == "timing"])
                if (
                    nxt
                    not in {
                        "to",
                        "itself",
                        "themselves",
                        "up",
                        "an",
                        "a",
                        "additional",
                        "more",
                        "approximately",
                        "nearly",
                        "over",
                        "some",
                        "about",
                        "$",
                        "€",
                        "£",
                        "further",
                        "another",
                        "new",
                    }
                    and not has_amount
                ):
                    return False
            return True
        if label == "AGREE":
            # "agreed that the present state of affairs serves no one": a shared view, not a promise
            # ("agreed that they would meet again" is one)
            last = low[end - 1 - s.start]
            view = low[rel + 1 : rel + 5]
            if view[:1] == ["on"] and {"importance", "need", "necessity", "value"} & set(view):
                return False  # "agreed on the importance of working together": a shared view
            if last != "that":
                return True
            return any(w in {"will", "would", "shall", "'ll"} for w in after[:15])
        if label == "SIGN":
            return any(w in AGREEMENT_NOUNS for w in low[max(0, rel - 8) : rel + 10])
        if label == "ANNOUNCE":
            # "$118 million announced by the Secretary in July": an earlier announcement, restated
            if (
                doc[start].lower_ == "announced"
                and after[:1] == ["by"]
                and _EARLIER.search(" ".join(after[:10]))
            ):
                return False
            # "donors will announce their commitments at the conference": pledging to come, no pledge
            if before[-1:] and before[-1] in set(MODALS) | {"to"} and not has_amount:
                return False
            return any(w in PLEDGE_NOUNS for w in after) or has_amount
        if label == "REAFFIRM":
            return any(w in REAFFIRM_NOUNS for w in after[:5])
        if label == "STRONG":
            tok = doc[start]
            prev = low[rel - 1] if rel else ""
            nxt = low[end - s.start] if end - s.start < len(low) else ""
            if tok.lower_ in {"pledge", "pledges", "promise", "promises", "vow", "vows"} and (
                self._named_noun(doc, s, start)
                or prev in lx.NOUN_DETERMINERS
                or prev.endswith("-year")
                or prev in {"'s", "’s"}
                or (
                    nxt in {"of", "from", "by", "made", "is", "was", "will"}
                    and prev not in FIRST_PERSON | {"they", "to", "will", "would"}
                )
            ):
                return False  # a noun: "this pledge is…", "our matching pledge"
            # a participle is no new pledge: "the contribution pledged today"
            return not (
                tok.lower_ == "pledged" and prev in PLEDGE_NOUNS | {"euros", "dollars", "million", "billion"}
            )
        if label == "PROGRESSIVE":
            verb = doc[end - 1].lower_
            return (
                verb in {"committing", "pledging"}
                or has_amount
                or any(c.kind == "timing" for c in find_conditions(s.text))
            )
        if label == "AUTHORIZE":
            return any(w in PLEDGE_NOUNS | {"drawdown"} for w in window)
        if label == "INSTRUCT":
            return "to" in after[:8] and any(w in ACTIONS or w.startswith("provid") for w in after[:14])
        if label == "CONTENT":
            if doc[start].lower_ == "provides":
                return end - s.start < len(low) and low[end - s.start] == "for"
            return True
        if label == "ALLOCATE":
            return has_amount or any(w in PLEDGE_NOUNS for w in window)
        if label == "MODAL":
            # "will amount to" needs a sum; "will help" alone is too vague
            verb = doc[end - 1].lower_
            if verb in {"amount"}:
                return has_amount
            if verb == "keep" and any(w.endswith("ing") for w in after[:5]):
                return True  # "will keep increasing the pressure", "keep the military aid flowing"
            if verb in {"help", "make", "set", "keep", "stand"}:
                stand_by = {"with", "by", "up", "alongside", "behind", "ready"}
                return has_amount or any(w in PLEDGE_NOUNS | stand_by for w in after[:6])
            return True
        return True

    def _named_noun(self, doc: Doc, s: _Sent, start: int) -> bool:
        """ "the Global Forests pledge", "a Glasgow promise": a capitalised modifier, not a subject.

        A capitalised word right before "pledge(s)" that is no actor's name (and not the
        sentence's first word) makes it a noun: "France pledges" stays a verb.
        """
        if start <= s.start + 1:
            return False
        prev = doc[start - 1]
        if not (prev.is_alpha and prev.text[:1].isupper()):
            return False
        return not any(h.end == start and self._affiliation(h) for h in s.hits)
