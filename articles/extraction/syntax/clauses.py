"""Read commitment clauses from a dependency parse.

A clause is a commitment word (a verb like "pledge"/"provide", or a noun like "contribution") with
its mood (future, intended, in progress, new, past), its negation, and the phrases that can hold
its actor: the subject (expanded over coordination), the `by`-agent of a passive, the possessor
or `from`-phrase of a noun, the members of a donor list. Resolving those phrases to states and
organisations is left to the caller, which knows the gazetteer hits.

Labels are those of Universal Dependencies (the treebanks the model learned from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from . import vocabulary as v

# an apposition stays: the parser often reads the second item of a list ("the UK, Germany and …") as one
_PHRASE_STOP = frozenset(["relcl", "acl:relcl", "acl", "advcl", "parataxis", "ccomp", "punct"])
_OWNER_CASES = frozenset(["of", "from", "by", "including", "include", "among", "like", "such"])


@dataclass(slots=True)
class Clause:
    head: int  # article token index of the commitment word
    lemma: str
    rule: str  # which trigger of `triggers.TRIGGERS` read it
    mood: str  # commit | future | modal | intent | progressive | present | new | past
    actor_phrases: list[list[int]] = field(default_factory=list)  # token indices of each actor phrase
    actor_role: str = ""  # subject | agent | possessor | source | list | first_person | pronoun
    pronoun: str | None = None  # "we", "he", "it" when the subject is one
    has_amount: bool = False
    confidence: float = 0.0
    possible_only: bool = False  # read in a mood that does not commit ("has provided"): for editors only


# the rule lemmatizer leaves auxiliaries as written ("has", "were"); the clause reader needs their lemma
_AUX_LEMMAS = {
    "has": "have", "had": "have", "have": "have", "having": "have", "'ve": "have", "’ve": "have",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be", "be": "be",
    "'re": "be", "’re": "be", "'m": "be", "’m": "be",
    "wo": "will", "'ll": "will", "’ll": "will", "ca": "can", "'d": "would", "’d": "would",
}  # fmt: skip


def lemma(tok: Token) -> str:
    low = tok.lower_
    if low in _AUX_LEMMAS and (tok.pos_ == "AUX" or tok.dep_ in {"aux", "aux:pass", "cop"}):
        return _AUX_LEMMAS[low]
    if low == "committed":
        return "commit"  # tagged an adjective ("remains committed, …, to providing"), lemma left as written
    return (tok.lemma_ or low).lower()


def phrase(tok: Token) -> list[int]:
    """The tokens of the phrase headed by `tok`, without clauses hanging off it or foreign prepositions."""
    out: list[int] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t.i)
        for child in t.children:
            if child.dep_ in _PHRASE_STOP:
                continue
            if child.dep_ in {"nmod", "obl"} and t is not tok.head:
                case = [lemma(c) for c in child.children if c.dep_ == "case"]
                if case and not set(case) & _OWNER_CASES:
                    continue
            stack.append(child)
    return sorted(out)


def _aux(tok: Token) -> set[str]:
    return {lemma(c) for c in tok.children if c.dep_ in {"aux", "aux:pass"}}


def negated(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in {"neg", "advmod", "det", "aux", "aux:pass"} and c.lower_ in v.NEGATORS:
            return True
        if c.dep_ == "advmod" and c.lower_ in {"not", "never"}:
            return True
    return False


_AMOUNT = re.compile(
    r"[$£€¥]\s?\d|\b(?:USD|EUR|GBP|NOK|SEK|DKK|CHF|JPY|CAD|AUD|NZD|PLN|CZK)\s?\d"
    r"|\d[\d,.]*\s*(?:million|billion|trillion|bn|m|mn|thousand|troops|soldiers|personnel|tonnes|tons|doses)\b"
    r"|\b(?:million|billion|hundreds|thousands)\b",
    re.I,
)


def _has_amount(tok: Token) -> bool:
    """A sum, a count of troops or goods in the phrase (a date's day number is not an amount)."""
    words = list(tok.subtree)
    return bool(_AMOUNT.search(tok.doc[words[0].i : words[-1].i + 1].text))


def mood(tok: Token) -> str | None:
    """How the clause commits, or None when it is negated, conditional, a demand or a wish."""
    if negated(tok):
        return None
    marks = {lemma(c) for c in tok.children if c.dep_ == "mark"}
    if marks & v.CONDITION_MARKS:
        return None
    if "so" in marks:
        return None  # "… so that Ukraine can rebuild": the purpose of another's act
    if tok.dep_ in {"ccomp", "advcl", "csubj"} and any(
        c.lower_ == "how" for c in tok.children if c.dep_ in {"advmod", "mark"}
    ):
        return None  # "discussed how Canada and Japan could send …": a question, not a pledge
    aux = _aux(tok)
    # the verb governing this one decides: "plans to send", "urged them to send", "would like to"
    head = tok.head
    if tok.dep_ == "xcomp" and head is not tok:
        hl = lemma(head)
        if hl in v.DEMAND_HEADS or negated(head):
            return None
        if hl in v.INTENT_HEADS or hl in v.COMMITMENT_VERBS:
            return "intent"
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].lower_ == "to" and lemma(doc[tok.i - 2]) in v.INTENT_NOUNS:
            return "intent"  # "our intent to make …" that the parser hung on a verb further back
    if tok.dep_ == "acl" and lemma(head) in v.INTENT_NOUNS and not aux:
        return "intent"  # "Japan's decision to provide …", "France plans to send …"
    if aux & v.FUTURE_AUX or "going" in aux:
        return "future"
    if aux & {"must", "should"}:
        return None
    if aux & v.MODAL_AUX:
        return "modal" if "like" not in {lemma(c) for c in tok.children} else None
    tag = tok.tag_
    if tag == "VBG" and aux & {"be"}:
        return "progressive"
    if aux & {"have"}:
        return "perfect"
    if (
        tag == "VBN"
        and aux == {"be"}
        and any(c.dep_ == "aux:pass" and c.lower_ in {"is", "are", "am"} for c in tok.children)
    ):
        return "present"  # "the initiative is launched by …", "€5 million is allocated to …"
    if tag == "VBD" or (tag == "VBN" and tok.dep_ not in {"amod", "acl"}):
        return "past"
    if tag in {"VBZ", "VBP"}:
        return "present"
    if tag == "VB" and tok.dep_ == "ROOT":
        return "present"
    if tok.dep_ == "conj" and head.pos_ in {"VERB", "AUX"} and head is not tok:
        return mood(head)
    return None


def subject_of(tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject of a verb (passive: True), inherited from the governing verb for xcomp/conj."""
    subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubj:pass", "csubj"}]
    # "That's why the U.S. will invest …": the subject nearest the verb, not a leading pronoun
    named = [c for c in subjects if c.lower_ not in {"that", "this", "which", "what"}] or subjects
    if named:
        c = min(named, key=lambda x: abs(x.i - tok.i))
        return c, c.dep_ == "nsubj:pass"
    if depth < 3 and tok.dep_ in {"xcomp", "conj", "advcl"} and tok.head is not tok:
        return subject_of(tok.head, depth + 1)
    if tok.dep_ == "acl" and lemma(tok.head) in v.INTENT_NOUNS:
        # the owner of the decision: "Japan's decision", "the decision of the Netherlands", "France plans"
        for c in tok.head.children:
            if c.dep_ == "nmod:poss" and c.lower_ in {"our", "my"}:
                return c, False  # "our intent to make $2.2 billion available": the speaker's
            if (c.dep_ in {"nmod:poss", "compound"} and c.pos_ == "PROPN") or (
                c.dep_ == "nmod" and any(lemma(k) == "of" for k in c.children if k.dep_ == "case")
            ):
                return c, False
        return subject_of(tok.head.head, depth + 1) if tok.head.dep_ in {"obj", "xcomp"} else (None, False)
    return None, False


def agent_of(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in {"obl:agent", "obl", "nmod:agent"} and any(
            lemma(k) == "by" for k in c.children if k.dep_ == "case"
        ):
            return c
    return None
