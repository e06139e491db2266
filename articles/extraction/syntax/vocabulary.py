"""Words the clause reader keys on, by lemma (the tagger mislabels news words, lemmas hold)."""

from __future__ import annotations

# commitments whatever the tense: "pledged", "has committed", "announces", "will allocate"
COMMITMENT_VERBS = frozenset(
    [
        "pledge",
        "commit",
        "promise",
        "vow",
        "announce",
        "unveil",
        "allocate",
        "earmark",
        "guarantee",
        "offer",
        "mobilise",
        "mobilize",
        "approve",
        "sign",
        "undertake",
        "reaffirm",
        "reiterate",
    ]
)
# what a state gives or does; a commitment only when future, intended, in progress or new
PROVISION_VERBS = frozenset(
    [
        "provide",
        "give",
        "send",
        "deliver",
        "donate",
        "contribute",
        "fund",
        "finance",
        "invest",
        "supply",
        "deploy",
        "train",
        "grant",
        "lend",
        "disburse",
        "dedicate",
        "channel",
        "match",
        "double",
        "triple",
        "increase",
        "boost",
        "help",
        "assist",
        "support",
        "back",
        "equip",
        "host",
        "establish",
        "launch",
        "extend",
        "expand",
        "rebuild",
        "build",
        "spend",
        "release",
        "cover",
        "participate",
        "join",
        "continue",
        "add",
        "top",
        "procure",
        "purchase",
        "buy",
        "transfer",
        "ship",
        "station",
        "base",
        "co-host",
        "mobilize",
        "adopt",
        "strengthen",
        "step",
        "scale",
        "impose",  # sanctions: "will impose restrictive measures on …", "will sanction 7 officials"
        "sanction",
        "designate",
        "accord",  # "Russia will accord Kyrgyzstan loans of …"
        "forgive",  # debt relief: "is prepared to forgive $10 billion of debt", "will cancel the debts"
        "cancel",
        "prolong",  # a mission's mandate: "the Council prolonged operation Atalanta by two years"
        "renew",
        "authorize",  # "I am authorizing our 31st drawdown of arms for Ukraine, valued at $425 million"
        "authorise",
        "allocate",
        "earmark",
    ]
)
# weaker verbs: "help", "support", "continue": a pledge only with a named beneficiary or amount
VAGUE_VERBS = frozenset(
    ["help", "support", "assist", "continue", "back", "join", "participate", "strengthen", "step", "scale"]
)
# a clause under these is intended: "plans to send", "is ready to deploy", "agreed to provide"
INTENT_HEADS = frozenset(
    [
        "plan",
        "intend",
        "aim",
        "decide",
        "agree",
        "commit",
        "pledge",
        "promise",
        "vow",
        "undertake",
        "continue",
        "prepare",
        "ready",
        "stand",
        "seek",
        "resolve",
        "determine",
        "going",
        "able",
        "willing",
    ]
)
# nouns whose infinitive is intended: "the decision of the Netherlands to continue …"
INTENT_NOUNS = frozenset(
    ["plan", "decision", "intention", "intent", "readiness", "commitment", "pledge", "promise"]
)
# a clause under these is someone else's demand or a wish: "urged Russia to", "would like to"
DEMAND_HEADS = frozenset(
    [
        "urge",
        "call",
        "ask",
        "encourage",
        "invite",
        "press",
        "demand",
        "request",
        "appeal",
        "need",
        "must",
        "should",
        "like",
        "hope",
        "want",
        "wish",
        "welcome",
        "thank",
        "praise",
    ]
)
PLEDGE_NOUNS = frozenset(
    [
        "pledge",
        "commitment",
        "contribution",
        "donation",
        "package",
        "grant",
        "loan",
        "funding",
        "aid",
        "assistance",
        "investment",
        "allocation",
        "tranche",
        "support",
    ]
)
NEW_WORDS = frozenset(["new", "additional", "further", "extra", "fresh", "initial", "first", "latest"])
DONOR_NOUNS = frozenset(["donor", "contributor", "funder", "backer", "financier"])
FUTURE_AUX = frozenset(["will", "shall"])
MODAL_AUX = frozenset(["would", "could", "can", "may", "might"])
NEGATORS = frozenset(["not", "n't", "never", "no", "neither", "nor"])
CONDITION_MARKS = frozenset(["if", "unless", "whether", "once", "until"])
# a running total, not a new commitment: "has sent $50 million since 2019"
HISTORY_WORDS = frozenset(
    ["since", "total", "totalling", "totaling", "cumulative", "already", "previously", "so"]
)
FIRST_PERSON = frozenset(["we", "i"])
THIRD_PERSON = frozenset(["he", "she"])
ORG_PRONOUNS = frozenset(["it"])

# "reaffirmed its commitment", "expressed their support": declarations of continued support
REAFFIRM_VERBS = frozenset(
    ["reaffirm", "reiterate", "express", "underline", "underscore", "emphasise", "emphasize", "confirm",
     "restate", "note", "stress", "renew", "highlight", "affirm"]
)  # fmt: skip
DECLARATION_VERBS = frozenset(["support", "back", "stand"])
LIST_VERBS = frozenset(["come", "include"])

# the gate: a sentence is parsed when a word starts with one of these (or it has a sum)
GATE_WORDS = frozenset(
    w[:5]
    for w in COMMITMENT_VERBS
    | PROVISION_VERBS
    | PLEDGE_NOUNS
    | DONOR_NOUNS
    | REAFFIRM_VERBS
    | DECLARATION_VERBS
    | LIST_VERBS
    | INTENT_HEADS
    if len(w) >= 3
) | {"will", "ready", "avail"}  # "making available 500 tents"
# irregular forms the prefixes above miss ("sent" is not "send…")
GATE_WORDS |= {
    "sent",
    "gave",
    "given",
    "lent",
    "spent",
    "built",
    "bought",
    "brought",
    "stood",
    "undert",
    "vowed",
}

# the bodies of a government: they act for its state ("the Commission will …")
GOVERNMENT_BODIES = frozenset(
    ["government", "ministry", "department", "commission", "council", "administration"]
)
# bodies whose acts dated "today" are the decision a release announces ("The Council today adopted …")
INSTITUTION_NOUNS = GOVERNMENT_BODIES | {"treasury", "office", "agency"}  # "the Treasury's Office of …"
