# ruff: noqa: E501  (regular-expression tables read better unbroken)
"""Conditions attached to a pledge: ceasefire, peace deal, approval, reciprocity, limits, timing.

Each kind is a short list of regular expressions over a sentence; the match is the
condition's text. Patterns describe how news and official statements phrase conditions
in general ("subject to Congressional appropriations", "contingent on a ceasefire",
"by 2030"), never one article's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_YEAR = r"(?:19|20)\d\d(?:/\d\d)?"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_NUMWORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|several)"
_CEASE = r"(?:ceasefire|cease-fire|truce|armistice|cessation of hostilities|end (?:of|to) (?:the )?(?:fighting|hostilities|war))"
_PEACE = r"(?:peace (?:agreement|deal|settlement|accord|treaty)|(?:comprehensive |political |negotiated )settlement)"
_PARL = (
    r"(?:parliament|congress|bundestag|senate|cabinet|legislature|national assembly|verkhovna rada|diet|"
    r"house of commons|the house|storting|riksdag|folketing|sejm)"
)

_RAW: list[tuple[str, str]] = [
    # ceasefire
    (
        "ceasefire",
        rf"\b(?:contingent|conditional|dependent|conditioned) (?:up)?on (?:a |an |the )?{_CEASE}[^,.;]*",
    ),
    (
        "ceasefire",
        rf"\b(?:after|once|following|upon|in the (?:context|event) of|as soon as|when)\s(?:a |an |the |any )?(?:lasting |durable |eventual |future |possible )?{_CEASE}",
    ),
    (
        "ceasefire",
        rf"\b(?:a |an |the |any )?{_CEASE}[^.;]{{0,80}}?\b(?:would|will|is|must) be (?:required|needed|necessary|in place) before[^.;,]*",
    ),
    (
        "ceasefire",
        r"\b(?:if|once|when|after)\s[^,.;]{0,40}?\b(?:halts?|ends?|stops?|ceases?)\s(?:the\s|its\s|all\s)?(?:hostilities|fighting|attacks|war)\b",
    ),
    (
        "ceasefire",
        r"\b(?:after|once|when) (?:the )?(?:fighting|hostilities|war) (?:stops|ends|is over|has ended)\b",
    ),
    # peace agreement
    (
        "peace_agreement",
        rf"\b(?:after|once|following|upon|in the context of|contingent (?:up)?on|conditional (?:up)?on|subject to|as part of)\s(?:a |an |the |any )?(?:final |lasting |eventual |future )?{_PEACE}",
    ),
    ("peace_agreement", rf"(?<=ceasefire )or (?:a |an )?{_PEACE}"),
    ("peace_agreement", rf"(?<=cease-fire )or (?:a |an )?{_PEACE}"),
    ("peace_agreement", rf"(?<=truce )or (?:a |an )?{_PEACE}"),
    # approval
    (
        "approval",
        r"\bsubject to (?:\w+\s){0,3}?(?:approval|appropriations?|ratification|authori[sz]ation|votes?|consent)[^.;,]*",
    ),
    (
        "approval",
        rf"\b(?:pending|requires?|requiring|needs?|awaiting) (?:\w+\s){{0,3}}?(?:{_PARL}|parliamentary|congressional|legislative|budget|cabinet) (?:approval|vote|ratification|consent)",
    ),
    (
        "approval",
        rf"\b(?:approv\w*|ratif\w*|agree\w*|vot\w*|pass\w*) (?:\w+\s){{0,3}}?(?:by|with|in|through) (?:the )?{_PARL}\b",
    ),
    (
        "approval",
        rf"\b(?:the )?{_PARL}\s(?:must|has to|needs to|still has to|will have to|is expected to) (?:approve|ratify|vote|sign off)\b[^.;,]*",
    ),
    ("approval", r"\bonce (?:it is |they are )?(?:approved|ratified|passed)\b[^.;,]*"),
    (
        "approval",
        rf"\b(?:is|are|was|were) (?:still )?to be (?:approved|ratified|adopted|endorsed|submitted to)\b(?: by)? (?:the )?(?:\w+ ){{0,3}}?(?:{_PARL}|parliament|council|congress)[^.;,]*",
    ),
    # reciprocity
    (
        "reciprocity",
        r"\bmatch(?:ing|es)?\s(?:\w+\s){0,8}?(?:donated|pledged|contributed|raised|given|in pledges|from other donors|by other donors)\b[^.;,]*",
    ),
    (
        "reciprocity",
        r"\b(?:if|provided that|as long as|on condition that|contingent (?:up)?on|conditional (?:up)?on|dependent on)\s(?:the )?(?:other|fellow|more)\s(?:\w+\s){0,2}?(?:donors|countries|allies|partners|members|nations|governments|contributors)\b[^.;]*",
    ),
    (
        "reciprocity",
        r"\b(?:if|provided that|as long as|on condition that)\s(?:the )?(?:US|U\.S\.|United States|Washington|Americans?)\s(?:\w+\s){0,3}?(?:contributes?|joins?|provides?|backs?|supports?|participates?)\b[^.;,]*",
    ),
    (
        "reciprocity",
        r"\b(?:support|contributions?|funding|pledges|commitments) from other (?:donors|countries|partners|allies|members)\b",
    ),
    ("reciprocity", r"\b(?:US|U\.S\.|American|Washington's) (?:backstop|security backstop|backing)\b"),
    ("reciprocity", r"\bmatch\w*\s(?:\w+\s)?(?:pound|dollar|euro)[- ]for[- ](?:pound|dollar|euro)\b[^.;,]*"),
    # limitation
    (
        "limitation",
        r"\b(?:they|troops|forces|soldiers|it|we|which)?\s?(?:will|would|shall|are|is|do|does)\s(?:not|never)\s(?:\w+\s){0,2}?(?:engage in (?:combat|fighting)|fight|take part in (?:combat|fighting)|be (?:deployed|stationed|sent) (?:to|on|at|near) the front(?:line| line)?s?|cross into)\b[^.;,]*",
    ),
    (
        "limitation",
        r"\b(?:\w+\s){0,2}?(?:are|is) not going to (?:fight|engage|be deployed|take part)\b[^.;]*",
    ),
    ("limitation", r"\bnot (?:be )?(?:on|at|near) the front ?lines?\b"),
    ("limitation", r"\b(?:\w+\s)?(?:are|is|will be|would be) not (?:permanent|combat)\b[^.;]*"),
    (
        "limitation",
        r"\bno\s(?:\w+\s){0,2}?(?:support|aid|funding|money|assistance|funds)\s(?:goes|will go|will be given|is given|will be paid|is paid)\sto\b[^.;]*",
    ),
    ("limitation", r"\b(?:\w+\s){0,2}not exceeding\s[^.;,]*"),
    ("limitation", r"\b(?:capped at|limited to|no more than)\s[^.;,]*"),
    (
        "limitation",
        r"\b(?:compatible|consistent|in line|in accordance) with (?:\w+\s){0,3}?(?:rules|regulations|procedures|law|laws)\b",
    ),
    (
        "limitation",
        r"\b(?:non-combat|non-lethal|purely defensive|defensive purposes only|only for (?:defensive|training) purposes|away from the front ?lines?)\b",
    ),
    # timing
    ("timing", rf"\bby (?:the end of )?(?:{_MONTH} )?(?:\d{{1,2}} )?{_YEAR}\b"),
    (
        "timing",
        r"\bby the (?:end|middle|start|beginning) of (?:this|next|the|the current|the coming) (?:year|month|decade|summer|winter|spring|autumn|fall|quarter)\b",
    ),
    (
        "timing",
        r"\b(?:over|within|during|in|for) the (?:next|coming|following) (?:\w+ ){0,2}?(?:days|weeks|months|years|decade|decades)\b",
    ),
    ("timing", rf"\b(?:within|over|for) (?:the )?(?:next )?{_NUMWORD} (?:days|weeks|months|years)\b"),
    (
        "timing",
        rf"\b(?:for |in |through |until |till |from )(?:the (?:period|years?) )?(?:until )?(?:{_MONTH} )?{_YEAR}(?:\s?(?:-|–|to|through|until|and)\s?{_YEAR})?\b",
    ),
    ("timing", r"\b(?:this|next) (?:year|month|fiscal year|financial year)\b"),
    (
        "timing",
        rf"\b(?:for|over|in|during) (?:the course of )?(?:the |our |its |their )?(?:coming |next |{_YEAR}(?:[-–/](?:\d\d){{1,2}})?\s?)?(?:financial|fiscal|budget) years?\b",
    ),
    ("timing", rf"\bover {_YEAR}\s?(?:-|–|to|and)\s?{_YEAR}\b"),
    ("timing", rf"\bfor (?:another|a further|an additional) (?:{_NUMWORD} )?(?:years?|months?)\b"),
    (
        "timing",
        rf"\b{_NUMWORD}[- ](?:year|month)(?: support)? (?:package|plan|programme|program|commitment|pledge|period|partnership|agreement|deal)\b",
    ),
    ("timing", r"\bvalid for (?:\w+ ){1,2}(?:years?|months?)\b[^.;,]*"),
    # other
    ("other", r"\bin the event (?:of|that|it|they|Ukraine|of any)\s[^.;,]*"),
    ("other", r"\b(?:depends|depended|depending|will depend) (?:up)?on\s[^.;,]*"),
    (
        "other",
        r"\b(?:contingent|conditional|dependent|conditioned) (?:up)?on (?!(?:a |an |the )?(?:ceasefire|cease-fire|truce|peace|other|parliament|approval|congress))[^.;,]*",
    ),
    (
        "other",
        r"\buntil (?!(?:the )?(?:end|middle|start|beginning)\b)(?!(?:\d|19|20))(?:[A-Z]\w+|the|it|they)\s[^.;]*",
    ),
    (
        "other",
        r"\bprovided (?:that )?(?!(?:by|to|for|with|in|through|at|since)\b)(?:\w+\s){1,3}?(?:is|are|remains?|meets?|continues?)\b[^.;,]*",
    ),
]

PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _RAW]
CEASEFIRE_KINDS = frozenset({"ceasefire", "peace_agreement"})


@dataclass(slots=True)
class ConditionMatch:
    kind: str
    start: int  # character offsets into the searched string
    end: int
    text: str


def find_conditions(text: str) -> list[ConditionMatch]:
    """All conditions in `text`; overlapping matches of one kind are kept once (the first)."""
    return list(_find_conditions_cached(text))


@lru_cache(maxsize=8192)
def _find_conditions_cached(text: str) -> tuple[ConditionMatch, ...]:
    out: list[ConditionMatch] = []
    # hard-wrapped text ("for\nthe 2024-2025 financial year") reads as one line; offsets are unchanged
    flat = text.replace("\r", " ").replace("\n", " ")
    for kind, rx in PATTERNS:
        for m in rx.finditer(flat):
            start, end = m.start(), m.end()
            frag = m.group(0)
            stripped = frag.strip(" ,;:–—-\"“”'")
            if not stripped:
                continue
            start += frag.index(stripped[0])
            end = start + len(stripped)
            if any(c.kind == kind and c.start < end and start < c.end for c in out):
                continue
            if kind == "other" and any(c.start <= start < c.end for c in out):
                continue  # "contingent on a ceasefire" is not also "other"
            out.append(ConditionMatch(kind, start, end, text[start:end]))
    out.sort(key=lambda c: c.start)
    return tuple(out)
