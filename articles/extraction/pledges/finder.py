"""Find pledges: sentences where an actor commits to give or do something.

Two readers propose candidates. The word-order rules: a spaCy Matcher proposes trigger tokens
(pledge verbs, "will/could + deploy/provide…", "signed an agreement", "announced a package"), each
checked in its sentence for negation, demands on others and cumulative past totals, with the actor
found by walking back over the subject. The clause reader (`..syntax`): a dependency parse read by
the trigger table of `syntax/triggers.py`, which adds the actors word order misses (lists of donors,
passives, possessives, first person, officials of the text's home state). Both kinds of candidate
("drafts") then share beneficiaries, amounts, merging of restatements and conditions. Each pledge
records the rule that produced it and a confidence.

The finder is split by concern into mixins: speakers, validation, actors, parties, sums, merging."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..amounts import find_amounts
from ..categories import article_category, categorise
from ..conditions import CEASEFIRE_KINDS, ConditionMatch, find_conditions
from ..dates import announced_on, explicit_date, reference_year
from ..entities import DocEntities, EntityIndex, Hit
from ..syntax import Clause, SentenceParse, SyntaxModel, read_clauses
from ..syntax.vocabulary import COMMITMENT_VERBS, PROVISION_VERBS
from ..types import Amount, ConditionResult, PledgeResult
from .actors import ActorsMixin
from .drafts import _Draft, _FastMatcher, _FinishContext, _past_frame, _Sent
from .merging import MergingMixin
from .parties import PartiesMixin
from .speakers import SpeakersMixin
from .sums import SumsMixin
from .validation import ValidationMixin
from .vocabulary import (
    _ACTOR_WORDS,
    _MEETING_PARTIES,
    _NO_START,
    _SUM,
    _SUPPORT_RULES,
    _TOGETHER_WORDS,
    ACTIONS,
    ADVERBS,
    AGREE,
    AGREEMENT_NOUNS,
    AGREEMENT_SUBJECTS,
    ALLOCATE,
    ANAPHORIC_START,
    ANNOUNCE,
    AUTHORIZE,
    COMMIT,
    CONTENT,
    CUMULATIVE,
    DEPLOY_WORDS,
    FIRST_PERSON,
    GOV_SUBJECTS,
    INSTRUCT,
    INTEND,
    MAKE,
    MODALS,
    MONEY_WORDS,
    PARTICIPLES,
    PROGRESSIVE,
    REAFFIRM,
    SIGN,
    STRONG,
)

_SUPPORT_WORD = re.compile(r"\bsupport\b", re.I)


# the sentence model proposes a pledge no rule read at this probability or more
# (chosen on the tuning part's held-out folds: 0.5 gave F1 0.693, 0.35 0.670, 0.7 0.681; in December
# 2026 0.6 won on the folds, 0.617 against 0.614, and lost on the frozen part, 0.472 against 0.477)
SENTENCE_MODEL_THRESHOLD = 0.5
SENTENCE_MODEL_POSSIBLE = 0.3  # from here to the threshold: a possible pledge, for editors only
# what two parties can only do with each other (the finite forms of AGREE and SIGN)
_RECIPROCAL_VERBS = frozenset(["sign", "signed", "signs", "agree", "agreed", "agrees"])
# words of urging others: the sentence model does not add a pledge to a sentence that urges
# (the rules' demand words also hold "needs" and "called for", which pledges often say too)
_URGING = frozenset(
    ["urge", "urged", "urges", "urging", "must", "should", "ought", "encourage", "encouraged", "encourages",
     "demand", "demanded", "demands", "appealed", "asked"]
)  # fmt: skip
SentenceScorer = Callable[[list[tuple[str, bool]]], list[float]]
_DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her"]
)


def _unparsed_reason(s: _Sent, parseable: list[tuple[int, int]]) -> str:
    """Why `extract --explain` shows a sentence without a parse: the gates of `find`, in their order."""
    if s.headline:
        return "a headline (the body's sentences carry the pledges)"
    if (s.start, s.end) not in parseable:
        return "it names no state, organisation, official or sum"
    return "no commitment word, amount or condition marker"


def _agrees_to_act(doc: Doc, d: _Draft) -> bool:
    """ "Iran agreed to accept IAEA monitoring": the one who agrees to do something commits,
    even when the text is about it (unlike "agreed to the plan", or signing with it)."""
    k = d.trigger_tok + 1
    if d.label != "AGREE" or k + 1 >= len(doc) or doc[k].lower_ != "to":
        return False
    nxt = doc[k + 1]
    return nxt.is_alpha and nxt.is_lower and nxt.lower_ not in _DETERMINERS


# a perfect tense: what has been done already ("has provided", "have given", "had spent")
_DONE = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|\w+ly\s+)?(?:\w+ed|given|spent|sent|lent|built)\b", re.I
)


class PledgeFinder(SpeakersMixin, ValidationMixin, ActorsMixin, PartiesMixin, SumsMixin, MergingMixin):
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

    def find(
        self,
        doc: Doc,
        spans: list[tuple[int, int]],
        ents: DocEntities,
        published: dt.date | None,
        explain: list[tuple[int, str]] | None = None,
        sentence_scorer: SentenceScorer | None = None,
    ) -> list[PledgeResult]:
        """Pledges of one article; `explain`, when given, collects (character offset, why) notes;
        `sentence_scorer` (the learned sentence model) proposes sentences no rule read."""

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
        if self._eu_release(doc, ents.hits):
            home_actor = ("EU", "organisation")  # "The Council has decided …" of a Council release
        coalitions = [
            h
            for h in ents.hits
            if h.kind == "organisation"
            and self.index.org_kind.get(h.key, "ad_hoc_coalition") in {"ad_hoc_coalition", "alliance", "bloc"}
        ]
        text = doc.text  # Doc.text joins every token on each call
        ref_year = reference_year(text, published)
        drafts: list[_Draft] = []
        last_agreement_actors: list[tuple[str, str]] = []
        currency = None
        # only sentences that can name an actor are parsed: an entity, "we", an official, or a sum
        # whose giver the passage names ("the new £120 million funding announced today …")
        parseable = [
            (x.start, x.end)
            for x in sents
            if not x.headline and (x.hits or _ACTOR_WORDS.search(x.text) or _SUM.search(x.text))
        ]
        parses = self.syntax.parse(doc, parseable) if self.syntax else {}
        if published is not None:
            for x in sents:
                if x.start in parses and explicit_date(x.text, published) == published:
                    parses[x.start].dated_today = True  # "On 18 July 2016, the Council extended …"
        possible_drafts: list[_Draft] = []  # history-like readings kept for editors, never merged
        signatories = self._collective(doc, sents)
        list_lead: tuple[str, str] | None = None  # whose list follows ("The UK's support includes:")
        vetoed: set[int] = set()  # sentences the rules read as a demand, a wish, a refusal or history
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
                    note(s, f"not parsed: {_unparsed_reason(s, parseable)}")
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
            labelled = self._labelled_commitment(doc, s)
            if labelled is not None:
                # "Belgium: Contributing $300,000 to the IAEA's Nuclear Security Fund" (a summit's list)
                d = self._sentence_draft(doc, s, labelled, "LABELLED", "labelled_commitment", 0.6, focal)
                d.amount = self._pick_amount(s, d, [d], currency, 0)
                note(s, f"a commitment line labelled with {labelled[0]}")
                drafts.append(d)
                continue
            if s.bullet and list_lead is not None:
                item = self._list_item(doc, s, list_lead, currency, focal)
                if item is not None:
                    note(s, f"list item of {list_lead[0]} after the lead ending in a colon")
                    drafts.append(item)
                    continue
            elif s.text.rstrip().endswith(":"):
                list_lead = self._list_lead(doc, s, drafts, home_actor)
            elif not text[text.rfind("\n", 0, s.char_start) + 1 : s.char_start].strip():
                list_lead = None  # a new paragraph ends the list (a bullet's second sentence does not)
            summary_line = s.headline and s.bullet and bool(money_here)
            past = _past_frame(s.text, ref_year)
            if past:
                vetoed.add(s.index)  # "In June 2020, Norway committed …": history, for no reader to add
            if (
                (s.headline and not summary_line)
                or not (triggers.get(s.index) or clauses)
                or s.text.rstrip().endswith("?")
                or past
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
                    if label != "COMMIT":  # "is committed to the success of …" may still be one
                        vetoed.add(s.index)
                    continue
                actors, implicit = self._actors(
                    doc, s, sents, label, t_start, t_end, coalitions, drafts, last_agreement_actors, home
                )
                if not actors:
                    note(s, f"{label} dropped: no actor found")
                    continue
                parsed = self._parsed_actors(
                    doc,
                    s,
                    sents,
                    clauses,
                    parses.get(s.start),
                    (t_start, t_end),
                    drafts,
                    signatories,
                    home_actor,
                )
                if parsed and not set(parsed) & set(actors):
                    note(
                        s,
                        f"{label} actor {[a for a, _ in actors]} read by the parse as "
                        f"{[a for a, _ in parsed]}",
                    )
                    actors, implicit = parsed, False
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
            sent_possible: list[_Draft] = []
            for d in self._syntax_drafts(
                doc, s, sents, clauses, drafts, sent_drafts, home_actor, signatories, coalitions
            ):
                note(s, f"clause {d.rule} adds actor {d.actor} (confidence {d.confidence:.2f})")
                (sent_possible if d.rule.startswith("possible:") else sent_drafts).append(d)
            if sent_possible:
                self._beneficiaries(doc, s, sent_possible, focal)
                for d in sent_possible:
                    offset = doc[d.trigger_tok].idx - s.char_start
                    d.amount = self._pick_amount(s, d, sent_possible, currency, offset)
                possible_drafts.extend(sent_possible)
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
            if sent_drafts:
                # "the EU, together with Denmark and France, will …": the listed parties commit too
                for key, kind in self._co_actors(doc, s):
                    if not any(d.actor == key for d in sent_drafts):
                        lead = sent_drafts[0]
                        d = _Draft(
                            key, kind, s.index, s.index, lead.trigger_tok, False, lead.content, lead.label
                        )
                        d.rule, d.verb, d.confidence = lead.rule, lead.verb, lead.confidence
                        sent_drafts.append(d)
                        note(s, f"{key} acts together with {lead.actor}")
            # drop the beneficiary from the actors when others act for it
            self._beneficiaries(doc, s, sent_drafts, focal)
            self._mutual_beneficiaries(doc, s, sents, sent_drafts)
            if len(sent_drafts) > 1:
                sent_drafts = [d for d in sent_drafts if not (d.beneficiary and d.beneficiary[0] == d.actor)]
                if focal and any(d.actor != focal[0] for d in sent_drafts):
                    sent_drafts = [d for d in sent_drafts if d.actor != focal[0] or d.mutual]
            sent_drafts = [d for d in sent_drafts if not (d.beneficiary and d.beneficiary[0] == d.actor)]
            if focal:
                # the state an agreement is signed with/for does not pledge to itself
                sent_drafts = [
                    d
                    for d in sent_drafts
                    if not (
                        d.actor == focal[0]
                        and not d.mutual
                        and not _agrees_to_act(doc, d)
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
        prior = article_category(text)
        before = len(drafts)
        drafts = self._merge(drafts, sents, prior)
        if explain is not None and len(drafts) < before:
            explain.append((0, f"{before - len(drafts)} candidate(s) merged into a pledge they restate"))
        drafts = self._split_kinds(doc, drafts, sents)
        if sentence_scorer is not None:
            unread = self._unread_sentences(
                doc,
                sents,
                drafts,
                possible_drafts,
                vetoed,
                sentence_scorer,
                home_actor,
                focal,
                bool(coalitions),
            )
            for d in unread:
                note(sents[d.sent_first], f"sentence model reads a pledge of {d.actor} ({d.confidence:.2f})")
                (possible_drafts if d.rule.startswith("possible:") else drafts).append(d)
        ctx = _FinishContext(
            text=text,
            starts={x.sent_first for x in drafts},
            no_sents=[s for s in sents if _NO_START.match(s.text)],
            deploy_sents=[s for s in sents if DEPLOY_WORDS.search(s.text) or "force" in s.text.lower()],
        )
        pledged = {(d.actor, i) for d in drafts for i in range(d.sent_first, d.sent_last + 1)}
        possible_drafts = [d for d in possible_drafts if (d.actor, d.sent_first) not in pledged]
        return [
            self._finish(doc, d, sents, ents, published, drafts, prior, ctx) for d in drafts + possible_drafts
        ]

    def _unread_sentences(
        self,
        doc: Doc,
        sents: list[_Sent],
        drafts: list[_Draft],
        possible: list[_Draft],
        vetoed: set[int],
        scorer: SentenceScorer,
        home: tuple[str, str] | None,
        focal: tuple[str, str] | None,
        coalition_named: bool = False,
    ) -> list[_Draft]:
        """Sentences no rule read that the sentence model says state a pledge, given to the state
        or organisation the sentence names, to each party of a meeting its subject is ("They
        agreed …", "The leaders …"), else to the article's main pledger."""
        covered = {i for d in drafts + possible for i in range(d.sent_first, d.sent_last + 1)}
        covered |= {i for d in drafts for i in d.restates}  # a restatement folded into a pledge
        pledgers = Counter((d.actor, d.actor_kind) for d in drafts)
        main = pledgers.most_common(1)[0][0] if pledgers else home
        candidates: list[tuple[_Sent, list[tuple[str, str]]]] = []
        for s in sents:
            if s.index in covered or s.headline or len(s.text) < 40 or s.text.rstrip().endswith("?"):
                continue
            words = {doc[t].lower_ for t in range(s.start, s.end)}
            if CUMULATIVE.search(s.text) or s.index in vetoed or words & _URGING:
                continue  # what the rules read as a demand, a refusal or a total is not the model's to add
            first_word = next((doc[t].lower_ for t in range(s.start, s.end) if doc[t].is_alpha), "")
            first_person = first_word in {"we", "i"}
            named = [
                aff
                for h in s.hits
                if not first_person  # "We will maintain our efforts to sanction Venezuelan officials"
                and (aff := self._affiliation(h))
                and self._subject_capable(doc, h, "MODAL")
                and not (focal and aff[0] == focal[0])
            ]
            if first_person and s.speaker is not None and (aff := self._affiliation(s.speaker)):
                named = [aff]
            candidates.append((s, named))
        out: list[_Draft] = []
        probabilities = scorer([(s.text, bool(s.hits)) for s, _ in candidates])
        for (s, named), p in zip(candidates, probabilities, strict=True):
            if p < SENTENCE_MODEL_POSSIBLE:
                continue
            if not named and any(h.via == "unknown_org" and h.start - s.start <= 1 for h in s.hits):
                continue  # "The Blue Harbour Fund pledged …": its own actor, not yet known
            parties = [] if coalition_named or named else self._meeting_parties(doc, s, sents)
            actor = named[0] if len(set(named)) == 1 else main
            actors = parties or ([actor] if actor is not None else [])
            # less sure than the threshold: offered to editors as a possible pledge
            rule = "sentence_model" if p >= SENTENCE_MODEL_THRESHOLD else "possible:sentence_model"
            made = [
                self._sentence_draft(doc, s, each, "SENTENCE_MODEL", rule, round(p, 3), focal)
                for each in actors
            ]
            self._mutual_beneficiaries(doc, s, sents, made)
            for d in made:
                d.amount = self._pick_amount(s, d, [d], None, 0)
                out.append(d)
        return out

    def _mutual_beneficiaries(self, doc: Doc, s: _Sent, sents: list[_Sent], drafts: list[_Draft]) -> None:
        """Two parties that commit together ("They reaffirmed their commitment to the alliance", "Both
        ministers pledged …", "A and B signed the declaration") commit to each other, unless the
        sentence names a third party (one pledge per party, SCHEMA.md; in a bilateral readout each is
        the other's beneficiary). Signing and agreeing take two, so they need no "together"."""
        actors = {d.actor for d in drafts}
        if len(actors) != 2:
            return
        together = any(doc[t].lower_ in _TOGETHER_WORDS for t in range(s.start, s.end))
        if not together and not all(d.verb in _RECIPROCAL_VERBS for d in drafts):
            return
        pair = [key for key, _ in self._the_two(self._participants(s, sents, s.end))]
        if len(pair) != 2 or actors != set(pair):
            return
        for d in drafts:
            if d.beneficiary is None or d.beneficiary[0] in actors:
                other = next(x for x in drafts if x.actor != d.actor)
                d.beneficiary = (other.actor, other.actor_kind)
            d.mutual = True

    def _labelled_commitment(self, doc: Doc, s: _Sent) -> tuple[str, str] | None:
        """Whose commitment a line of a summit's or a fact sheet's list states when it opens with a
        state or organisation and a colon, then what it is doing or will do ("Canada: Returning spent
        fuel …", "China: Announce cooperation …"); not what it did ("Chile: Removed all …")."""
        k = s.start
        while k < s.end and (doc[k].is_space or doc[k].text in {"-", "•", "*", "–"}):
            k += 1
        hit = next((h for h in s.hits if h.start == k), None)
        if hit is None or hit.end + 1 >= s.end or doc[hit.end].text != ":":
            return None
        word = doc[hit.end + 1]
        if not (word.text[:1].isupper() and word.is_alpha):
            return None
        low = word.lower_
        if not (low.endswith("ing") or low in PROVISION_VERBS or low in COMMITMENT_VERBS):
            return None
        return self._affiliation(hit)

    def _eu_release(self, doc: Doc, hits: list[Hit]) -> bool:
        """A text of the EU's institutions: it names the EU and calls a body of it "the Council" or
        "the Commission" on its own (not "the Security Council", not "the Commission of Inquiry")."""
        if not any(h.key == "EU" for h in hits):
            return False
        return any(
            tok.text in {"Council", "Commission"}
            and tok.i > 0
            and doc[tok.i - 1].lower_ == "the"
            and (tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in {"of", "for", "on"})
            for tok in doc
        )

    def _meeting_parties(self, doc: Doc, s: _Sent, sents: list[_Sent]) -> list[tuple[str, str]]:
        """The parties of a meeting when a sentence's subject is them together ("They agreed …",
        "The two leaders …", "Both sides …"): its first words before any verb, read as the rules
        read such a subject (`_meeting_of`; the sentence model is asked only when no coalition is named)."""
        for t in range(s.start, min(s.end, s.start + 5)):
            tok = doc[t]
            low = tok.lower_
            if low == "they" or low in _MEETING_PARTIES:
                return self._meeting_of(doc, s, sents, [], t + 1)
            if low not in {"the", "both", "two"} and not tok.is_title:
                return []
        return []

    def _list_lead(
        self, doc: Doc, s: _Sent, drafts: list[_Draft], home: tuple[str, str] | None = None
    ) -> tuple[str, str] | None:
        """Whose items a list introduced by this sentence gives: the state or organisation the
        sentence names ("The latest support from the UK Government includes:"), else the donor of
        the sentences just before, else the text's own government when the lead speaks for it ("At
        this time, the Administration is prepared to:")."""
        for h in s.hits:
            if (aff := self._affiliation(h)) and self._subject_capable(doc, h, "MODAL"):
                return aff
        recent = self._recent_actor(drafts, s.index, within=2)
        if recent is None and home is not None:
            words = {doc[t].lower_ for t in range(s.start, s.end)}
            if words & (GOV_SUBJECTS | FIRST_PERSON):
                return home
        return recent

    def _list_item(
        self,
        doc: Doc,
        s: _Sent,
        lead: tuple[str, str],
        currency: str | None,
        focal: tuple[str, str] | None,
    ) -> _Draft | None:
        """ "• a £5 million investment in resilience for …": a sum in a list after a lead ending in a
        colon is one more commitment of the lead's actor (one pledge per item, SCHEMA.md)."""
        amounts = [a for a in find_amounts(s.text, currency) if a.unit != "percent_gdp"]
        if not amounts or CUMULATIVE.search(s.text) or _DONE.search(s.text):
            return None  # "• The U.S. has provided more than $500 million …": what was given before
        d = self._sentence_draft(doc, s, lead, "LIST_ITEM", "list_item", 0.6, focal)
        d.amount, d.amount_fixed = amounts[0], True
        return d

    def _sentence_draft(
        self,
        doc: Doc,
        s: _Sent,
        actor: tuple[str, str],
        label: str,
        rule: str,
        confidence: float,
        focal: tuple[str, str] | None,
    ) -> _Draft:
        """A pledge of `actor` read from the sentence as a whole (a list item, the sentence model's
        reading): an additional commitment, never merged into another, for whom the sentence names."""
        d = _Draft(actor[0], actor[1], s.index, s.index, s.start, True, False, label)
        d.rule, d.confidence, d.also = rule, confidence, True
        self._beneficiaries(doc, s, [d], focal)
        if d.beneficiary and d.beneficiary[0] == d.actor:
            d.beneficiary = None
        return d

    def _parsed_actors(
        self,
        doc: Doc,
        s: _Sent,
        sents: list[_Sent],
        clauses: list[Clause],
        parse: SentenceParse | None,
        trigger: tuple[int, int],
        drafts: list[_Draft],
        signatories: list[tuple[str, str]],
        home: tuple[str, str] | None,
    ) -> list[tuple[str, str]]:
        """Who the parse says acts at a word-order trigger: the subject or `by`-agent of the clause
        the trigger belongs to ("the Deputy Foreign Secretary will announce £100 million for
        Ethiopia" is the UK's, whatever state is named nearest the verb)."""
        span = set(range(*trigger))

        def at_trigger(clause: Clause) -> bool:
            # the trigger is the clause's word, its governor, or words it governs ("will" of "will announce")
            tok = parse.token_at(clause.head) if parse is not None else None
            if tok is None:
                return clause.head in span
            near = [tok, tok.head, *tok.children]
            return any(parse.global_index(t) in span for t in near)

        for clause in clauses:
            if clause.actor_role not in {"subject", "agent"} or clause.possible_only:
                continue
            if not at_trigger(clause):
                continue
            actors, _ = self._resolve_clause(doc, s, sents, clause, drafts, signatories, home)
            if actors:
                return actors
        return []

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
        coalitions: list[Hit],
    ) -> list[_Draft]:
        """Pledges the clause reader finds that the word-order rules did not (new actors only)."""
        taken = {d.actor for d in sent_drafts}
        out: list[_Draft] = []
        for clause in clauses:
            actors, penalty = self._resolve_clause(
                doc, s, sents, clause, drafts, signatories, home, coalitions
            )
            clause.confidence -= penalty
            for key, kind in actors:
                if key in taken:
                    continue
                if not clause.possible_only:
                    taken.add(key)
                d = _Draft(
                    key, kind, s.index, s.index, clause.head, clause.actor_role != "subject", False, "SYNTAX"
                )
                d.verb = clause.lemma
                d.rule = f"possible:{clause.rule}" if clause.possible_only else clause.rule
                d.confidence = clause.confidence
                out.append(d)
        real = {d.actor for d in out if not d.rule.startswith("possible:")} | taken
        return [d for d in out if not (d.rule.startswith("possible:") and d.actor in real)]

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
        if category == "other" and (
            d.rule in _SUPPORT_RULES or (amount is None and _SUPPORT_WORD.search(quote))
        ):
            category = "diplomatic"  # a declaration of support with nothing more specific named
        person = self._actor_person(d, sents, ents, ctx)
        beneficiary = d.beneficiary
        if category == "sanctions" and beneficiary and beneficiary[0] in self._sanctioned(doc, sents, d):
            beneficiary = None  # "sanctions on Iranian officials": the target, not a beneficiary
        return PledgeResult(
            actor=d.actor,
            actor_kind=d.actor_kind,
            actor_person=person,
            beneficiary=beneficiary[0] if beneficiary else None,
            beneficiary_kind=beneficiary[1] if beneficiary else None,
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

    def _sanctioned(self, doc: Doc, sents: list[_Sent], d: _Draft) -> set[str]:
        """The states a sanctions pledge targets: named by demonym ("Russian oligarchs"), as owners
        ("Iran's central bank") or after "on"/"against" ("new sanctions on Belarus")."""
        out: set[str] = set()
        for s in sents[d.sent_first : d.sent_last + 1]:
            for h in s.hits:
                if h.kind != "country":
                    continue
                before = doc[h.start - 1].lower_ if h.start > 0 else ""
                owner = h.end < len(doc) and doc[h.end].lower_ in {"'s", "’s"}
                if h.via == "demonym" or owner or before in {"on", "against"}:
                    out.add(h.key)
        return out

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
