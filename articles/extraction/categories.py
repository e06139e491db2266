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
_ARTICLE_CUES = {cat: cues for cat, cues in _COMPILED.items() if cat != "money"}
# one scan of the article finds every place a cue can start; each cue is then tried only there
_ANY_CUE = re.compile(
    r"\b(?=(?:" + "|".join(p for cat, (_, pats) in _CUES.items() if cat != "money" for p in pats) + "))", re.I
)


def _first_letter(pattern: str) -> str | None:
    """The letter a cue must start with, or None when its first character is not fixed."""
    head = pattern[:1]
    fixed = head.isalpha() and pattern[1:2] not in {"?", "*", "+", "{"} and "|" not in pattern
    return head.lower() if fixed else None


def _cues_by_letter() -> dict[str | None, list[re.Pattern[str]]]:
    index: dict[str | None, list[re.Pattern[str]]] = {}
    for cat, (_, compiled) in _ARTICLE_CUES.items():
        for raw, rx in zip(_CUES[cat][1], compiled, strict=True):
            index.setdefault(_first_letter(raw), []).append(rx)
    return index


_CUES_BY_LETTER = _cues_by_letter()
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


def _cue_counts(text: str) -> dict[re.Pattern[str], int]:
    """How often each article cue occurs, at most three times: what `len(rx.findall(text))` would
    count, capped, found in one pass instead of one scan of the article per cue."""
    counts = dict.fromkeys((rx for _, patterns in _ARTICLE_CUES.values() for rx in patterns), 0)
    resume: dict[re.Pattern[str], int] = {}
    floating = _CUES_BY_LETTER.get(None, [])
    for start in _ANY_CUE.finditer(text):
        pos = start.start()
        head = text[pos]
        tried = floating + _CUES_BY_LETTER.get(head.lower(), []) if head.isascii() else list(counts)
        for rx in tried:
            if counts[rx] >= 3 or pos < resume.get(rx, 0):
                continue
            if m := rx.match(text, pos):
                counts[rx] += 1
                resume[rx] = m.end()
    return counts


@lru_cache(maxsize=256)
def article_category(text: str) -> str | None:
    """What a whole article is about, when one sector clearly dominates its wording, else None.

    Each cue counts once per occurrence (at most three times), times its weight. Only sectors
    (humanitarian, military, reconstruction, security, monitoring) lend their category; an
    article mostly about finance, diplomacy or sanctions lends none.
    """
    counts = _cue_counts(text)
    totals = {cat: w * sum(counts[rx] for rx in patterns) for cat, (w, patterns) in _ARTICLE_CUES.items()}
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    (top, first), (_, second) = ranked[0], ranked[1]
    if top in _SECTORS and first >= 6 and first >= 1.5 * second:
        return top
    return None
