"""Who commits: subjects, coordinated lists, speakers, signatories, the text's home state.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from .. import lexicon as lx
from ..entities import Hit
from ..syntax import Clause
from .drafts import _Draft, _Sent
from .vocabulary import (
    _CO_ACTOR_MARKS,
    _COPULAS,
    _INSTITUTIONS,
    _LIST_PREPOSITIONS,
    _MEETING_PARTIES,
    _OFFICIALS,
    _OWNED_GIFTS,
    _PAIR_WORDS,
    _PARTY_NOUNS,
    _SPOKESPEOPLE,
    AGREEMENT_SUBJECTS,
    CONFLICT_NOUNS,
    FIRST_PERSON,
    GOV_SUBJECTS,
    INSTRUMENT_NOUNS,
    NON_AGENT_PREPS,
    OF_OWNERS,
    PLEDGE_NOUNS,
)

_JOINT_STATEMENT = ("joint statement", "joint declaration", "joint communiqu", "governments of")


# a group's word for the states it names next ("EU member states France and Italy")
_MEMBER_NOUNS = frozenset(["members", "states", "countries", "nations", "allies", "partners"])


class ActorsMixin:
    """Who commits: subjects, coordinated lists, speakers, signatories, the text's home state."""

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
        while k >= 0 and (doc[k].lower_ in {"the", "a", "an", "both"} or doc[k].is_space):
            k -= 1
        if k < 0:
            return True
        prev = doc[k].lower_
        after = doc[hit.end].text if hit.end < len(doc) else ""
        if (
            prev in {"and", "or"}
            or (prev == "," and after in {",", "and", "or"})
            or (prev == "as" and k > 0 and doc[k - 1].lower_ == "such")
        ):
            # "… delivered through partners such as WFP, UNICEF and others": channels, not givers
            prev = self._list_opener(doc, k + 1) or prev
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

    def _list_opener(self, doc: Doc, k: int) -> str | None:
        """The preposition that governs the list a name is an item of ("to A, B and C", "through
        partners such as A and B"), read back from doc[k] over names, commas and "such as"; None
        when no preposition opens it ("Several allies – including A and B – will …" are givers)."""
        j = k - 1
        floor = max(-1, k - 20)
        while j > floor:
            tok = doc[j]
            if (
                tok.text in {",", "and", "or", "the"}
                or (tok.text[:1].isupper() and tok.is_alpha)
                or tok.is_space
            ):
                j -= 1
                continue
            if tok.lower_ == "as" and j > 0 and doc[j - 1].lower_ == "such":
                # "partners such as": the noun before may hang on a preposition ("through partners")
                for m in range(j - 2, max(-1, j - 5), -1):
                    if doc[m].lower_ in _LIST_PREPOSITIONS:
                        return doc[m].lower_
                    if not doc[m].is_alpha or doc[m].text[:1].isupper():
                        return None
                return None
            if tok.lower_ in {"from", "of"} and j > 0 and doc[j - 1].lower_ in _SPOKESPEOPLE:
                return None  # "leaders from Viet Nam and the International Partners Group": who acts
            return tok.lower_ if tok.lower_ in _LIST_PREPOSITIONS else None
        return None

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
            if any(region_words[i] in _MEETING_PARTIES for i in group_idx):
                # "The leaders agreed …" after "A met B": the parties of the meeting, each one
                parties = self._meeting_of(doc, s, sents, coalitions, t_start)
                if parties:
                    return parties, True
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
            person = self._referent(s, sents, t_start)
            if person is not None and (aff := self._affiliation(person)):
                return [aff], True
            return [], True
        if "they" in near_words:
            orgs = [h for h in s.hits if h.kind == "organisation" and h.start < t_start]
            if orgs:
                return [(orgs[-1].key, "organisation")], True
            if not coalitions:
                return self._participants(s, sents, t_start), True  # "A met B. They agreed …"
            return [], True
        if not coalitions and set(near_words) & _PARTY_NOUNS and not set(near_words) & lx.GENERIC_GROUP:
            return self._participants(s, sents, t_start), True  # "The Presidents agreed …"
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
            return self._states_listed_at(doc, s, t + 1)
        return []

    def _states_listed_at(self, doc: Doc, s: _Sent, k: int) -> list[tuple[str, str]]:
        """The states listed from token k on: "Qatar, Norway and Canada"."""
        starts = {h.start: h for h in s.hits if h.kind == "country"}
        out: list[tuple[str, str]] = []
        while k < s.end:
            if k in starts:
                out.append((starts[k].key, "country"))
                k = starts[k].end
            elif doc[k].text in {",", "and", "the", "or"}:
                k += 1
            else:
                break
        return list(dict.fromkeys(out))

    def _co_actors(self, doc: Doc, s: _Sent) -> list[tuple[str, str]]:
        """ "The EU, together with Denmark and France, will …", "Together with UNHCR and IOM, the EU
        will co-host …": the states and organisations listed act as well. Not "will work together
        with Kenya": a partner a verb works with is no co-donor."""
        starts = {h.start: h for h in s.hits}
        out: list[tuple[str, str]] = []
        for t in range(s.start, s.end - 2):
            if doc[t].lower_ not in _CO_ACTOR_MARKS or doc[t + 1].lower_ != "with":
                continue
            if t > s.start and doc[t - 1].is_lower and doc[t - 1].is_alpha:
                continue  # "work together with", "co-operate jointly with"
            k = t + 2
            while k < s.end:
                if k in starts:
                    h = starts[k]
                    if (aff := self._affiliation(h)) and aff not in out:
                        out.append(aff)
                    k = h.end
                elif doc[k].lower_ in {",", "and", "the", "its", "other"}:
                    k += 1
                else:
                    break
        return out

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

    def _recent_actor(self, drafts: list[_Draft], index: int, within: int = 4) -> tuple[str, str] | None:
        for d in reversed(drafts):
            if index - d.sent_last <= within:
                return (d.actor, d.actor_kind)
        return None

    def _collective(self, doc: Doc, sents: list[_Sent]) -> list[tuple[str, str]]:
        """The signatories of a joint statement, named at its top ("Joint Statement by A, B and C",
        "The governments of A, B and C welcome …", "We, the leaders of A and B, …"); they are its "we"."""
        for s in sents[:6]:
            low = s.text.lower()
            if not (
                any(w in low for w in _JOINT_STATEMENT)
                or low.startswith("we, the ")  # "We, the leaders of the EU and Japan, …"
            ):
                continue
            # the parties of a summit's statement may be organisations ("EU-Japan Summit")
            found = self._affiliations(s.hits)
            if len(found) >= 2 and any(kind == "country" for _, kind in found):
                return found
        return []

    def _affiliations(self, hits: list[Hit]) -> list[tuple[str, str]]:
        """The states and organisations these hits act for, once each, in order."""
        return list(dict.fromkeys(aff for h in hits if (aff := self._affiliation(h))))

    def _participants(self, s: _Sent, sents: list[_Sent], before: int) -> list[tuple[str, str]]:
        """Who "they" are: the states and organisations named before it in this sentence, else in
        the sentences before ("Secretary Mattis and Minister Payne met … They reaffirmed …")."""
        for hits in (
            [h for h in s.hits if h.start < before],
            *(p.hits for p in reversed(sents[max(0, s.index - 3) : s.index])),
        ):
            found = self._affiliations(hits)
            if len(found) >= 2:
                return found
        return []

    def _meeting_of(
        self, doc: Doc, s: _Sent, sents: list[_Sent], coalitions: list[Hit], before: int
    ) -> list[tuple[str, str]]:
        """The parties of the meeting a readout's "the leaders" are: the two named just before, when no
        coalition is named near ("…looked forward to seeing each other at the G7" names one only in
        passing); without any coalition in the text, all the parties named."""
        k = before - 1
        while k >= s.start and doc[k].lower_ not in _MEETING_PARTIES:
            k -= 1
        if k >= s.start and (k == s.start or doc[k - 1].lower_ not in {"the", "both", "two"}):
            return []  # a bare "Leaders expressed …" is a summit's whole group, not a meeting's two
        if not coalitions:
            return self._participants(s, sents, before)
        if any(s.start <= c.start < s.end for c in coalitions):
            return []  # "he spoke to the G7 leaders …"
        near = range(sents[max(0, s.index - 2)].start, s.start)
        if any(c.start in near and self._subject_capable(doc, c, "MODAL") for c in coalitions):
            return []  # "G7 leaders met …", not "partners in the Commonwealth"
        return self._the_two(self._participants(s, sents, before))

    @staticmethod
    def _the_two(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The two parties of a bilateral meeting among those named, or none: two states named with
        an organisation they belong to ("the UK and Nigeria are partners … in the Commonwealth")."""
        states = [f for f in found if f[1] == "country"]
        if len(found) > 2 and len(states) == 2:
            return states
        return found if len(found) == 2 else []

    def _referent(self, s: _Sent, sents: list[_Sent], before: int) -> Hit | None:
        """Who "he" or "she" is: the last person named before it, the speaker, or the first person named
        in the last sentences (a sentence's subject comes first)."""
        persons = [h for h in s.hits if h.kind == "person" and h.start < before]
        if persons:
            return persons[-1]
        if s.speaker is not None:
            return s.speaker
        for prev_s in reversed(sents[max(0, s.index - 3) : s.index]):
            found = [h for h in prev_s.hits if h.kind == "person"]
            if found:
                return found[0]  # the subject of "Austin met Reznikov. He …", named first
        return None

    def _group_subject(self, doc: Doc, clause: Clause) -> bool:
        """ "Leaders", "the partners", "allies" with no state named: the group the article is about."""
        if clause.actor_role == "pronoun" and clause.pronoun == "they":
            return True  # "They reiterated their support …" in a coalition's statement
        if clause.actor_role != "subject":
            return False
        words = [doc[i].lower_ for tokens in clause.actor_phrases for i in tokens]
        return bool(set(words) & lx.GROUP_NOUNS) and not set(words) & (lx.GENERIC_GROUP | {"other", "some"})

    def _pair_subject(self, doc: Doc, clause: Clause) -> bool:
        """ "Both countries", "the two sides", "the pair": the parties just named, not a group at large."""
        words = set(doc[i].lower_ for tokens in clause.actor_phrases for i in tokens)
        if words & _PAIR_WORDS:
            return True  # "the two sides", "the parties have signed …"
        return bool({"both", "two"} & words) and bool(words & (lx.GROUP_NOUNS | _PARTY_NOUNS))

    def _meeting_subject(self, doc: Doc, clause: Clause) -> bool:
        """ "The leaders", "the Presidents", "the Secretaries": the parties of the meeting reported,
        when the article names no coalition for them to be."""
        if clause.actor_role != "subject":
            return False
        words = {doc[i].lower_ for tokens in clause.actor_phrases for i in tokens}
        return bool(words & _MEETING_PARTIES) and not words & (lx.GENERIC_GROUP | {"other", "some"})

    def _speaks_for_home(self, doc: Doc, clause: Clause) -> bool:
        """An unnamed official, an unknown minister or "we": the government the text is from."""
        if clause.actor_role in {"first_person", "announced", "previous"}:
            return True
        if clause.actor_role in {"subject", "agent"}:
            words = {doc[i].lower_ for tokens in clause.actor_phrases for i in tokens}
            return bool(words & _OFFICIALS) or bool(words & _INSTITUTIONS)
        return False

    def _resolve_clause(
        self,
        doc: Doc,
        s: _Sent,
        sents: list[_Sent],
        clause: Clause,
        drafts: list[_Draft],
        signatories: list[tuple[str, str]],
        home: tuple[str, str] | None,
        coalitions: list[Hit] | None = None,
    ) -> tuple[list[tuple[str, str]], float]:
        """The states or organisations a clause names as its actor, and how much less sure a
        fallback makes it: the coalition of "Leaders …", or the text's own government for an
        unnamed official or "we"."""
        actors = self._clause_actors(doc, s, sents, clause, drafts, signatories)
        if actors:
            return actors, 0.0
        penalty = 0.0
        if coalitions is not None and self._meeting_subject(doc, clause):
            # "The leaders agreed …" of a meeting's readout: each party of the meeting
            found = self._meeting_of(doc, s, sents, coalitions, clause.head)
            if found:
                return found, 0.1
        if coalitions and self._group_subject(doc, clause):
            # "Leaders expressed their support …": the coalition the article is about
            coalition = self._nearest_coalition(s, coalitions, clause.head)
            penalty = 0.1
            if coalition:
                return [(coalition.key, "organisation")], penalty
        if home and self._speaks_for_home(doc, clause):
            # "the Defence Secretary committed …", "we will continue …" in a government's release
            return [home], penalty + 0.15
        return [], penalty

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
            # "Healey stated that £50 million had been allocated": the speaker or a named official first
            if s.speaker is not None and (aff := self._affiliation(s.speaker)):
                return [aff]
            for h in s.hits:
                said = h.start < clause.head and h.end < s.end and doc[h.end].lower_ in lx.SPEECH_VERBS
                if said and (aff := self._affiliation(h)):
                    return [aff]  # "Russia says it is prepared to …"
            for h in s.hits:
                if h.kind == "person" and h.start < clause.head and (aff := self._affiliation(h)):
                    return [aff]
            # the donor of the passage: who committed in the sentences just before
            prev = self._recent_actor(drafts, s.index, within=2)
            return [prev] if prev else []  # else the caller falls back on the text's own government
        if clause.actor_role == "pronoun":
            if clause.pronoun == "they":
                return self._participants(s, sents, clause.head)
            if clause.pronoun in {"he", "she"}:
                person = self._referent(s, sents, clause.head)
                aff = self._affiliation(person) if person is not None else None
                return [aff] if aff else []
            prev = self._recent_actor(drafts, s.index)
            return [prev] if prev else []
        if clause.actor_role == "subject" and self._pair_subject(doc, clause):
            return self._participants(s, sents, clause.head)  # "Both countries agreed …"
        out: list[tuple[str, str]] = []
        for tokens in clause.actor_phrases:
            if tokens and doc[tokens[-1]].lower_ in _MEMBER_NOUNS:
                # "by Caribbean Community members Jamaica, Bahamas and Guyana": the states named act
                listed = self._states_listed_at(doc, s, tokens[-1] + 1)
                if listed:
                    out.extend(a for a in listed if a not in out)
                    continue
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
