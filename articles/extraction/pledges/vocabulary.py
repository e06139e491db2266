"""Word lists and patterns the word-order rules key on."""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..syntax.vocabulary import GOVERNMENT_BODIES

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
    "prolong",
    "renew",
    "forgive",
    "cancel",
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
        "needed",  # "a long-term commitment was needed from the international community"
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

_SUM = re.compile(r"[$£€¥]\s?\d|\d\s?(?:m|bn|million|billion)\b", re.I)

_SUPPORT_RULES = frozenset(["support_forward", "support_declaration", "reaffirmed_support"])

_INSTITUTIONS = GOVERNMENT_BODIES

# subjects that are the parties just named on their own ("the pair", "the two sides", "the parties
# have signed …"), and what "both …" and "the two …" name when they mean them ("both ministers agreed")
_PAIR_WORDS = frozenset(["pair", "sides", "parties"])
_PARTY_NOUNS = _PAIR_WORDS | frozenset(["presidents", "ministers", "secretaries", "heads", "delegations"])
# what a meeting's readout calls its parties together ("The leaders agreed …", "The Presidents …")
_MEETING_PARTIES = _PARTY_NOUNS | frozenset(["leaders"])
# "together with A and B", "jointly with A": the listed parties act too
_CO_ACTOR_MARKS = frozenset(["together", "jointly", "along"])

# words that say two parties act together, and so commit to each other ("they reaffirmed their …")
_TOGETHER_WORDS = _MEETING_PARTIES | frozenset(["they", "both", "their", "mutual", "together", "jointly"])

# people who speak for a government without being named in the gazetteer
_OFFICIALS = (lx.TITLE_HEADS - {"king", "queen", "prince", "emir"}) | frozenset(
    ["sir", "lord", "baroness", "dame", "dr", "ms", "ms.", "dr.", "officials", "official"]
)

# a sentence that can name an actor without an entity: "we", an official, a government body (the
# parse gate; one list with the officials and institutions the actor rules read)
_ACTOR_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {re.escape(w.rstrip(".")) for w in _OFFICIALS | _INSTITUTIONS}
            | {"we", "our", "i", "mr", "mrs", "they", "both"}
            | _PAIR_WORDS,
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.I,
)

_EXAMPLES = re.compile(r"\b(?:including|such as|notably|e\.g\.|for example|like)\b", re.I)

_ITEM_HEAD = 3  # words of the first item kept before its comma ("… allies on ceasefire monitoring")

# prepositions whose list of names is never the giver ("delivered through partners such as WFP, UNICEF");
# "including" and "like" lists are ("several allies, including Canada and Norway, will …")
_LIST_PREPOSITIONS = NON_AGENT_PREPS - {"including", "like", "meeting", "met", "visit", "visited", "visiting"}

# people who act for the states or organisations named after them ("leaders from A and B")
_SPOKESPEOPLE = _MEETING_PARTIES | frozenset(["officials", "representatives", "delegates", "envoys"])
