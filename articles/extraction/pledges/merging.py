"""Restatements folded into one pledge; one sentence stating several kinds split.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..categories import categorise
from .drafts import _coordinated_items, _Draft, _Sent, _vague
from .vocabulary import _EXAMPLES, ANAPHORIC_START


class MergingMixin:
    """Restatements folded into one pledge; one sentence stating several kinds split."""

    def _merge(self, drafts: list[_Draft], sents: list[_Sent], prior: str | None = None) -> list[_Draft]:
        """Fold elaborations and restatements of one commitment into a single pledge."""

        def cat(d: _Draft) -> str:
            text = " ".join(x.text for x in sents[d.sent_first : d.sent_last + 1])
            return categorise(text, d.amount.unit if d.amount else None, prior)

        out: list[_Draft] = []
        for d in drafts:
            prev = next(
                (p for p in reversed(out) if p.actor == d.actor and 0 < d.sent_first - p.sent_last <= 2),
                None,
            )
            if (
                prev is not None
                and d.amount is None
                and not (d.also and not d.implicit)
                and (
                    (d.content and (prev.amount is None or cat(d) == cat(prev)))
                    or (d.implicit and cat(d) in {cat(prev), "other"})
                    # the next sentence restates it only when it points back ("… will provide it soon");
                    # two sentences that each name their actor are two commitments
                    or (
                        d.sent_first - prev.sent_last == 1
                        and cat(d) == cat(prev)
                        and _points_back(sents[d.sent_first])
                    )
                )
            ):
                prev.sent_last = max(prev.sent_last, d.sent_last)
                prev.confidence = max(prev.confidence, d.confidence)
                continue
            if (
                prev is not None
                and d.amount is not None
                and prev.amount is None
                and d.sent_first - prev.sent_last == 1
                and not d.also
                and cat(prev) in {cat(d), "diplomatic", "other"}
            ):
                # "The UK has announced an aid package …" then "The new £113 million package will …":
                # one commitment, held on the sentence with its specifics (SCHEMA.md); the lead says
                # whom it is for, the details may name regions within
                d.confidence = max(prev.confidence, d.confidence)
                d.person = d.person or prev.person
                d.beneficiary = prev.beneficiary or d.beneficiary
                out[out.index(prev)] = d
                continue
            out.append(d)
        result: list[_Draft] = []
        standfirst = next((x.index for x in sents if not x.headline), None)  # first sentence after the title
        for d in out:
            if d.amount is not None:
                # the same sum by the same actor is one pledge, restated
                twin = next(
                    (
                        r
                        for r in result
                        if r.actor == d.actor
                        and r.amount is not None
                        and r.amount.unit == d.amount.unit
                        and abs(r.amount.value - d.amount.value) < 1e-6 * max(1, d.amount.value)
                    ),
                    None,
                )
                if twin is not None:
                    body = sents[d.sent_first]
                    from_lead = (
                        twin.sent_first == standfirst
                        and d.sent_first != standfirst
                        and not body.quoted
                        and not ANAPHORIC_START.match(body.text)  # "This €100 million contribution …"
                    )
                    if (twin.summary and not d.summary) or from_lead:
                        # the body sentence states it with its specifics, not the summary or standfirst
                        d.restates = [*twin.restates, twin.sent_first]
                        result[result.index(twin)] = d
                    elif d.sent_first - twin.sent_last <= 2 and d.implicit:
                        twin.sent_last = max(twin.sent_last, d.sent_last)
                    else:
                        twin.restates.append(d.sent_first)
                    continue
            elif any(
                r.actor == d.actor and r.amount is not None and (cat(r) == cat(d) or _vague(d))
                for r in result
            ):
                continue  # a later vaguer restatement of a pledge already stated with its sum
            result.append(d)
        return result

    def _split_kinds(self, doc: Doc, drafts: list[_Draft], sents: list[_Sent]) -> list[_Draft]:
        """ "will work on ceasefire monitoring, defence support, and military hubs": one pledge per kind.

        A coordinated list of at least three short items after the verb whose items fall in
        different categories states several commitments; a sum makes it one package.
        """
        out: list[_Draft] = []
        for d in drafts:
            out.append(d)
            if d.amount is not None:
                continue
            s = sents[d.sent_first]
            tail = s.text[doc[d.trigger_tok].idx - s.char_start :]
            items = _coordinated_items(tail)
            if _EXAMPLES.search(" ".join(items)):
                continue  # "support, including A, B and C": examples of one commitment
            if not items:
                continue
            kinds = [categorise(x, None, None) for x in items]
            kinds = list(dict.fromkeys(k for k in kinds if k != "other"))
            if len(kinds) < 2:
                continue
            # in the order stated: the first kind keeps the draft, each other kind gets its own
            d.category = kinds[0]
            for k in kinds[1:]:
                twin = _Draft(
                    d.actor, d.actor_kind, d.sent_first, d.sent_first, d.trigger_tok, d.implicit, d.content
                )
                twin.label, twin.verb, twin.beneficiary, twin.category = d.label, d.verb, d.beneficiary, k
                out.append(twin)
        return out


_BACK_REFERENCES = frozenset(["it", "this", "these", "them", "such"])


def _points_back(s: _Sent) -> bool:
    """Whether a sentence refers to what the one before it said ("… will provide it soon")."""
    return bool(ANAPHORIC_START.match(s.text)) or any(
        w in _BACK_REFERENCES for w in re.findall(r"[a-z]+", s.text.lower())
    )
