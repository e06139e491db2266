"""Find pledges: sentences where an actor commits to give or do something.

A spaCy Matcher proposes trigger tokens (pledge verbs, "will/could + deploy/provide…",
"signed an agreement", "announced a package"); each is then checked in its sentence for
negation, demands on others and cumulative past totals. The actor is the subject part
of the clause (countries, organisations, people through their office), a group of
states resolved to the coalition the article names, or the speaker of a quote for
"we". One pledge is emitted per actor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from . import lexicon as lx
from .amounts import AmountMatch, find_amounts
from .categories import article_category, categorise
from .conditions import CEASEFIRE_KINDS, ConditionMatch, find_conditions
from .dates import announced_on, reference_year
from .entities import DocEntities, EntityIndex, Hit
from .syntax import Clause, SyntaxModel, read_clauses
from .types import Amount, ConditionResult, PledgeResult

# --- trigger vocabulary ------------------------------------------------------------------
STRONG = [
    "pledge",
    "pledged",
    "pledges",
    "pledging",
    "promise",
    "promised",
    "promises",
    "promising",
    "vow",
    "vowed",
    "vows",
    "vowing",
]
COMMIT = ["commit", "commits", "committed", "committing"]
AGREE = ["agree", "agreed", "agrees", "agreeing"]
SIGN = ["sign", "signed", "signs", "signing"]
ANNOUNCE = ["announce", "announced", "announces", "announcing", "unveil", "unveiled", "unveils", "unveiling"]
MAKE = ["make", "made", "makes", "making"]
MODALS = ["will", "would", "could", "shall", "'ll", "can"]
INTEND = [
    "intend",
    "intends",
    "intended",
    "plan",
    "plans",
    "planned",
    "planning",
    "aim",
    "aims",
    "ready",
    "willing",
    "prepared",
    "set",
    "decided",
    "determined",
    "going",
    "expected",
]
ADVERBS = [
    "also",
    "further",
    "then",
    "soon",
    "now",
    "still",
    "swiftly",
    "quickly",
    "immediately",
    "continue",
    "to",
    "jointly",
    "together",
    "additionally",
    "again",
    "promptly",
    "urgently",
    "rapidly",
    "significantly",
    "substantially",
    "both",
    "each",
    "all",
    "be",
]
ACTIONS = [
    "send",
    "deploy",
    "provide",
    "fund",
    "contribute",
    "donate",
    "allocate",
    "give",
    "deliver",
    "supply",
    "train",
    "support",
    "increase",
    "invest",
    "work",
    "host",
    "commit",
    "pledge",
    "finance",
    "establish",
    "join",
    "fly",
    "reposition",
    "forward",
    "issue",
    "step",
    "amount",
    "offer",
    "grant",
    "disburse",
    "double",
    "boost",
    "expand",
    "build",
    "open",
    "launch",
    "extend",
    "continue",
    "equip",
    "station",
    "transfer",
    "lend",
    "match",
    "cover",
    "bolster",
    "guarantee",
    "consult",
    "maintain",
    "raise",
    "dedicate",
    "spend",
    "create",
    "lead",
    "assist",
    "protect",
    "defend",
    "purchase",
    "procure",
    "buy",
    "rebuild",
    "reconstruct",
    "co-finance",
    "recognise",
    "recognize",
    "impose",
    "freeze",
    "immobilize",
    "immobilise",
    "keep",
    "stand",
    "help",
    "set",
    "make",
    "sign",
    "contribute",
]
PARTICIPLES = [
    "sent",
    "deployed",
    "provided",
    "delivered",
    "allocated",
    "given",
    "supplied",
    "stationed",
    "dispatched",
    "donated",
    "disbursed",
    "made",
    "committed",
    "pledged",
    "transferred",
]
PROGRESSIVE = [
    "committing",
    "pledging",
    "providing",
    "sending",
    "delivering",
    "deploying",
    "contributing",
    "donating",
    "allocating",
    "giving",
    "making",
]
INSTRUCT = ["instructed", "ordered", "directed", "tasked"]
AUTHORIZE = [
    "authorization",
    "authorisation",
    "authorized",
    "authorised",
    "authorizes",
    "authorises",
    "approved",
    "approves",
]
REAFFIRM = ["reaffirm", "reaffirmed", "reaffirms", "reaffirming", "reiterate", "reiterated", "reiterates"]
CONTENT = [
    "stipulates",
    "stipulate",
    "envisages",
    "envisage",
    "formalises",
    "formalizes",
    "formalise",
    "formalize",
    "provides",
    "confirms",
    "foresees",
    "obliges",
    "obligates",
]
ALLOCATE = ["allocate", "allocated", "allocates", "allocating", "earmark", "earmarked", "earmarks"]

AGREEMENT_NOUNS = frozenset(
    [
        "agreement",
        "agreements",
        "declaration",
        "letter",
        "memorandum",
        "accord",
        "deal",
        "pact",
        "treaty",
        "charter",
        "arrangement",
        "communique",
        "communiqué",
        "statement",
    ]
)
PLEDGE_NOUNS = frozenset(
    [
        "package",
        "packages",
        "assistance",
        "aid",
        "funding",
        "pledge",
        "pledges",
        "contribution",
        "contributions",
        "support",
        "commitment",
        "commitments",
        "deployment",
        "money",
        "grant",
        "grants",
        "loan",
        "loans",
        "allocation",
        "donation",
        "tranche",
        "financing",
        "funds",
    ]
)
REAFFIRM_NOUNS = frozenset(
    ["commitment", "commitments", "pledge", "pledges", "promise", "guarantee", "guarantees"]
)
NEGATORS = frozenset(
    [
        "not",
        "n't",
        "never",
        "no",
        "neither",
        "nor",
        "refuse",
        "refused",
        "refuses",
        "refusing",
        "declined",
        "declines",
        "rejected",
        "rejects",
    ]
)
DEMAND = frozenset(
    [
        "must",
        "should",
        "ought",
        "urge",
        "urged",
        "urges",
        "urging",
        "appeal",
        "appealed",
        "appeals",
        "appealing",
        "encourage",
        "encouraged",
        "encourages",
        "encouraging",
        "demand",
        "demanded",
        "demands",
        "demanding",
        "asked",
        "asks",
        "asking",
        "called",
        "calls",
        "calling",
        "call",
        "invited",
        "invites",
        "need",
        "needs",
    ]
)
CUMULATIVE = re.compile(
    r"\b(since (?:the|\d{4}|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|then|last)|to date|so far|in total|altogether)\b",
    re.I,
)
NON_AGENT_PREPS = frozenset(
    [
        "to",
        "for",
        "with",
        "from",
        "against",
        "on",
        "in",
        "into",
        "at",
        "toward",
        "towards",
        "over",
        "about",
        "than",
        "between",
        "among",
        "via",
        "through",
        "across",
        "after",
        "before",
        "despite",
        "like",
        "meeting",
        "met",
        "visit",
        "visited",
        "visiting",
        "including",
        "inside",
        "near",
        "under",
        "onto",
        "upon",
        "within",
        "without",
        "per",
    ]
)
OF_OWNERS = lx.TITLE_HEADS | frozenset(
    [
        "government",
        "governments",
        "emir",
        "king",
        "queen",
        "president",
        "prime",
        "minister",
        "republic",
        "kingdom",
        "state",
        "head",
        "leaders",
        "leader",
        "people",
        "parliament",
        "ministry",
        "sultan",
        "crown",
    ]
)
FIRST_PERSON = frozenset(["we", "i", "our", "us", "my"])
AGREEMENT_SUBJECTS = frozenset(
    [
        "agreement",
        "document",
        "deal",
        "treaty",
        "pact",
        "declaration",
        "it",
        "accord",
        "memorandum",
        "text",
        "arrangement",
    ]
)
GOV_SUBJECTS = frozenset(
    [
        "government",
        "administration",
        "department",
        "ministry",
        "pentagon",
        "dod",
        "president",
        "prime",
        "minister",
        "chancellor",
        "secretary",
        "cabinet",
        "kremlin",
        "white",
        "house",
        "treasury",
        "state",
        "department",
        "minister",
    ]
)
BENEFICIARY_PREV = frozenset(
    [
        "to",
        "for",
        "support",
        "supporting",
        "supports",
        "help",
        "helping",
        "assist",
        "assisting",
        "provide",
        "providing",
        "give",
        "giving",
        "arm",
        "arming",
        "bolster",
        "equip",
        "equipping",
        "train",
        "training",
        "over",
        "in",
        "inside",
        "protect",
        "defend",
        "benefit",
        "rebuild",
    ]
)
MONEY_WORDS = re.compile(r"\b(million|billion|funding|funds|allocated|financ\w*|budget)\b", re.I)
DEPLOY_WORDS = re.compile(
    r"\b(deploy\w*|sen[dt]\b|station\w*|peacekeep\w*|reassurance force|multinational force|the force\b|"
    r"troops|soldiers|boots on the ground)",
    re.I,
)
_OWNED_GIFTS = frozenset(
    ["forces", "troops", "military", "army", "navy", "contribution", "share", "offer", "donation", "budget"]
)
CONFLICT_NOUNS = frozenset(
    [
        "ceasefire",
        "cease-fire",
        "truce",
        "war",
        "conflict",
        "fighting",
        "border",
        "talks",
        "negotiations",
        "tensions",
    ]
)
_HOSTILE_DEEDS = frozenset(
    ["war", "invasion", "aggression", "attack", "attacks", "violations", "strikes", "bombardment",
     "occupation", "threat", "threats", "blockade", "annexation", "missiles", "drones", "forces"]
)  # fmt: skip
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
_NO_START = re.compile(r"^[\"“]?no\b", re.I)
ANAPHORIC_START = re.compile(
    r"^[\"“]?(?:this|these|those|they|it|such|the (?:contribution|pledge|funding|support|package|increase|"
    r"investment|commitment|agreement|document|deal|money|aid|assistance|forces|troops|deployment|"
    r"declaration|allocation|grant|loan|programme|program)s?)\b",
    re.I,
)


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


_EARLIER = re.compile(
    r"\b(?:in|on|last|since) (?:(?:early|late|mid)[- ])?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|(?:19|20)\d\d|week|month|year)\b|\b(?:earlier|previously)\b"
)
# "This includes $212 million that …": the breakdown of the sum just pledged
_BREAKDOWN = re.compile(
    r"^[\"“]?(?:this|that|it|the (?:package|total|sum|funding|amount)) (?:also )?includes?\b", re.I
)
_NEW_MONEY = re.compile(r"\b(?:additional|further|extra|new)\s*$", re.I)
_OF_FUNDING = re.compile(
    r"\s*(?:of|in|from)\s+(?:the\s+)?(?P<owner>\S+(?:\s\S+){0,2}?)\s+(?:government\s+)?"
    r"(?:funding|aid|assistance|support|money|grants?|financing)\b",
    re.I,
)
_COPULAS = frozenset(["remains", "remain", "stays", "stay", "stands", "been"])
# the named instrument a state runs is no actor: "Denmark's Ukraine Fund", "the Ukraine Facility"
INSTRUMENT_NOUNS = frozenset(
    ["fund", "facility", "trust", "programme", "program", "initiative", "mechanism", "compact", "window"]
)
VAGUE_VERBS = frozenset(["work", "continue", "stand", "keep", "help", "support", "cooperate"])
_PAST_FRAME = re.compile(
    r"^[\"“]?(?:in|during|back in|throughout|at the end of|by the end of)\s+(?:(?:early|late|mid)[- ])?"
    r"(?:[A-Z][a-z]+\s+)?(?:\d{1,2}\s+)?((?:19|20)\d\d)\b",
    re.I,
)
_FUTURE = re.compile(r"\b(?:will|shall|would|'ll|going to|plans? to|intends? to)\b", re.I)


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


class PledgeFinder:
    """Trigger matcher plus the sentence-level rules; built once per Extractor."""

    def __init__(self, nlp: Language, index: EntityIndex, syntax: SyntaxModel | None = None) -> None:
        self.index = index
        self.syntax = syntax
        m = _FastMatcher(nlp.vocab)
        m.add("STRONG", [[{"LOWER": {"IN": STRONG}}]])
        m.add("COMMIT", [[{"LOWER": {"IN": COMMIT}}]])
        m.add(
            "AGREE",
            [
                [{"LOWER": {"IN": AGREE}}, {"LOWER": {"IN": ["to", "on", "that", "pledges", "a", "an"]}}],
                # "agreed at their summit on Friday to reverse …"
                [
                    {"LOWER": {"IN": ["agreed", "agree"]}},
                    {"LOWER": {"IN": ["at", "in", "during", "today", "yesterday", "this", "last", "on"]}},
                    {"LOWER": {"NOT_IN": ["to", "that", ".", ";", "not"]}, "OP": "{1,10}"},
                    {"LOWER": "to"},
                ],
            ],
        )
        m.add("SIGN", [[{"LOWER": {"IN": SIGN}}]])
        m.add("ANNOUNCE", [[{"LOWER": {"IN": ANNOUNCE}}]])
        m.add(
            "MAKE_PLEDGE",
            [
                [
                    {"LOWER": {"IN": MAKE}},
                    {"LOWER": {"IN": ["a", "an", "its", "their", "our", "the", "this", "his", "her", "new"]}},
                    {"IS_ALPHA": True, "OP": "{0,3}"},
                    {"LOWER": {"IN": ["pledge", "commitment", "contribution", "donation"]}},
                ]
            ],
        )
        m.add(
            "MODAL",
            [
                [
                    {"LOWER": {"IN": MODALS}},
                    {"LOWER": {"IN": ADVERBS}, "OP": "*"},
                    {"LOWER": {"IN": ACTIONS}},
                ],
                [
                    {"LOWER": {"IN": MODALS}},
                    {"LOWER": {"IN": ADVERBS}, "OP": "*"},
                    {"LOWER": "be"},
                    {"LOWER": {"IN": PARTICIPLES}},
                ],
            ],
        )
        m.add(
            "INTEND",
            [
                [
                    {"LOWER": {"IN": INTEND}},
                    {"LOWER": "to"},
                    {"LOWER": {"IN": ADVERBS}, "OP": "*"},
                    {"LOWER": {"IN": ACTIONS}},
                ]
            ],
        )
        m.add(
            "PROGRESSIVE",
            [
                [
                    {"LOWER": {"IN": ["is", "are", "am"]}},
                    {"LOWER": {"IN": ADVERBS}, "OP": "*"},
                    {"LOWER": {"IN": PROGRESSIVE}},
                ]
            ],
        )
        m.add("INSTRUCT", [[{"LOWER": {"IN": INSTRUCT}}]])
        m.add("AUTHORIZE", [[{"LOWER": {"IN": AUTHORIZE}}]])
        m.add("REAFFIRM", [[{"LOWER": {"IN": REAFFIRM}}]])
        m.add("CONTENT", [[{"LOWER": {"IN": CONTENT}}]])
        m.add("ALLOCATE", [[{"LOWER": {"IN": ALLOCATE}}]])
        m.add(
            "ANNOUNCE_INTENT",
            [
                [
                    {"LOWER": {"IN": ANNOUNCE}},
                    {"LOWER": {"IN": ["our", "their", "its"]}},
                    {"LOWER": {"IN": ["intent", "intention"]}},
                ]
            ],
        )
        self.matcher = m
        self.vocab = nlp.vocab

    # --------------------------------------------------------------------------------------
    def find(
        self,
        doc: Doc,
        spans: list[tuple[int, int]],
        ents: DocEntities,
        published: dt.date | None,
        explain: list[tuple[int, str]] | None = None,
    ) -> list[PledgeResult]:
        """Pledges of one article; `explain`, when given, collects (character offset, why) notes."""

        def note(s: _Sent, why: str) -> None:
            if explain is not None:
                explain.append((s.char_start, why))

        sents = self._sentences(doc, spans, ents)
        if not sents:
            return []
        tok_sent = {}
        for s in sents:
            for t in range(s.start, s.end):
                tok_sent[t] = s.index
        triggers: dict[int, list[tuple[str, int, int]]] = {}
        for match_id, start, end in self.matcher(doc):
            si = tok_sent.get(start)
            if si is None:
                continue
            triggers.setdefault(si, []).append((self.vocab.strings[match_id], start, end))
        focal, marked = self._focal_beneficiary(doc, ents.hits)
        # a state only ever named (never helped "to"/"for") is as likely the publisher as the receiver
        home = self._home_country(doc, ents.hits, focal if marked else None)
        home_actor = self._home_actor(doc, ents.hits, focal if marked else None) or (
            home and (home, "country")
        )
        coalitions = [
            h
            for h in ents.hits
            if h.kind == "organisation"
            and self.index.org_kind.get(h.key, "ad_hoc_coalition") in {"ad_hoc_coalition", "alliance", "bloc"}
        ]
        ref_year = reference_year(doc.text, published)
        drafts: list[_Draft] = []
        last_agreement_actors: list[tuple[str, str]] = []
        currency = None
        # only sentences that can name an actor are parsed: an entity, "we", or an official
        parseable = [
            (x.start, x.end) for x in sents if not x.headline and (x.hits or _ACTOR_WORDS.search(x.text))
        ]
        parses = self.syntax.parse(doc, parseable) if self.syntax else {}
        signatories = self._collective(doc, sents)
        for s in sents:
            clauses = read_clauses(parses[s.start]) if s.start in parses else []
            if explain is not None:
                for label, t_start, _ in triggers.get(s.index, ()):
                    note(s, f"word-order trigger {label} at {doc[t_start].text!r}")
                for c in clauses:
                    note(
                        s, f"clause {c.rule} at {doc[c.head].text!r}: mood {c.mood}, actor by {c.actor_role}"
                    )
                if s.start not in parses and self.syntax is not None:
                    note(s, "not parsed: no actor word or no commitment word")
            money_here = [
                a for a in find_amounts(s.text, currency) if a.unit not in {"troops", "percent_gdp", "people"}
            ]
            np_ok = (
                not s.headline
                and money_here
                and not s.text.rstrip().endswith("?")
                and not _past_frame(s.text, ref_year)
                and not CUMULATIVE.search(s.text)
            )
            summary_line = s.headline and s.bullet and bool(money_here)
            if (
                (s.headline and not summary_line)
                or not (triggers.get(s.index) or clauses)
                or s.text.rstrip().endswith("?")
                or _past_frame(s.text, ref_year)
            ):
                if explain is not None and (triggers.get(s.index) or clauses):
                    why = (
                        "a headline"
                        if s.headline
                        else "a question"
                        if s.text.rstrip().endswith("?")
                        else "past"
                    )
                    note(s, f"dropped: the sentence is {why}")
                if np_ok:
                    drafts.extend(self._funding_np(doc, s, money_here, focal))
                if money_here:
                    currency = money_here[-1].unit
                continue
            sent_drafts: list[_Draft] = []
            for label, t_start, t_end in sorted(triggers.get(s.index, ()), key=lambda x: x[1]):
                if not self._valid(doc, s, label, t_start, t_end):
                    note(s, f"{label} dropped: negated, a demand, a wish or a refusal")
                    continue
                actors, implicit = self._actors(
                    doc, s, sents, label, t_start, t_end, coalitions, drafts, last_agreement_actors, home
                )
                if not actors:
                    note(s, f"{label} dropped: no actor found")
                    continue
                content = label == "CONTENT" or (
                    label != "SIGN"
                    and any(doc[t].lower_ in AGREEMENT_SUBJECTS for t in range(s.start, t_start))
                )
                for key, kind in actors:
                    if any(d.actor == key for d in sent_drafts):
                        continue
                    d = _Draft(key, kind, s.index, s.index, t_start, implicit, content, label)
                    d.rule = f"legacy:{label}"
                    d.verb = doc[t_end - 1].lower_
                    d.also = any(doc[k].lower_ == "also" for k in range(max(s.start, t_start - 2), t_end))
                    sent_drafts.append(d)
                if label in {"SIGN", "AGREE"} or any(
                    doc[t].lower_ in AGREEMENT_NOUNS for t in range(s.start, s.end)
                ):
                    last_agreement_actors = [(d.actor, d.actor_kind) for d in sent_drafts]
            for d in self._syntax_drafts(
                doc, s, sents, clauses, drafts, sent_drafts, home_actor, signatories
            ):
                sent_drafts.append(d)
            # "$8.5 billion, including over $1 billion from the United States"
            for extra in self._sub_pledges(doc, s, currency):
                key, kind, amount = extra
                existing = next((d for d in sent_drafts if d.actor == key), None)
                if existing is not None:
                    existing.amount, existing.amount_fixed = amount, True
                    continue
                if not sent_drafts and not triggers.get(s.index):
                    continue
                d = _Draft(key, kind, s.index, s.index, s.start, False, False)
                d.rule = "legacy:SUB_PLEDGE"
                d.amount, d.amount_fixed = amount, True
                sent_drafts.append(d)
            # drop the beneficiary from the actors when others act for it
            self._beneficiaries(doc, s, sent_drafts, focal)
            if len(sent_drafts) > 1:
                sent_drafts = [d for d in sent_drafts if not (d.beneficiary and d.beneficiary[0] == d.actor)]
                if focal and any(d.actor != focal[0] for d in sent_drafts):
                    sent_drafts = [d for d in sent_drafts if d.actor != focal[0]]
            sent_drafts = [d for d in sent_drafts if not (d.beneficiary and d.beneficiary[0] == d.actor)]
            if focal:
                # the state an agreement is signed with/for does not pledge to itself
                sent_drafts = [
                    d
                    for d in sent_drafts
                    if not (
                        d.actor == focal[0]
                        and (
                            d.label in {"SIGN", "AGREE", "CONTENT"}
                            or d.verb == "sign"  # "will sign"
                            # the most named state announcing its own sum is the donor, not the receiver
                            or (
                                d.beneficiary is None
                                and not (money_here and d.label in {"ANNOUNCE", "STRONG"})
                            )
                        )
                    )
                ]
            for d in sent_drafts:
                if not d.amount_fixed:
                    d.amount = self._pick_amount(
                        s, d, sent_drafts, currency, doc[d.trigger_tok].idx - s.char_start
                    )
            for d in sent_drafts:
                d.summary = summary_line
            drafts.extend(sent_drafts)
            if np_ok and not sent_drafts:
                drafts.extend(self._funding_np(doc, s, money_here, focal))
            if money_here:
                currency = money_here[-1].unit
        self._breakdowns(drafts, sents)
        prior = article_category(doc.text)
        before = len(drafts)
        drafts = self._merge(drafts, sents, prior)
        if explain is not None and len(drafts) < before:
            explain.append((0, f"{before - len(drafts)} candidate(s) merged into a pledge they restate"))
        drafts = self._split_kinds(doc, drafts, sents)
        ctx = _FinishContext(
            text=doc.text,
            starts={x.sent_first for x in drafts},
            no_sents=[s for s in sents if _NO_START.match(s.text)],
            deploy_sents=[s for s in sents if DEPLOY_WORDS.search(s.text) or "force" in s.text.lower()],
        )
        return [self._finish(doc, d, sents, ents, published, drafts, prior, ctx) for d in drafts]

    # --- syntax ---------------------------------------------------------------------------
    def _syntax_drafts(
        self,
        doc: Doc,
        s: _Sent,
        sents: list[_Sent],
        clauses: list[Clause],
        drafts: list[_Draft],
        sent_drafts: list[_Draft],
        home: tuple[str, str] | None,
        signatories: list[tuple[str, str]],
    ) -> list[_Draft]:
        """Pledges the clause reader finds that the word-order rules did not (new actors only)."""
        taken = {d.actor for d in sent_drafts}
        out: list[_Draft] = []
        for clause in clauses:
            actors = self._clause_actors(doc, s, sents, clause, drafts, signatories)
            if not actors and home and self._speaks_for_home(doc, clause):
                # "the Defence Secretary committed …", "we will continue …" in a government's release
                actors = [home]
                clause.confidence -= 0.15
            for key, kind in actors:
                if key in taken:
                    continue
                taken.add(key)
                d = _Draft(
                    key, kind, s.index, s.index, clause.head, clause.actor_role != "subject", False, "SYNTAX"
                )
                d.verb = clause.lemma
                d.rule = clause.rule
                d.confidence = clause.confidence
                out.append(d)
        return out

    def _collective(self, doc: Doc, sents: list[_Sent]) -> list[tuple[str, str]]:
        """The signatories of a joint statement, named at its top ("Joint Statement by A, B and C",
        "The governments of A, B and C welcome …"); they are its "we"."""
        for s in sents[:6]:
            low = s.text.lower()
            if not any(
                w in low
                for w in ("joint statement", "joint declaration", "joint communiqu", "governments of")
            ):
                continue
            found: list[tuple[str, str]] = []
            for h in s.hits:
                aff = self._affiliation(h)
                if aff and aff[1] == "country" and aff not in found:
                    found.append(aff)
            if len(found) >= 2:
                return found
        return []

    def _speaks_for_home(self, doc: Doc, clause: Clause) -> bool:
        """An unnamed official, an unknown minister or "we": the government the text is from."""
        if clause.actor_role == "first_person":
            return True
        if clause.actor_role in {"subject", "agent"}:
            words = {doc[i].lower_ for tokens in clause.actor_phrases for i in tokens}
            return bool(words & _OFFICIALS) or bool(words & _INSTITUTIONS)
        return False

    def _clause_actors(
        self,
        doc: Doc,
        s: _Sent,
        sents: list[_Sent],
        clause: Clause,
        drafts: list[_Draft],
        signatories: list[tuple[str, str]],
    ) -> list[tuple[str, str]]:
        if clause.actor_role == "first_person":
            if s.speaker is not None and (aff := self._affiliation(s.speaker)):
                return [aff]
            if signatories and not s.quoted:
                return list(signatories)  # "we" of a joint statement: every signatory
            prev = self._recent_actor(drafts, s.index)
            return [prev] if prev else []
        if clause.actor_role == "previous":
            prev = self._recent_actor(drafts, s.index)
            return [prev] if prev and s.index - max(d.sent_last for d in drafts) <= 2 else []
        if clause.actor_role == "pronoun":
            if clause.pronoun in {"he", "she"}:
                persons = [h for h in s.hits if h.kind == "person" and h.start < clause.head]
                person = persons[-1] if persons else s.speaker
                if person is None:
                    for prev_s in reversed(sents[max(0, s.index - 3) : s.index]):
                        found = [h for h in prev_s.hits if h.kind == "person"]
                        if found:
                            person = found[-1]
                            break
                aff = self._affiliation(person) if person is not None else None
                return [aff] if aff else []
            prev = self._recent_actor(drafts, s.index)
            return [prev] if prev else []
        out: list[tuple[str, str]] = []
        for tokens in clause.actor_phrases:
            inside = set(tokens)
            for h in s.hits:
                if h.start in inside and (h.end - 1) in inside and (aff := self._affiliation(h)):
                    if h.kind == "country" and not (h.state or h.via == "demonym"):
                        continue
                    if clause.actor_role == "subject" and not self._subject_capable(doc, h, "SYNTAX"):
                        continue  # "Canada's Nigeria Facility": a fund named after its beneficiary
                    if aff not in out:
                        out.append(aff)
        return out

    # --- sentences, quotes, speakers ------------------------------------------------------
    def _sentences(self, doc: Doc, spans: list[tuple[int, int]], ents: DocEntities) -> list[_Sent]:
        text = doc.text
        quoted = _quote_mask(text)
        out: list[_Sent] = []
        hits = ents.hits
        hi = 0
        for i, (start, end) in enumerate(spans):
            cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            stext = text[cs:ce]
            line_start = text.rfind("\n", 0, cs) + 1
            line_end = text.find("\n", ce)
            line_end = len(text) if line_end < 0 else line_end
            whole_line = not text[line_start:cs].strip() and not text[ce:line_end].strip()
            bullet = stext.lstrip()[:1] in {"-", "•", "*", "–"}
            headline = whole_line and (
                (not _closed(stext) and (bullet or len(stext) < 400)) or (bullet and _open_quote_end(stext))
            )
            first_alpha = next((k for k in range(cs, ce) if text[k].isalpha()), cs)
            s = _Sent(
                i,
                start,
                end,
                cs,
                ce,
                stext,
                headline,
                quoted[first_alpha] if first_alpha < len(quoted) else False,
            )
            while hi < len(hits) and hits[hi].start < start:
                hi += 1
            k = hi
            while k < len(hits) and hits[k].start < end:
                s.hits.append(hits[k])
                k += 1
            s.bullet = bullet
            out.append(s)
        self._speakers(doc, out, quoted)
        return out

    def _speakers(self, doc: Doc, sents: list[_Sent], quoted: list[bool]) -> None:
        """Who speaks in each sentence: an attributed person, the quote's speaker, or a block speaker."""
        last_person: Hit | None = None
        block: Hit | None = None
        block_left = 0
        attributed: list[Hit | None] = []
        for s in sents:
            found = None
            for t in range(s.start, s.end):
                tok = doc[t]
                if tok.lower_ not in lx.SPEECH_VERBS or quoted[tok.idx]:
                    continue
                near = [
                    h
                    for h in s.hits
                    if h.kind == "person" and abs(h.start - t) <= 6 and not quoted[doc[h.start].idx]
                ]
                if near:
                    found = min(near, key=lambda h: abs(h.start - t))
                    break
                window = [doc[k].lower_ for k in range(max(s.start, t - 2), min(s.end, t + 3))]
                if ("he" in window or "she" in window) and last_person is not None:
                    found = last_person
                    break
            persons = [h for h in s.hits if h.kind == "person"]
            if persons:
                last_person = persons[-1]
            attributed.append(found)
        for i, s in enumerate(sents):
            speaker = attributed[i]
            if speaker is None and s.quoted:
                # the attribution sits in the sentence closing the quote, or before it opened
                for j in range(i, min(len(sents), i + 6)):
                    if attributed[j] is not None:
                        speaker = attributed[j]
                        break
                    if not sents[j].quoted and j > i:
                        break
                if speaker is None:
                    for j in range(i - 1, max(-1, i - 6), -1):
                        if attributed[j] is not None:
                            speaker = attributed[j]
                            break
            if speaker is None and block is not None and block_left > 0:
                speaker = block
            if attributed[i] is not None and s.text.rstrip().endswith(":"):
                block, block_left = attributed[i], 6
            elif block_left > 0:
                block_left -= 1
            s.speaker = speaker

    # --- validation -----------------------------------------------------------------------
    def _valid(self, doc: Doc, s: _Sent, label: str, start: int, end: int) -> bool:
        low = [t.lower_ for t in doc[s.start : s.end]]
        rel = start - s.start
        before = low[max(0, rel - 3) : rel]
        if any(w in NEGATORS for w in before) and label not in {"CONTENT"}:
            return False
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
            return True
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
            if verb in {"help", "make", "set", "keep", "stand"}:
                return has_amount or any(w in PLEDGE_NOUNS | {"with", "by", "up"} for w in after[:6])
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

    # --- actors ---------------------------------------------------------------------------
    def _affiliation(self, hit: Hit) -> tuple[str, str] | None:
        if hit.kind == "country":
            return (hit.key, "country") if (hit.state or hit.via == "demonym") else None
        if hit.kind == "organisation":
            return None if hit.via == "unknown_org" else (hit.key, "organisation")
        if hit.country:
            return (hit.country, "country")
        if hit.organisation:
            return (hit.organisation, "organisation")
        return None

    def _subject_capable(self, doc: Doc, hit: Hit, label: str) -> bool:
        k = hit.start - 1
        while k >= 0 and doc[k].lower_ in {"the", "a", "an", "both"}:
            k -= 1
        if k < 0:
            return True
        prev = doc[k].lower_
        if (
            hit.kind == "country"
            and hit.via == "demonym"
            and hit.end < len(doc)
            and doc[hit.end].lower_ in lx.PEOPLE_NOUNS
        ):
            return False
        if hit.kind == "country" and not hit.state and hit.via != "demonym":
            return False
        if (
            hit.kind == "country"
            and hit.end + 1 < len(doc)
            and doc[hit.end].text[:1].isupper()
            and doc[hit.end].lower_ in INSTRUMENT_NOUNS
        ):
            return False
        if prev == "of":
            return k > 0 and doc[k - 1].lower_ in OF_OWNERS
        if prev == "with" and label in {"SIGN", "CONTENT", "AGREE"}:
            return True
        if prev in NON_AGENT_PREPS:
            return False
        # "Russia's invasion", "Denmark's Ukraine Fund": possessives own the noun after them
        if hit.kind == "organisation" and hit.via == "unknown_org" and prev in {"'s", "’s"}:
            return False
        return not self._owns_a_deed(doc, hit)

    def _owns_a_deed(self, doc: Doc, hit: Hit) -> bool:
        """ "Russia's reckless behaviour", "Iran's attacks": the owner of an act, not of a gift.

        A possessive is an actor when it owns a government, a title, a fund or a pledge
        ("Canada's contribution", "Japan's foreign minister"); it is not when it owns anything else.
        """
        if hit.kind != "country" or hit.end >= len(doc) or doc[hit.end].lower_ not in {"'s", "’s", "'"}:
            return False
        for k in range(hit.end + 1, min(len(doc), hit.end + 4)):
            tok = doc[k]
            low = tok.lower_
            if low in OF_OWNERS or low in PLEDGE_NOUNS or low in GOV_SUBJECTS or low in _OWNED_GIFTS:
                return False
            if tok.text[:1].isupper() and tok.is_alpha:
                return False  # "Denmark's Ukraine Fund", "Britain's Royal Air Force"
            if not tok.is_alpha or low in lx.SUBJECT_GLUE:
                break
        return True

    def _actors(
        self,
        doc: Doc,
        s: _Sent,
        sents: list[_Sent],
        label: str,
        t_start: int,
        t_end: int,
        coalitions: list[Hit],
        drafts: list[_Draft],
        agreement_actors: list[tuple[str, str]],
        home: str | None,
    ) -> tuple[list[tuple[str, str]], bool]:
        """Who commits: explicit "on behalf of X", the subject group, a pronoun's referent, a coalition."""
        for h in s.hits:
            behalf = (h.start >= 2 and doc[h.start - 2].lower_ == "behalf") or (
                h.start >= 3 and doc[h.start - 3].lower_ == "behalf" and doc[h.start - 1].lower_ == "the"
            )
            if behalf and (aff := self._affiliation(h)) is not None:
                return [aff], False
        # "It commits the UK to consult…"
        if doc[t_start].lower_ in {"commits", "obliges", "obligates"}:
            after = [h for h in s.hits if t_end <= h.start <= t_end + 2]
            if after and (aff := self._affiliation(after[0])):
                return [aff], False
        boundary = s.start
        for t in range(t_start - 1, s.start - 1, -1):
            if doc[t].text in {";", ":"} or (
                doc[t].lower_ == "that"
                and t > s.start
                and doc[t - 1].lower_ in lx.SPEECH_VERBS | {"confirmed", "announce"}
            ):
                boundary = t + 1
                break
        co_signers: list[tuple[str, str]] = []
        if label in {"SIGN", "CONTENT", "AGREE"}:
            for h in s.hits:
                if h.start >= 2 and doc[h.start - 2].lower_ in CONFLICT_NOUNS:
                    continue  # "a ceasefire with Russia": the other side, not a co-signer
                if (t_end <= h.start <= t_end + 30 and doc[h.start - 1].lower_ in {"with", "by"}) or (
                    t_end <= h.start <= t_end + 30 and co_signers and doc[h.start - 1].text in {",", "and"}
                ):
                    aff = self._affiliation(h)
                    if aff and aff not in co_signers:
                        co_signers.append(aff)
        # 1. the subject right before the verb, with what is coordinated with it
        group = self._subject_group(doc, s, boundary, t_start, label)
        if group:
            return group, False
        if co_signers:
            return co_signers, False  # "signed by A, B and C", "the agreement signed with X"
        region_words = [doc[t].lower_ for t in range(boundary, t_start)]
        near_words = region_words[-6:]
        named = {t - boundary for h in s.hits for t in range(h.start, h.end)}
        # 2. a group of states, a pronoun, an agreement, a government body
        group_idx = [
            i
            for i, w in enumerate(region_words)
            if w in lx.GROUP_NOUNS
            and i not in named  # "the United States" is a state, not a group
            and i >= len(region_words) - 6
            and not {"by", "with", "other"} & set(region_words[max(0, i - 3) : i])
        ]
        if group_idx:
            generic = any(i > 0 and region_words[i - 1] in lx.GENERIC_GROUP for i in group_idx)
            listed = self._including_list(doc, s, t_end)
            if listed:
                return listed, False
            if generic:
                return [], False
            coalition = self._nearest_coalition(s, coalitions, t_start)
            if coalition:
                return [(coalition.key, "organisation")], True
            return [], False
        for t in range(t_start - 1, max(boundary, t_start - 6) - 1, -1):
            word = doc[t].text
            if word.lower() in lx.CONTINENT_BLOCS and word[:1].isupper():
                bloc = lx.CONTINENT_BLOCS[word.lower()]
                if bloc in self.index.orgs:
                    return [(bloc, "organisation")], False
        if any(w in FIRST_PERSON for w in near_words):
            if s.speaker is not None and (aff := self._affiliation(s.speaker)):
                return [aff], True
            prev = self._recent_actor(drafts, s.index)
            return ([prev], True) if prev else ([], True)
        if any(w in {"he", "she"} for w in near_words):
            persons = [h for h in s.hits if h.kind == "person" and h.start < t_start]
            person = persons[-1] if persons else s.speaker
            if person is None:
                for prev_s in reversed(sents[max(0, s.index - 3) : s.index]):
                    ps = [h for h in prev_s.hits if h.kind == "person"]
                    if ps:
                        person = ps[-1]
                        break
            if person is not None and (aff := self._affiliation(person)):
                return [aff], True
            return [], True
        if "they" in near_words:
            orgs = [h for h in s.hits if h.kind == "organisation" and h.start < t_start]
            if orgs:
                return [(orgs[-1].key, "organisation")], True
            return [], True
        if any(w in AGREEMENT_SUBJECTS for w in region_words) and agreement_actors:
            return list(agreement_actors), True
        if home and any(w in GOV_SUBJECTS for w in near_words):
            return [(home, "country")], True
        # 3. any capable mention before the verb
        for region_start in dict.fromkeys([boundary, s.start]):
            actors: list[tuple[str, str]] = []
            for h in s.hits:
                if region_start <= h.start < t_start and self._subject_capable(doc, h, label):
                    aff = self._affiliation(h)
                    if aff and aff not in actors:
                        actors.append(aff)
            if actors:
                return actors, False
        return [], False

    def _subject_group(
        self, doc: Doc, s: _Sent, boundary: int, t_start: int, label: str
    ) -> list[tuple[str, str]]:
        """Walk back from the verb over names, titles and "X, Y and Z" to collect the subject."""
        hit_end = {h.end: h for h in s.hits}
        out: list[tuple[str, str]] = []
        t = t_start
        while t > boundary:
            if t in hit_end and hit_end[t].start >= boundary:
                h = hit_end[t]
                if self._subject_capable(doc, h, label) and (aff := self._affiliation(h)) and aff not in out:
                    out.append(aff)
                elif not self._subject_capable(doc, h, label):
                    break
                t = h.start
                continue
            tok = doc[t - 1]
            low = tok.lower_
            if (
                low in lx.SUBJECT_GLUE
                or low in _COPULAS
                or low in lx.TITLE_HEADS
                or low in lx.TITLE_MODIFIERS
                or low in lx.GROUP_NOUNS
                or tok.like_num
                or (tok.text[:1].isupper() and tok.is_alpha)
            ):
                t -= 1
                continue
            break
        out.reverse()
        return out

    def _including_list(self, doc: Doc, s: _Sent, t_end: int) -> list[tuple[str, str]]:
        """ "…pledged contributions, including Qatar, Norway and Canada": the listed states act."""
        for t in range(t_end, min(s.end, t_end + 12)):
            if doc[t].lower_ != "including":
                continue
            starts = {h.start: h for h in s.hits if h.kind == "country"}
            out: list[tuple[str, str]] = []
            k = t + 1
            while k < s.end:
                if k in starts:
                    out.append((starts[k].key, "country"))
                    k = starts[k].end
                elif doc[k].text in {",", "and", "the", "or"}:
                    k += 1
                else:
                    break
            return list(dict.fromkeys(out))
        return []

    def _nearest_coalition(self, s: _Sent, coalitions: list[Hit], t_start: int) -> Hit | None:
        if not coalitions:
            return None
        adhoc = [h for h in coalitions if self.index.org_kind.get(h.key) == "ad_hoc_coalition"]
        if adhoc:
            coalitions = adhoc
        in_sentence = [h for h in coalitions if s.start <= h.start < s.end]
        if in_sentence:
            return in_sentence[0]
        before = [h for h in coalitions if h.start < s.start]
        if before:
            return before[-1]
        return coalitions[0]

    def _recent_actor(self, drafts: list[_Draft], index: int) -> tuple[str, str] | None:
        for d in reversed(drafts):
            if index - d.sent_last <= 4:
                return (d.actor, d.actor_kind)
        return None

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

    # --- beneficiary ----------------------------------------------------------------------
    def _focal_beneficiary(self, doc: Doc, hits: list[Hit]) -> tuple[tuple[str, str] | None, bool]:
        """The state most helped in the article, and whether the text marks it ("to X", "for X")."""
        marked: Counter[tuple[str, str]] = Counter()
        total: Counter[tuple[str, str]] = Counter()
        for h in hits:
            if h.kind not in {"country", "organisation"}:
                continue
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

    def _home_actor(self, doc: Doc, hits: list[Hit], focal: tuple[str, str] | None) -> tuple[str, str] | None:
        """Whose text this is: the state or organisation most often named as an agent ("the
        Commission" of an EU release is the EU; "the Defence Secretary" of a UK one is the UK)."""
        counts: Counter[tuple[str, str]] = Counter()
        for h in hits:
            aff = self._affiliation(h)
            if aff and (not focal or aff[0] != focal[0]) and self._subject_capable(doc, h, "MODAL"):
                counts[aff] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _home_country(self, doc: Doc, hits: list[Hit], focal: tuple[str, str] | None) -> str | None:
        """The state "the Government" is: the one most often named as an agent (not "from Russia",
        not "Russia's violations")."""
        counts: Counter[str] = Counter()
        for h in hits:
            if (
                h.kind == "country"
                and h.state
                and (not focal or h.key != focal[0])
                and self._subject_capable(doc, h, "MODAL")
            ):
                counts[h.key] += 1
            elif h.kind == "person" and h.country and (not focal or h.country != focal[0]):
                counts[h.country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _beneficiaries(self, doc: Doc, s: _Sent, drafts: list[_Draft], focal: tuple[str, str] | None) -> None:
        if not drafts:
            return
        actor_keys = {d.actor for d in drafts}
        t0 = min(d.trigger_tok for d in drafts)
        ordered = [h for h in s.hits if h.start >= t0] + [h for h in s.hits if h.start < t0]
        best = None
        for h in ordered:
            if h.kind == "person":
                continue
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
            if prev in {"from", "against", "by", "than", "of", "between", "at", "during"} and not possessive:
                continue
            if prev == "with" and k >= 1 and doc[k - 1].lower_ in CONFLICT_NOUNS:
                continue  # "a ceasefire with Russia": the other side
            if possessive and any(
                doc[j].lower_ in _HOSTILE_DEEDS for j in range(h.end + 1, min(len(doc), h.end + 5))
            ):
                continue  # "Russia's intensifying airspace violations": the aggressor, not the receiver
            if h.kind == "country" and not h.state and prev not in BENEFICIARY_PREV:
                continue
            key = (h.key, "country" if h.kind == "country" else "organisation")
            if key[0] in actor_keys:
                continue
            if h.start >= t0 and (prev in BENEFICIARY_PREV or possessive or h.via == "demonym"):
                best = key
                break
            if h.start < t0 and (prev in {"for", "to"} or possessive) and key[0] not in actor_keys:
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

    # --- amounts --------------------------------------------------------------------------
    def _pick_amount(
        self, s: _Sent, d: _Draft, drafts: list[_Draft], currency: str | None, trigger_at: int = 0
    ) -> AmountMatch | None:
        amounts = find_amounts(s.text, currency)
        # what the verb commits comes after it: "17 million people are treated, and the US is
        # committed to reach 13 million more" — a sum before the verb only when none follows
        amounts = [a for a in amounts if a.start >= trigger_at] + [a for a in amounts if a.start < trigger_at]
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

    # --- merging --------------------------------------------------------------------------
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
                    or (d.sent_first - prev.sent_last == 1 and cat(d) == cat(prev))
                )
            ):
                prev.sent_last = max(prev.sent_last, d.sent_last)
                prev.confidence = max(prev.confidence, d.confidence)
                continue
            out.append(d)
        result: list[_Draft] = []
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
                    if twin.summary and not d.summary:
                        result[result.index(twin)] = d  # the body sentence states it with its specifics
                    elif d.sent_first - twin.sent_last <= 2 and d.implicit:
                        twin.sent_last = max(twin.sent_last, d.sent_last)
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

    # --- final assembly -------------------------------------------------------------------
    def _finish(
        self,
        doc: Doc,
        d: _Draft,
        sents: list[_Sent],
        ents: DocEntities,
        published: dt.date | None,
        drafts: list[_Draft],
        prior: str | None = None,
        ctx: _FinishContext | None = None,
    ) -> PledgeResult:
        if ctx is None:
            ctx = _FinishContext(doc.text, {x.sent_first for x in drafts}, list(sents), list(sents))
        text = ctx.text
        first, last = sents[d.sent_first], sents[d.sent_last]
        start, end = first.char_start, last.char_end
        quote = text[start:end]
        conditions: list[ConditionResult] = []

        def add(cm: ConditionMatch, offset: int) -> None:
            if any(c.kind == cm.kind and c.start == offset + cm.start for c in conditions):
                return
            conditions.append(ConditionResult(cm.kind, cm.text, offset + cm.start, offset + cm.end))

        for cm in find_conditions(quote):
            add(cm, start)
        # following sentences that elaborate the same pledge ("This increase is contingent on…")
        for s in sents[d.sent_last + 1 : d.sent_last + 4]:
            if s.index in ctx.starts:
                break
            anaphoric = bool(ANAPHORIC_START.match(s.text))
            for cm in find_conditions(s.text):
                if anaphoric or cm.kind == "limitation":
                    add(cm, s.char_start)
        # a limitation that names the actor applies to all its pledges ("No UK support goes to…")
        for s in ctx.no_sents:
            if not _NO_START.match(s.text) or d.sent_first <= s.index < d.sent_last + 4:
                continue
            if s.index in ctx.starts:
                continue
            if any((self._affiliation(h) or ("", ""))[0] == d.actor for h in s.hits):
                for cm in find_conditions(s.text):
                    if cm.kind == "limitation":
                        add(cm, s.char_start)
        # ceasefire terms stated once for a planned deployment apply to every deployment pledge
        if (
            DEPLOY_WORDS.search(quote)
            and not MONEY_WORDS.search(quote)
            and not any(c.kind in CEASEFIRE_KINDS for c in conditions)
        ):
            for s in ctx.deploy_sents:
                if not DEPLOY_WORDS.search(s.text) and "force" not in s.text.lower():
                    continue
                for cm in find_conditions(s.text):
                    if cm.kind in CEASEFIRE_KINDS and not any(c.kind == cm.kind for c in conditions):
                        add(cm, s.char_start)
        amount = None
        if d.amount is not None:
            a = d.amount
            offset = first.char_start if a is not None else 0
            for s in sents[d.sent_first : d.sent_last + 1]:
                if s.text[a.start : a.end] == a.text:
                    offset = s.char_start
                    break
            amount = Amount(a.value, a.unit, a.approximate, a.text, offset + a.start, offset + a.end)
        category = d.category or categorise(quote, amount.unit if amount else None, prior)
        if category == "other" and d.rule in _SUPPORT_RULES:
            category = "diplomatic"  # a declaration of support with nothing more specific named
        person = self._actor_person(d, sents, ents, ctx)
        return PledgeResult(
            actor=d.actor,
            actor_kind=d.actor_kind,
            actor_person=person,
            beneficiary=d.beneficiary[0] if d.beneficiary else None,
            beneficiary_kind=d.beneficiary[1] if d.beneficiary else None,
            category=category,
            quote=quote,
            start=start,
            end=end,
            amount=amount,
            announced_on=announced_on(first.text, published),
            conditions=conditions,
            rule=d.rule,
            confidence=round(d.confidence, 3),
        )

    def _actor_person(
        self, d: _Draft, sents: list[_Sent], ents: DocEntities, ctx: _FinishContext | None = None
    ) -> str | None:
        def speaks_for(h: Hit) -> bool:
            return h.kind == "person" and (h.country == d.actor or h.organisation == d.actor)

        for s in sents[d.sent_first : d.sent_last + 1]:
            for h in s.hits:
                if speaks_for(h):
                    return h.key
            if s.speaker is not None and speaks_for(s.speaker):
                return s.speaker.key
        if ctx is not None and d.actor in ctx.people:
            return ctx.people[d.actor]
        counts = Counter(h.key for h in ents.hits if speaks_for(h) and h.via != "candidate")
        best = counts.most_common(1)[0][0] if counts else None
        if ctx is not None:
            ctx.people[d.actor] = best
        return best


_SUM = re.compile(r"[$£€¥]\s?\d|\d\s?(?:m|bn|million|billion)\b", re.I)
_SUPPORT_RULES = frozenset(["support_forward", "support_declaration", "reaffirmed_support"])
_INSTITUTIONS = frozenset(["government", "ministry", "department", "commission", "council", "administration"])
_ACTOR_WORDS = re.compile(
    r"\b(?:we|our|i|secretary|minister|government|commission|council|administration|president|chancellor|ambassador|envoy|administrator"
    r"|commissioner|officials?|mr|ms|mrs|dr|sir|lord|baroness)\b",
    re.I,
)
# people who speak for a government without being named in the gazetteer
_OFFICIALS = (lx.TITLE_HEADS - {"king", "queen", "prince", "emir"}) | frozenset(
    ["sir", "lord", "baroness", "dame", "dr", "ms", "ms.", "dr.", "officials", "official"]
)
_EXAMPLES = re.compile(r"\b(?:including|such as|notably|e\.g\.|for example|like)\b", re.I)
_ITEM_HEAD = 3  # words of the first item kept before its comma ("… allies on ceasefire monitoring")


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
