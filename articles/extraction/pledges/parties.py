"""Who receives: the beneficiary of each candidate and the article's focal beneficiary.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from .. import lexicon as lx
from ..entities import Hit
from .drafts import _Draft, _Sent
from .vocabulary import _HOSTILE_DEEDS, _ORDINAL, BENEFICIARY_PREV, CONFLICT_NOUNS

_WORK_NOUNS = frozenset(["efforts", "effort", "work", "mission", "leadership", "initiative", "reforms"])
_BEFORE_VERB = frozenset(["for", "to", "help", "helping", "support", "supporting", "assist", "assisting"])


class PartiesMixin:
    """Who receives: the beneficiary of each candidate and the article's focal beneficiary."""

    def _focal_beneficiary(self, doc: Doc, hits: list[Hit]) -> tuple[tuple[str, str] | None, bool]:
        """The state most helped in the article, and whether the text marks it ("to X", "for X")."""
        marked: Counter[tuple[str, str]] = Counter()
        total: Counter[tuple[str, str]] = Counter()
        for h in hits:
            if h.kind not in {"country", "organisation"} or h.via == "institution":
                continue  # "USAID", "the Foreign Office": the giver's own bodies
            key = (h.key, h.kind)
            total[key] += 1
            prev = doc[h.start - 1].lower_ if h.start else ""
            if prev == "the" and h.start > 1:
                prev = doc[h.start - 2].lower_
            if prev in {"to", "for", "support", "supporting", "help", "helping", "assist", "arm", "bolster"}:
                marked[key] += 1
        if marked:
            best = max(marked, key=lambda k: (marked[k], total[k]))
            if marked[best] >= 2:
                return best, True
        ranked = [k for k, _ in total.most_common() if k[1] == "country"]
        if (
            ranked
            and total[ranked[0]] >= 3
            and (len(ranked) == 1 or total[ranked[0]] >= 1.5 * total[ranked[1]])
        ):
            return ranked[0], False
        return None, False

    def _beneficiaries(self, doc: Doc, s: _Sent, drafts: list[_Draft], focal: tuple[str, str] | None) -> None:
        if not drafts:
            return
        actor_keys = {d.actor for d in drafts}
        t0 = min(d.trigger_tok for d in drafts)
        ordered = [h for h in s.hits if h.start >= t0] + [h for h in s.hits if h.start < t0]
        best = None
        for h in ordered:
            if h.kind == "person" or h.via == "institution":
                continue  # a ministry or agency gives; "through USAID" does not receive
            if (
                h.kind == "country"
                and h.via == "demonym"
                and h.end < len(doc)
                and doc[h.end].lower_ in lx.PEOPLE_NOUNS
            ):
                continue
            k = h.start - 1
            while k >= 0 and (doc[k].lower_ in {"the", "a", "an"} or _ORDINAL.match(doc[k].text)):
                k -= 1
            prev = doc[k].lower_ if k >= 0 else ""
            possessive = h.end < len(doc) and doc[h.end].lower_ in {"'s", "’s"}
            if prev == "of" and k >= 1 and doc[k - 1].lower_ in _WORK_NOUNS | lx.PEOPLE_NOUNS:
                # "supports the efforts of the African Union", "stands with the people of Venezuela"
                prev = "for"
            if prev in {"from", "against", "by", "than", "of", "between", "at", "during"} and not possessive:
                continue
            if prev in {"under", "via", "through"} and h.kind == "organisation":
                continue  # "a measure under the European Peace Facility": the channel, not the receiver
            if prev == "with" and k >= 1 and doc[k - 1].lower_ in CONFLICT_NOUNS:
                continue  # "a ceasefire with Russia": the other side
            if possessive and any(
                doc[j].lower_ in _HOSTILE_DEEDS for j in range(h.end + 1, min(len(doc), h.end + 5))
            ):
                continue  # "Russia's intensifying airspace violations": the aggressor, not the receiver
            if h.kind == "country" and not h.state and (prev not in BENEFICIARY_PREV or h.via == "capital"):
                continue  # "a conference in Brussels": the venue, not the receiver
            key = (h.key, "country" if h.kind == "country" else "organisation")
            if key[0] in actor_keys:
                continue
            if h.start >= t0 and (prev in BENEFICIARY_PREV or possessive or h.via == "demonym"):
                best = key
                break
            # "To help Ukraine through the winter, the EU will …": a purpose stated before the verb
            if h.start < t0 and (prev in _BEFORE_VERB or possessive) and key[0] not in actor_keys:
                best = key
                break
            if h.start >= t0 and best is None:
                best = key
        if best is None and focal is not None:
            best = focal
        for d in drafts:
            if (best and best[0] != d.actor) or (best and best[0] == d.actor and len(drafts) > 1):
                d.beneficiary = best
            else:
                d.beneficiary = None if not best or best[0] == d.actor else best
