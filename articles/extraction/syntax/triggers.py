"""The commitment triggers as a table, read by one interpreter.

Each row (`TRIGGERS`, at the end, after the readers it names) says which reader takes its words
(a verb, a pledge noun, a donor list, a declaration of support), which lemmas it keys on, which
moods make it a commitment, how sure it is, and the sentences it must accept and reject (run by
tests/articles/extraction/test_trigger_examples.py through the whole extractor). Adding a
trigger means adding a row, with its examples, not a branch somewhere in the finder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from . import vocabulary as v
from .clauses import Clause, _has_amount, agent_of, lemma, mood, negated, phrase, subject_of
from .parse import SentenceParse

POSSIBLE_CONFIDENCE = 0.2  # below any sensible threshold: an editor decides
ANY_MOOD = frozenset(["commit", "future", "modal", "intent", "progressive", "present", "past", "perfect"])
FORWARD = frozenset(["future", "modal", "intent", "progressive", "today"])


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    read: Callable[[Token, SentenceParse, Trigger], Clause | None]  # the reader of this row's words
    words: frozenset[str]  # lemmas
    moods: frozenset[str]  # moods under which the word commits
    confidence: float
    needs_amount: bool = False  # only with a number in the clause ("added $30 million")
    accept: tuple[tuple[str, str], ...] = ()  # (sentence, an actor it must give a pledge to)
    reject: tuple[str, ...] = ()  # sentences that must give none


def _index(tok: Token, parse: SentenceParse) -> int:
    return parse.global_index(tok)


def _phrases(head: Token, parse: SentenceParse) -> list[list[int]]:
    return [[parse.at(i) for i in phrase(head)]]


def _decided_today(tok: Token, dated_today: bool = False) -> bool:
    """An institution's act dated today ("The Council today prolonged …", "Today, the Treasury
    designated …", "On 18 July 2016 [the release's date], the Council extended …"): what a
    government's release announces; a state's acts ("Russia today launched …") stay history."""
    subject, passive = subject_of(tok)
    if subject is None or passive:
        return False
    if not any(lemma(t) in v.INSTITUTION_NOUNS for t in subject.subtree):
        return False  # "the Council", "the Treasury's Office of Foreign Assets Control"
    return dated_today or any(
        t.lower_ == "today" and (t.head in {tok, subject} or t.i < subject.i) for t in tok.sent
    )  # "Washington – Today, the Treasury's Office … designated": a dateline may take the adverb


def _verb_clause(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    if not (tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB") or tok.dep_ == "ROOT"):
        return None
    m = mood(tok)
    if lemma(tok) in v.COMMITMENT_VERBS and m is not None:
        m = "commit" if m in {"past", "present", "perfect"} else m
    if m is None:
        return None
    if lemma(tok) == "add" and not any(c.dep_ in {"obj", "dobj"} for c in tok.children):
        return None  # "…, he added.": reporting what was said, not adding money
    if m in {"past", "perfect"} and _decided_today(tok, parse.dated_today):
        m = "today"  # "The Council today prolonged …": the decision the release is about, not history
    if m == "present" and tok.tag_ == "VBN" and agent_of(tok) is not None:
        m = "today"  # "The initiative is launched by the Commission …": the act the release reports
    # past and perfect provisions ("has sent 500 tents") are history, kept only as possible pledges
    possible_only = m not in trigger.moods and not (m == "commit" and "past" in trigger.moods)
    if possible_only and not (m in {"past", "perfect", "present"} and trigger.name == "provision_forward"):
        return None
    has_amount = _has_amount(tok)
    if tok.tag_ == "VBN" and _after_builds_on(tok):
        return None  # "builds on the $85 million announced in May": an earlier commitment
    history = any(t.lower_ in v.HISTORY_WORDS for t in tok.subtree)
    if trigger.needs_amount and (not has_amount or history):
        return None
    if m in {"commit", "perfect"} and history:
        return None  # "has committed $6.8 billion since 2022": a running total
    # "is committed to the success of …" is a stance; "is committed to providing …" a pledge
    if (
        lemma(tok) == "commit"
        and (tok.pos_ == "ADJ" or tok.tag_ == "VBN")
        and not any(c.dep_ in {"xcomp", "advcl", "ccomp"} for c in tok.children)
        and not _to_gerund(tok)
        and not any(
            lemma(c) in {"remain", "stay"} for c in tok.children if c.dep_ in {"cop", "aux", "aux:pass"}
        )
        and not (tok.dep_ == "xcomp" and lemma(tok.head) in {"remain", "stay"})
        and not has_amount
    ):
        return None
    if lemma(tok) in _ANNOUNCE_VERBS and not _announces_a_commitment(tok, has_amount):
        return None  # "the location of the summit was announced": news, not a commitment
    subject, passive = subject_of(tok)
    if passive and lemma(tok) in _STANCE_PASSIVES:
        passive = False  # "we are committed to supporting …": the subject is the one committed
    clause = Clause(_index(tok, parse), lemma(tok), trigger.name, m, has_amount=has_amount)
    clause.confidence = POSSIBLE_CONFIDENCE if possible_only else trigger.confidence
    clause.possible_only = possible_only
    if passive:
        agent = agent_of(tok)
        if agent is not None:
            clause.actor_phrases, clause.actor_role = _phrases(agent, parse), "agent"
            return clause
        # "as part of the UK's support …, £5 million will be provided": the gift's owner gives it
        owners = [
            t
            for t in parse.doc
            if t.dep_ in {"nmod:poss", "poss"} and lemma(t.head) in _GIFT_NOUNS and t.lower_ not in _OWN
        ]
        if owners:
            clause.actor_phrases, clause.actor_role = [[parse.at(o.i) for o in owners[:1]]], "possessor"
            clause.confidence -= 0.1
            return clause
        # "$80 million of the new Japanese aid will be spent …": the gift names its giver
        if subject is not None and any(c.pos_ == "PROPN" or c.dep_ == "amod" for c in subject.subtree):
            clause.actor_phrases, clause.actor_role = _phrases(subject, parse), "possessor"
            clause.confidence -= 0.2
            return clause
        if has_amount:  # "£1 million will also be provided to …": the donor of the sentence before
            clause.actor_role = "previous"
            clause.confidence -= 0.25
            return clause
        return None
    if subject is None:
        return None
    sl = subject.lower_
    if sl in {"our", "my"}:
        clause.actor_role, clause.pronoun = "first_person", "we" if sl == "our" else "i"
    elif sl in v.FIRST_PERSON:
        clause.actor_role, clause.pronoun = "first_person", sl
    elif sl in v.THIRD_PERSON:
        clause.actor_role, clause.pronoun = "pronoun", sl
    elif sl in v.ORG_PRONOUNS or sl in {"they", "this", "that", "which"}:
        return None  # "it" is as often the storm or the fund as the donor
    else:
        clause.actor_role = "subject"
        clause.actor_phrases = _phrases(subject, parse)
    return clause


def _donor_to_be(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "the United Kingdom will be the largest donor": a donor-to-be pledges (being one is history)."""
    if tok.pos_ not in {"NOUN", "PROPN"} or not any(c.dep_ == "cop" for c in tok.children):
        return None
    m = mood(tok)
    if m not in trigger.moods:
        return None
    subject, _ = subject_of(tok)
    clause = Clause(_index(tok, parse), lemma(tok), trigger.name, m, has_amount=_has_amount(tok))
    return _declared_by(subject, clause, parse, trigger)


def _made_available(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "will make $2.2 billion available", "is making available 500 tents": a provision."""
    near = [tok, *(c for c in tok.children if c.dep_ in {"obj", "xcomp"})]
    if not any(c.lower_ == "available" for t in near for c in t.children):
        return None  # the parser hangs "available" on the verb or on what is made available
    return _verb_clause(tok, parse, trigger)


def _noun_clause(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "Norway's pledge of …", "a contribution of $20 million from Australia"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    # "the UK's new £1.25 billion pledge": the parser may hang the owner on the sum the noun qualifies
    around = [tok, tok.head] if tok.head.pos_ in {"SYM", "NUM"} and tok.head is not tok else [tok]
    owners = [c for t in around for c in t.children if c.dep_ in {"nmod:poss", "poss"}]
    # "a contribution of $20 million from Japan": the source may hang off the sum
    near = [tok, *(c for c in tok.children if c.dep_ in {"nmod", "nummod", "compound"})]
    sources = [
        c
        for t in near
        for c in t.children
        if c.dep_ in {"nmod", "obl"}
        and any(lemma(k) in {"from", "by"} for k in c.children if k.dep_ == "case")
    ]
    fresh = any(lemma(c) in v.NEW_WORDS for t in around for c in t.children if c.dep_ == "amod")
    has_amount = any(_has_amount(t) for t in around)
    if not has_amount:
        return None  # "Qatar's donation is valuable": a nominal pledge states what is given
    if any(c.lower_ in v.NEGATORS for c in tok.children) or _built_on(tok):
        return None
    clause = Clause(_index(tok, parse), lemma(tok), trigger.name, "noun", has_amount=has_amount)
    clause.confidence = trigger.confidence + (0.05 if fresh else 0.0)
    if owners:
        if owners[0].lower_ in {"our", "my", "its", "his", "her", "their"}:
            return None  # "our pledge today builds on …" restates a pledge stated elsewhere
        clause.actor_phrases, clause.actor_role = (
            [[parse.at(i) for i in phrase(o)] for o in owners],
            "possessor",
        )
        return clause
    if sources:
        clause.actor_phrases, clause.actor_role = (
            [[parse.at(i) for i in phrase(s)] for s in sources],
            "source",
        )
        return clause
    if any(c.dep_ == "acl" and lemma(c) in v.COMMITMENT_VERBS for c in tok.children):
        # "the new £120 million funding announced today will …": announced by the text's own government
        clause.actor_role = "announced"
        clause.confidence -= 0.1
        return clause
    if fresh:
        # "this support will include a new £4 million contribution to …": the donor of the passage
        clause.actor_role = "previous"
        clause.confidence -= 0.2
        return clause
    return None


def _built_on(tok: Token) -> bool:
    """ "This funding builds on the $85 million announced in May", "in addition to the €10 million":
    the sum a new pledge is measured against was committed earlier."""
    node = tok
    for _ in range(3):
        cases = {lemma(c) for c in node.children if c.dep_ == "case"}
        if "on" in cases and lemma(node.head) == "build":
            return True
        if node.dep_ == "obj" and lemma(node.head) in {"follow", "supplement", "complement"}:
            return True
        first = node.left_edge.i
        if "to" in cases and node.doc[max(0, first - 2) : first].text.lower() in {"in addition", "on top"}:
            return True
        if node.head is node:
            break
        node = node.head
    return False


def _after_builds_on(tok: Token) -> bool:
    """A participle after "builds on" describes the earlier commitment, however it is attached."""
    doc = tok.doc
    return any(
        lemma(t) == "build" and doc[t.i + 1].lower_ in {"on", "upon"} for t in doc[: max(0, tok.i - 1)]
    )


def _donor_list(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "Funding … comes from A, B and C"; "donors include A, B and C"."""
    if negated(tok):
        return None
    word = lemma(tok)
    subject, _ = subject_of(tok)
    if subject is None:
        return None
    sl = lemma(subject)
    clause = Clause(_index(tok, parse), word, trigger.name, "present", has_amount=_has_amount(tok))
    clause.confidence = trigger.confidence
    if word == "come" and sl in v.PLEDGE_NOUNS | {"money", "finance", "financing", "fund"}:
        sources = [
            c
            for c in tok.children
            if c.dep_ in {"obl", "nmod"} and any(lemma(k) == "from" for k in c.children if k.dep_ == "case")
        ]
        if sources:
            clause.actor_phrases, clause.actor_role = (
                [[parse.at(i) for i in phrase(s)] for s in sources],
                "list",
            )
            return clause
    if word == "include" and sl in v.DONOR_NOUNS | v.PLEDGE_NOUNS | {"pledge", "contributor"}:
        objects = [c for c in tok.children if c.dep_ == "obj"]
        if objects:
            clause.actor_phrases, clause.actor_role = (
                [[parse.at(i) for i in phrase(o)] for o in objects],
                "list",
            )
            return clause
    return None


_STANCE_PASSIVES = frozenset(["commit", "dedicate", "determine", "resolve"])
_ANNOUNCE_VERBS = frozenset(["announce", "unveil"])
_ANNOUNCED_THINGS = v.PLEDGE_NOUNS | v.INTENT_NOUNS | frozenset(
    ["measure", "programme", "program", "initiative", "plan", "fund", "facility", "deployment", "sanction",
     "partnership", "agreement", "strategy", "project", "mission", "force", "troop", "grant"]
)  # fmt: skip


def _announces_a_commitment(tok: Token, has_amount: bool) -> bool:
    """What is announced is a sum, something given, or a clause of its own ("announced that …")."""
    if has_amount or any(c.dep_ in {"ccomp", "xcomp", "advcl"} for c in tok.children):
        return True
    things = [c for c in tok.children if c.dep_ in {"obj", "nsubj:pass"}]
    return any(
        lemma(t) in _ANNOUNCED_THINGS or lemma(t) in v.PROVISION_VERBS for th in things for t in th.subtree
    )


_GIFT_NOUNS = v.PLEDGE_NOUNS | frozenset(["package", "programme", "program", "fund", "help"])
_SUPPORT_NOUNS = frozenset(["commitment", "support", "solidarity", "backing", "resolve", "determination"])
_OWN = frozenset(["its", "their", "our", "his", "her", "my"])


def _reaffirmed(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "X reaffirmed its commitment to Y", "expressed their continued support for Y": a declaration
    of continued support is a pledge (SCHEMA.md), when the support is the subject's own."""
    if mood(tok) is None:
        return None
    objects = [c for c in tok.children if c.dep_ == "obj" and lemma(c) in _SUPPORT_NOUNS]
    if not objects:
        return None
    noun = objects[0]
    # "its continued and unwavering support": the parser may hang the possessive on a modifier
    owners = [
        c
        for t in (noun, *(m for m in noun.children if m.dep_ == "amod" and m.i < noun.i))
        for c in t.children
        if c.dep_ in {"nmod:poss", "poss"} and c.i < noun.i
    ]
    own = bool(owners) and owners[0].lower_ in _OWN
    # "the ironclad U.S. commitment", "the Netherlands' support": the owner named on the noun
    national = [c for c in noun.children if c.dep_ in {"amod", "compound"} and c.pos_ == "PROPN"]
    national += [o for o in owners if o.pos_ == "PROPN"]
    if not (own or national or any(c.lower_ == "the" for c in noun.children)):
        return None
    subject, _ = subject_of(tok)
    clause = Clause(_index(tok, parse), lemma(noun), trigger.name, "commit")
    clause.confidence = trigger.confidence
    if national:  # "reaffirmed the ironclad U.S. commitment to …"
        clause.actor_phrases = [[parse.at(i) for n in national for i in phrase(n)]]
        clause.actor_role = "possessor"
        return clause
    if not own or subject is None:
        return None
    if subject.lower_ in v.FIRST_PERSON:
        clause.actor_role, clause.pronoun = "first_person", subject.lower_
    elif subject.lower_ in v.THIRD_PERSON | {"they"}:
        # "They reaffirmed their commitment …": the parties of a readout or a chair's statement
        clause.actor_role, clause.pronoun = "pronoun", subject.lower_
    else:
        clause.actor_role, clause.actor_phrases = "subject", _phrases(subject, parse)
    return clause


_STAND_WITH = frozenset(["with", "behind", "by", "alongside"])


def _support_declaration(tok: Token, parse: SentenceParse, trigger: Trigger) -> Clause | None:
    """ "Japan fully supports the efforts of …", "Canada stands alongside Ukraine": a present-tense
    declaration of support by a state or organisation (SCHEMA.md counts it, category diplomatic)."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    m = mood(tok)
    # "we continue to stand in solidarity with …", "will continue to back …": the same declaration
    carried = m == "intent" and lemma(tok.head) == "continue" and mood(tok.head) in {"present", "future"}
    if m != "present" and not carried:
        return None
    if lemma(tok) == "stand":
        # "stands united behind Ukraine", "stands shoulder to shoulder with Ukraine": one step down too
        near = [tok, *(c for c in tok.children if c.dep_ in {"xcomp", "obl", "obj", "advmod"})]
        partners = [
            c
            for t in near
            for c in t.children
            if c.dep_ in {"obl", "advmod", "nmod"}
            and (
                lemma(c) in _STAND_WITH
                or any(lemma(k) in _STAND_WITH for k in c.children if k.dep_ == "case")
            )
        ]
        if not partners:
            return None
    elif not any(c.dep_ == "obj" for c in tok.children):
        return None
    subject, passive = subject_of(tok)
    if passive:
        return None
    return _declared_by(
        subject, Clause(_index(tok, parse), lemma(tok), trigger.name, "present"), parse, trigger
    )


def _declared_by(
    subject: Token | None, clause: Clause, parse: SentenceParse, trigger: Trigger
) -> Clause | None:
    """The clause with its declarer: a named subject or "we"; not "it", "they" or "he" (too often
    someone other than a state)."""
    if subject is None or subject.lower_ in v.ORG_PRONOUNS | v.THIRD_PERSON | {
        "they",
        "this",
        "that",
        "which",
        "who",
    }:
        return None
    clause.confidence = trigger.confidence
    if subject.lower_ in v.FIRST_PERSON:
        clause.actor_role, clause.pronoun = "first_person", subject.lower_
    else:
        clause.actor_role, clause.actor_phrases = "subject", _phrases(subject, parse)
    return clause


def _to_gerund(tok: Token) -> bool:
    """ "committed to providing …": the parser attaches the gerund in several ways; the words do not vary."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to" and doc[tok.i + 2].tag_ == "VBG"


TRIGGERS: tuple[Trigger, ...] = (
    Trigger(
        "commitment_verb",
        _verb_clause,
        v.COMMITMENT_VERBS - {"sign", "approve", "reaffirm", "reiterate"},
        ANY_MOOD | {"commit"},
        0.9,
        accept=(
            ("Norway pledged NOK 500 million to the fund on Monday.", "NO"),
            ("Canada and Japan have committed to training Ukrainian pilots next year.", "JP"),
            ("Germany announces a new air defence package for Ukraine.", "DE"),
            ("Canada is committed to supporting the Partnership in its work.", "CA"),
        ),
        reject=(
            "The venue of the summit in Norway was announced by Canada and Japan.",
            "Norway did not pledge any money to the fund.",
            "The minister urged Canada to commit more troops.",
            "The United States has committed $6 billion to Ukraine since 2022.",
        ),
    ),
    Trigger(
        "provision_forward",
        _verb_clause,
        v.PROVISION_VERBS - v.VAGUE_VERBS,
        FORWARD,
        0.8,
        accept=(
            ("That is why the U.S. will invest $300 million in Nigeria over five years.", "US"),
            ("France plans to send two field hospitals to Ukraine.", "FR"),
            ("Funding for the new radars will be provided by Japan.", "JP"),
            ("Canada will impose new sanctions on ten banks in Russia.", "CA"),
            ("Canada will sanction seven officials of Russia today.", "CA"),
            ("Japan will accord Nigeria two loans worth $2 billion.", "JP"),
            ("The Council today prolonged the EU's naval operation off Somalia by two years.", "EU"),
            ("Japan is prepared to forgive $3 billion of the debts Nigeria owes it.", "JP"),
            ("A new fund for flood defences is launched by Norway this week.", "NO"),
        ),
        reject=(
            "If the talks fail, Canada would never send troops.",
            "The Council prolonged the EU's naval operation off Somalia in 2012.",
            "Officials asked whether Japan could provide more funding.",
            "The fund for flood defences was launched by Norway in 2015.",
        ),
    ),
    Trigger(
        "support_forward",
        _verb_clause,
        v.VAGUE_VERBS,
        FORWARD,
        0.6,
        accept=(("Japan will continue to support Ukraine with energy equipment.", "JP"),),
        reject=("Japan would like to support Ukraine more.",),
    ),
    Trigger(
        "provision_new",
        _verb_clause,
        v.PROVISION_VERBS - v.VAGUE_VERBS,
        frozenset(["present", "past"]),
        0.55,
        needs_amount=True,
        accept=(("At the conference, Canada contributed $10 million in humanitarian grants.", "CA"),),
        reject=("Canada has contributed more than $50 million since 2019.",),
    ),
    Trigger(
        "donor_to_be",
        _donor_to_be,
        v.DONOR_NOUNS | {"ally"},  # "will be a key ally in the global effort"
        FORWARD,
        0.7,
        accept=(
            ("Japan will be the largest donor to the fund over the next five years.", "JP"),
            ("In the future, Japan will be a key ally of Nigeria in the fight against polio.", "JP"),
        ),
        reject=("Japan is the largest donor to the fund.", "Japan would like to be a donor."),
    ),
    Trigger(
        "made_available",
        _made_available,
        frozenset(["make"]),
        FORWARD | {"commit"},
        0.75,
        accept=(
            ("Japan will make $40 million available to Nigeria for food aid.", "JP"),
            ("Canada is making available 500 tents for families in Nigeria.", "CA"),
        ),
        reject=("Norway made $10 million available in 2019.", "Japan will make a statement on Nigeria."),
    ),
    Trigger(
        "pledge_noun",
        _noun_clause,
        v.PLEDGE_NOUNS,
        frozenset(["noun"]),
        0.7,
        accept=(
            ("Norway's new pledge of NOK 2 billion is the largest so far.", "NO"),
            ("The package includes a contribution of $20 million from Japan.", "JP"),
            ("Canada’s new $1.5 billion pledge to the fund extends a long partnership.", "CA"),
        ),
        reject=(
            "Russia's invasion forced millions to flee.",
            "Japan's support was praised by Ukraine.",
            "The new money builds on the $85 million in Japanese aid announced for Nigeria in May.",
        ),
    ),
    Trigger(
        "reaffirmed_support",
        _reaffirmed,
        v.REAFFIRM_VERBS,
        ANY_MOOD,
        0.7,
        accept=(
            ("Japan reaffirmed its unwavering commitment to the security of Ukraine.", "JP"),
            ("The ministers of Canada and Norway expressed their continued support for Nigeria.", "NO"),
            (
                "Canada and Japan met in Tokyo. They reaffirmed their support for Ukraine.",
                "JP",
            ),
            (
                "Recalling its statements, Canada reaffirms its continued and steady support for Ukraine.",
                "CA",
            ),
        ),
        reject=("Japan noted the support of the United Nations for the talks.",),
    ),
    Trigger(
        "support_declaration",
        _support_declaration,
        v.DECLARATION_VERBS,
        frozenset(["present"]),
        0.55,
        accept=(
            ("Japan fully supports the efforts of the United Nations in Syria.", "JP"),
            ("Canada stands firmly alongside Ukraine.", "CA"),
            ("Norway stands united behind Ukraine.", "NO"),
            ("Canada continues to stand in solidarity with the people of Nigeria.", "CA"),
        ),
        reject=("Canada stands at a crossroads.", "Japan supported the talks in 2019."),
    ),
    Trigger(
        "donor_list",
        _donor_list,
        v.LIST_VERBS,
        ANY_MOOD,
        0.75,
        accept=(("Funding for the drones comes from the United Kingdom, Germany and Norway.", "DE"),),
        reject=("The delegation includes officials from Germany and Norway.",),
    ),
)

_BY_WORD: dict[str, list[Trigger]] = {}
for _trigger in TRIGGERS:
    for _word in _trigger.words:
        _BY_WORD.setdefault(_word, []).append(_trigger)


def interpret(tok: Token, parse: SentenceParse) -> Clause | None:
    """The first row of the table that reads `tok` as a commitment clause (else as a possible one)."""
    possible = None
    for trigger in _BY_WORD.get(lemma(tok), ()):
        clause = trigger.read(tok, parse, trigger)
        if clause is not None and not clause.possible_only:
            return clause
        possible = possible or clause
    return possible


def read_clauses(parse: SentenceParse) -> list[Clause]:
    """Every commitment clause of one parsed sentence, by the trigger table's rules."""
    return [clause for tok in parse.doc if (clause := interpret(tok, parse)) is not None]
