"""Which kind of commitment a pledge is, from the words of its quote.

Each category has cue phrases with a weight; the highest score wins, ties go to the
more specific category. Money with no other cue is financial; troops are military.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CUES: dict[str, tuple[int, list[str]]] = {
    "security_guarantee": (
        4,
        [
            r"security guarantees?",
            r"security assurances?",
            r"security cooperation",
            r"security agreements?",
            r"agreement on security",
            r"defen[cs]e pact",
            r"mutual defen[cs]e",
            r"collective defen[cs]e",
            r"consult with",
            r"in the event (?:of|that|it)",
            r"article 5",
            r"security commitments?",
            r"emergency response",
            r"come to (?:its|their) (?:aid|defen[cs]e)",
            r"commitment to (?:the|its|their) (?:defen[cs]e|security) of",
            r"(?:ironclad|unwavering) (?:\w+ )?commitment to (?:the )?(?:alliance|defen[cs]e)",
        ],
    ),
    "monitoring": (4, [r"monitor\w*", r"observers?", r"observer mission", r"verification", r"verify"]),
    "sanctions": (
        4,
        [
            r"sanctions?",
            r"immobili[sz]\w*",
            r"export controls?",
            r"asset freeze",
            r"frozen assets",
            r"price cap",
            r"embargo\w*",
            r"restrictive measures",
        ],
    ),
    "humanitarian": (
        2,
        [
            r"humanitarian",
            r"refugees?",
            r"food",
            r"relief",
            r"famine",
            r"displaced",
            r"shelter",
            r"medic\w*",
            r"earthquake",
            r"disaster",
            r"lifesaving",
            r"life-saving",
            r"hunger",
            r"sanitation",
            r"hot meals",
            r"most vulnerable",
            r"crisis",
            r"victims",
            r"evacuat\w*",
            r"aid effort",
            r"water",
        ],
    ),
    "reconstruction": (
        2,
        [
            r"reconstruct\w*",
            r"rebuild\w*",
            r"recovery",
            r"energy grid",
            r"infrastructure",
            r"prosperity",
            r"investment plan",
            r"energy transition",
            r"economic recovery",
            r"repair\w*",
        ],
    ),
    "military": (
        2,
        [
            r"military",
            r"troops",
            r"soldiers",
            r"weapons?",
            r"ammunition",
            r"air defen[cs]e",
            r"defen[cs]e",
            r"deploy\w*",
            r"forces?",
            r"missiles?",
            r"artillery",
            r"drones?",
            r"fighter",
            r"jets",
            r"typhoons",
            r"tanks",
            r"armed",
            r"munitions",
            r"security assistance",
            r"drawdown",
            r"arms",
            r"train\b",
            r"training",
            r"peacekeep\w*",
            r"f-16s?",
            r"air policing",
            r"units",
            r"armou?red",
            r"warships?",
            r"aircraft",
        ],
    ),
    "financial": (
        1,
        [
            r"fund\b",
            r"financing",
            r"finance",
            r"loans?",
            r"budget\w*",
            r"replenishment",
            r"financial",
            r"investment",
            r"invest",
        ],
    ),
    # money words that say nothing about what the money is for ("contributions", "funding")
    "money": (
        1,
        [
            r"funding",
            r"grants?",
            r"contributions?",
            r"donors?",
            r"donat\w*",
            r"payments?",
        ],
    ),
    "diplomatic": (
        2,
        [
            r"summits?",
            r"negotiat\w*",
            r"recogni[sz]\w*",
            r"membership",
            r"accession",
            r"integration",
            r"invit\w*",
            r"visit",
            r"diplomatic",
            r"standing with",
            r"stand with",
            r"solidarity",
            r"political support",
            r"dialogue",
            r"talks",
        ],
    ),
}
_PRIORITY = [
    "security_guarantee",
    "monitoring",
    "sanctions",
    "humanitarian",
    "military",
    "reconstruction",
    "diplomatic",
    "financial",
]
_COMPILED = {cat: (w, [re.compile(rf"\b{p}", re.I) for p in pats]) for cat, (w, pats) in _CUES.items()}
MONEY_UNITS = frozenset({"troops", "percent_gdp", "people", "items"})
# categories an article's subject can lend to a pledge that only names a sum or a contribution
_SECTORS = frozenset({"humanitarian", "military", "reconstruction", "security_guarantee", "monitoring"})


def category_scores(text: str, unit: str | None = None) -> dict[str, int]:
    """Weighted cue scores; generic money words and a currency count as "financial"."""
    scores = {cat: 0 for cat in _CUES}
    for cat, (weight, patterns) in _COMPILED.items():
        for rx in patterns:
            if rx.search(text):
                scores[cat] += weight
    if unit == "troops":
        scores["military"] += 4
    elif unit == "percent_gdp":
        scores["military"] += 2
    elif unit == "people":
        scores["humanitarian"] += 2
    elif unit:
        scores["money"] += 2
    scores["financial"] += scores.pop("money")
    return scores


@lru_cache(maxsize=4096)
def categorise(text: str, unit: str | None = None, prior: str | None = None) -> str:
    """The best-scoring category of a quote; "other" when nothing speaks for any.

    `prior` is the article's subject (see `article_category`): a pledge that names only a sum,
    a contribution or a donation, or nothing at all, takes the category of what the article is
    about ("donors pledged contributions" at a refugee conference is humanitarian aid).
    """
    scores = category_scores(text, unit)
    best = max(scores.values())
    if best <= 0:
        return prior or "other"
    for cat in _PRIORITY:
        if scores[cat] == best:
            if cat == "financial" and prior and _only_money(text):
                return prior
            return cat
    return "other"


def _only_money(text: str) -> bool:
    """No financial cue beyond generic money words: the sum's purpose is not stated as finance."""
    return not any(rx.search(text) for rx in _COMPILED["financial"][1])


@lru_cache(maxsize=256)
def article_category(text: str) -> str | None:
    """What a whole article is about, when one sector clearly dominates its wording, else None.

    Each cue counts once per occurrence (at most three times), times its weight. Only sectors
    (humanitarian, military, reconstruction, security, monitoring) lend their category; an
    article mostly about finance, diplomacy or sanctions lends none.
    """
    totals: dict[str, int] = {}
    for cat, (weight, patterns) in _COMPILED.items():
        if cat == "money":
            continue
        totals[cat] = sum(weight * min(3, len(rx.findall(text))) for rx in patterns)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    (top, first), (_, second) = ranked[0], ranked[1]
    if top in _SECTORS and first >= 6 and first >= 1.5 * second:
        return top
    return None
