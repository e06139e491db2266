"""Amounts in pledges: money, troops, share of GDP, people.

Regular expressions are clearer than token patterns here: currency symbols glue to
numbers ("US$2.57", "£20m", "10,000-ruble"), and scales come in many spellings.
Money is returned in base units with its ISO 4217 code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "a few": 3,
    "several": 3,
    "a dozen": 12,
    "dozens of": 24,
    "a couple of": 2,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_SYMBOLS = {
    "us$": "USD",
    "$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
    "chf": "CHF",
}
_CODES = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "RUB",
    "UAH",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "CNY",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "INR",
    "KRW",
    "SAR",
    "AED",
    "QAR",
    "TRY",
    "ZAR",
    "BRL",
    "CZK",
    "HUF",
]
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "us dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "roubles": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "ruble": "RUB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "swiss francs": "CHF",
    "francs": "CHF",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "kroner": "DKK",
    "krone": "DKK",
    "kronor": "SEK",
    "krona": "SEK",
    "zloty": "PLN",
    "riyals": "SAR",
    "rand": "ZAR",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|trillion|mln|bln|mn|bn|tn|trn|m|b|k"
_SYM = r"US\$|AU?\$|CA?\$|NZ\$|HK\$|\$|€|£|¥|₽|₴|₹"
_CODE = "|".join(_CODES)
_CURWORD = "|".join(sorted((re.escape(w) for w in _CURRENCY_WORDS), key=len, reverse=True))
_APPROX = (
    r"(?P<approx>nearly|approximately|approx\.|about|around|over|more than|almost|some|roughly|close to|"
    r"at least|just over|just under|upwards of|in excess of|an estimated|estimated|~)\s+"
)
_UPTO = r"(?P<upto>up to|as much as)\s+"

MONEY_PREFIX = re.compile(
    rf"(?:{_APPROX})?(?:{_UPTO})?(?P<cur>{_SYM}|(?:{_CODE})\b|CHF\b)\s?(?P<num>{_NUM})"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?:\s(?P<num2>{_NUM})\s(?P<scale2>{_SCALE})\b)?",
    re.IGNORECASE,
)
MONEY_SUFFIX = re.compile(
    rf"(?:{_APPROX})?(?:{_UPTO})?(?P<num>{_NUM})(?:[\s-]?(?P<scale>{_SCALE})\b)?"
    rf"(?:\s(?P<num2>{_NUM})\s(?P<scale2>{_SCALE})\b)?[\s-]?(?P<cur>(?:{_CODE})\b|{_CURWORD})\b",
    re.IGNORECASE,
)
# "8.5 billion" with the currency left to the context (handled by the caller)
BARE_SCALED = re.compile(
    rf"(?:{_APPROX})?(?:{_UPTO})?(?P<num>{_NUM})\s(?P<scale>million|billion|trillion)\b", re.I
)

_TROOP_NOUNS = (
    r"troops|soldiers|servicemen|service members|servicemembers|personnel|peacekeepers|military personnel|"
    r"military advisers|military advisors|instructors|marines|paratroopers"
)
_COUNT_WORDS = r"several|a few|thousands|hundreds|tens of thousands|dozens"
TROOPS = re.compile(
    rf"(?:{_APPROX})?(?:{_UPTO})?(?P<num>{_NUM}|(?:{_COUNT_WORDS})(?:\s(?:thousand|hundred))?|"
    rf"(?:one|two|three|four|five|six|seven|eight|nine|ten|a)\s(?:thousand|hundred))"
    rf"(?:\s(?P<scale>thousand|hundred))?(?:\s(?:of))?[”\"’']?(?:\s(?:[A-Z][a-z]+|additional|more|extra|new|"
    rf"combat|ground|allied|foreign|international|multinational)){{0,3}}\s(?P<noun>{_TROOP_NOUNS})\b",
)
PERCENT_GDP = re.compile(
    rf"(?:{_APPROX})?(?P<num>{_NUM}|one|two|three|four|five)\s?(?:%|percent|per cent)\s"
    r"(?:of\s)?(?:its\s|their\s|our\s)?"
    r"(?:GDP|gross domestic product|national income|GNI|economic output)",
    re.IGNORECASE,
)
PEOPLE = re.compile(
    rf"(?:{_APPROX})?(?:{_UPTO})?(?P<num>{_NUM})(?:\s(?P<scale>thousand|million|billion))?\s"
    r"(?P<noun>people|persons|refugees|children|families|individuals|beneficiaries|girls and boys|"
    r"boys and girls|students|patients)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class AmountMatch:
    value: float
    unit: str
    approximate: bool
    start: int  # character offsets into the string searched
    end: int
    text: str


def _number(text: str) -> float | None:
    text = text.strip().lower()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _scale(text: str | None) -> float:
    return _SCALES.get((text or "").lower(), 1.0)


def _currency(text: str) -> str:
    t = text.strip().lower()
    if t in _SYMBOLS:
        return _SYMBOLS[t]
    if t.upper() in _CODES:
        return t.upper()
    return _CURRENCY_WORDS.get(t, "USD")


def _money(m: re.Match[str]) -> AmountMatch | None:
    num = _number(m.group("num"))
    if num is None:
        return None
    scale_text = m.group("scale")
    if scale_text and scale_text.lower() in {"m", "b", "k"} and scale_text.isupper() and scale_text != "M":
        scale_text = scale_text.lower()
    value = num * _scale(scale_text)
    if m.group("num2") and m.group("scale2"):
        extra = _number(m.group("num2"))
        if extra is not None and _scale(m.group("scale2")) < _scale(scale_text):
            value += extra * _scale(m.group("scale2"))
    return AmountMatch(
        value=value,
        unit=_currency(m.group("cur")),
        approximate=bool(m.group("approx")),
        start=m.start(),
        end=m.end(),
        text=m.group(0),
    )


def is_money(amount: AmountMatch) -> bool:
    """A sum of money (its unit an ISO 4217 code), not troops, people, items or a share of GDP."""
    return len(amount.unit) == 3


def find_money(text: str, default_currency: str | None = None) -> list[AmountMatch]:
    """Every sum of money in `text`, in order; bare "8.5 billion" takes `default_currency`."""
    found: list[AmountMatch] = []
    for rx in (MONEY_PREFIX, MONEY_SUFFIX):
        for m in rx.finditer(text):
            am = _money(m)
            if am is None or am.value < 1:
                continue
            if rx is MONEY_SUFFIX and m.group("cur").lower() in {"m", "b"}:
                continue
            found.append(am)
    if default_currency:
        for m in BARE_SCALED.finditer(text):
            if any(a.start <= m.start() < a.end or m.start() <= a.start < m.end() for a in found):
                continue
            after = text[m.end() : m.end() + 12].lower()
            if re.match(r"\s*(people|persons|refugees|children|girls|boys|tons|tonnes|doses|barrels)", after):
                continue
            num = _number(m.group("num"))
            if num is None:
                continue
            found.append(
                AmountMatch(
                    num * _scale(m.group("scale")),
                    default_currency,
                    bool(m.group("approx")),
                    m.start(),
                    m.end(),
                    m.group(0),
                )
            )
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[AmountMatch] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def _troop_value(m: re.Match[str]) -> tuple[float, bool] | None:
    raw = m.group("num").lower()
    approx = bool(m.group("approx"))
    words = raw.split()
    scale = m.group("scale")
    if words[0] in {"several", "a few", "thousands", "hundreds", "tens", "dozens", "a"} or raw.startswith(
        "a few"
    ):
        approx = approx or not (raw.startswith("a ") and not raw.startswith("a few"))
        if (
            "thousand" in raw
            or (scale or "") == "thousand"
            or raw.startswith("thousands")
            or "tens of" in raw
        ):
            base = 1000.0
        elif "hundred" in raw or (scale or "") == "hundred" or raw.startswith("hundreds"):
            base = 100.0
        elif raw == "dozens":
            return 24.0, True
        else:
            return None
        if raw.startswith("tens of"):
            return 20000.0, True
        if raw.startswith(("thousands", "hundreds")):
            return base * 2, True
        mult = 1.0 if raw.startswith("a ") and not raw.startswith("a few") else 3.0
        return base * mult, approx
    if len(words) == 2 and words[1] in {"thousand", "hundred"}:
        n = _number(words[0])
        return (n or 0) * (1000.0 if words[1] == "thousand" else 100.0), approx
    n = _number(raw)
    if n is None:
        return None
    if scale == "thousand":
        n *= 1000
    elif scale == "hundred":
        n *= 100
    return n, approx


def find_troops(text: str) -> list[AmountMatch]:
    out = []
    for m in TROOPS.finditer(text):
        tv = _troop_value(m)
        if tv is None or tv[0] < 1:
            continue
        out.append(AmountMatch(tv[0], "troops", tv[1], m.start(), m.end(), m.group(0)))
    return out


def find_percent_gdp(text: str) -> list[AmountMatch]:
    out = []
    for m in PERCENT_GDP.finditer(text):
        n = _number(m.group("num"))
        if n is not None:
            out.append(AmountMatch(n, "percent_gdp", bool(m.group("approx")), m.start(), m.end(), m.group(0)))
    return out


def find_people(text: str) -> list[AmountMatch]:
    out = []
    for m in PEOPLE.finditer(text):
        n = _number(m.group("num"))
        if n is None:
            continue
        n *= _scale(m.group("scale"))
        out.append(AmountMatch(n, "people", bool(m.group("approx")), m.start(), m.end(), m.group(0)))
    return out


_WORDY = re.compile(r"\d|thousand|hundred|dozen|percent|per cent", re.I)


@lru_cache(maxsize=8192)
def _find_amounts_cached(text: str, default_currency: str | None) -> tuple[AmountMatch, ...]:
    if not _WORDY.search(text):
        return ()
    return tuple(_find_amounts(text, default_currency))


def find_amounts(text: str, default_currency: str | None = None) -> list[AmountMatch]:
    """All amounts in reading order: money, troops, share of GDP, people (cached: sentences recur)."""
    return list(_find_amounts_cached(text, default_currency))


def _find_amounts(text: str, default_currency: str | None = None) -> list[AmountMatch]:
    found = (
        find_money(text, default_currency) + find_troops(text) + find_percent_gdp(text) + find_people(text)
    )
    found.sort(key=lambda a: a.start)
    out: list[AmountMatch] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out
