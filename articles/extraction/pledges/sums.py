"""Which amount belongs to which pledge; sums stated by a noun phrase; breakdowns of a total.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..amounts import AmountMatch, find_amounts, is_money
from .drafts import _Draft, _Sent
from .vocabulary import _BREAKDOWN, _NEW_MONEY, _OF_FUNDING


class SumsMixin:
    """Which amount belongs to which pledge; sums stated by a noun phrase; breakdowns of a total."""

    def _sub_pledges(self, doc: Doc, s: _Sent, currency: str | None) -> list[tuple[str, str, AmountMatch]]:
        out = []
        for a in find_amounts(s.text, currency):
            tail = s.text[a.end : a.end + 14].lower()
            m = re.match(r"\s*(?:\w+\s)?from\s(?:the\s)?", tail)
            if not m:
                continue
            at = s.char_start + a.end + m.end()
            for h in s.hits:
                if doc[h.start].idx == at and (aff := self._affiliation(h)):
                    out.append((aff[0], aff[1], a))
        return out

    def _pick_amount(
        self, s: _Sent, d: _Draft, drafts: list[_Draft], currency: str | None, trigger_at: int = 0
    ) -> AmountMatch | None:
        amounts = find_amounts(s.text, currency)
        # what the verb commits comes after it: "17 million people are treated, and the US is
        # committed to reach 13 million more" — a sum before the verb only when none follows
        amounts = [a for a in amounts if a.start >= trigger_at] + [a for a in amounts if a.start < trigger_at]
        if any(is_money(a) for a in amounts):
            # "the £113 million package will assist over 600,000 people": the money is what is
            # committed, the people it reaches are its outcome
            amounts = [a for a in amounts if a.unit != "people"] + [a for a in amounts if a.unit == "people"]
        # "the new $40 million relief package": a noun's own sum stands just before it
        if d.rule == "pledge_noun":
            own = [a for a in amounts if a.end <= trigger_at and s.text[a.end : trigger_at].count(" ") <= 3]
            if own:
                amounts = [own[-1]] + [a for a in amounts if a is not own[-1]]
        taken = {id(x.amount) for x in drafts if x.amount_fixed and x.amount is not None}
        fixed_spans = {(x.amount.start, x.amount.end) for x in drafts if x.amount_fixed and x.amount}
        for a in amounts:
            if id(a) in taken or (a.start, a.end) in fixed_spans:
                continue
            before = s.text[max(0, a.start - 20) : a.start].lower()
            if re.search(r"(total|goal of|target of|increase of|of the)\s*$", before):
                continue
            return a
        return None

    def _funding_np(
        self, doc: Doc, s: _Sent, money: list[AmountMatch], focal: tuple[str, str] | None
    ) -> list[_Draft]:
        """ "an additional £10 million of UK funding": new money whose owner the noun phrase names."""
        for a in money:
            if not _NEW_MONEY.search(s.text[max(0, a.start - 20) : a.start]):
                continue
            m = _OF_FUNDING.match(s.text[a.end :])
            if not m:
                continue
            at = s.char_start + a.end + m.start("owner")
            for h in s.hits:
                if doc[h.start].idx == at and (aff := self._affiliation(h)):
                    d = _Draft(aff[0], aff[1], s.index, s.index, h.start, False, False, "FUNDING_NP")
                    d.amount, d.amount_fixed = a, True
                    self._beneficiaries(doc, s, [d], focal)
                    if d.beneficiary and d.beneficiary[0] == d.actor:
                        return []
                    return [d]
        return []

    def _breakdowns(self, drafts: list[_Draft], sents: list[_Sent]) -> None:
        """ "This includes more than $212 million that will be delivered…" extends the pledge before it."""
        starts = {d.sent_first for d in drafts}
        for d in drafts:
            k = d.sent_last + 1
            while k < len(sents) and k - d.sent_last <= 2 and k not in starts:
                s = sents[k]
                if _BREAKDOWN.match(s.text) and find_amounts(s.text, "USD"):
                    d.sent_last = k
                    break
                k += 1
