"""Find countries, organisations and people in a parsed document.

One PhraseMatcher on lowercase text finds every alias; a second on exact text finds
acronyms ("US" is a country, "us" is not). Each hit is then judged in context: is the
country a state acting or only a place ("a summit in Paris", "Lagos, Nigeria"), is the
demonym about the state ("French soldiers") or about people ("Syrian refugees")?
Unknown people are found through the titles that introduce them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import lexicon as lx
from .types import Gazetteer, LeaderEntry, OrganisationEntry


@dataclass(slots=True)
class Hit:
    """An entity found at a token range, with how it was found."""

    kind: str  # country | organisation | person
    key: str
    start: int  # token indices, end exclusive
    end: int
    via: str  # name | demonym | capital | alias | leader | surname | candidate | unknown_org
    state: bool = True  # for countries: the text refers to the state (not only a place)
    country: str | None = None  # for people: the country they speak for
    organisation: str | None = None  # for people: the organisation they speak for
    title: str | None = None


@dataclass(slots=True)
class DocEntities:
    hits: list[Hit] = field(default_factory=list)
    candidates: list[Hit] = field(default_factory=list)  # unknown titled people (kind person)
    organisations: list[Hit] = field(default_factory=list)  # unknown organisations, as candidates name them


_LED = frozenset(["led", "represented", "headed", "accompanied"])
# the words of a title that say which office it is (not "Mr", "Dr")
_RANKS = lx.TITLE_HEADS - {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sheikh", "head", "chief"}
_NAME_PARTICLES_INSIDE = frozenset(["bin", "al", "el", "von", "der", "van", "de"])
_TITLE_WORDS = lx.TITLE_MODIFIERS | lx.TITLE_HEADS
_LEADING_PARTICLES = lx.NAME_PARTICLES | _NAME_PARTICLES_INSIDE


def _rank_words(title: str | None) -> set[str]:
    """The words of a title that name an office ("Acting Secretary" -> {"secretary"})."""
    return {w.lower() for w in title.split()} & _RANKS if title else set()


def _name_end(doc: Doc, j: int, taken: list[bool]) -> int:
    """Where a capitalised name that starts at j ends (a title's holder: "Kassym-Jomart Tokayev")."""
    k = j
    while k < len(doc) and not taken[k]:
        tok = doc[k]
        word = (tok.is_alpha or "-" in tok.text or (len(tok.text) == 2 and tok.text[1] == ".")) and (
            tok.text[:1].isupper() and tok.lower_ not in lx.MONTHS
        )
        inside = k > j and (tok.lower_ in _NAME_PARTICLES_INSIDE or _name_hyphen(doc, k))
        if not (word or inside or (k > j + 1 and tok.is_alpha and _name_hyphen(doc, k - 1))):
            break
        k += 1
    return k


def _office_end(doc: Doc, j: int, hit_at: dict[int, Hit]) -> int:
    """Past the domain or state a title names ("Secretary of State", "Minister of the Netherlands",
    "Minister for the Indo-Pacific"), or j itself."""
    n = len(doc)
    if j >= n or doc[j].lower_ not in {"of", "for"}:
        return j
    k = j + 1
    if k < n and doc[k].lower_ == "the":
        k += 1
    if k < n and (doc[k].lower_ in lx.OFFICE_DOMAINS or (k in hit_at and hit_at[k].kind == "country")):
        end = hit_at[k].end if k in hit_at else k + 1
        while end < n and doc[end].lower_ in lx.OFFICE_DOMAINS:
            end += 1
        return end
    return j


def _could_be_name(tokens: Span) -> bool:
    """Not an office or a headline's words ("Transport Secretary", "Clinton With Foreign Leaders")."""
    return not any(
        t.text[:1].isupper() and (t.is_stop or t.lower_ in lx.TITLE_HEADS or t.lower_ in lx.OFFICE_DOMAINS)
        for t in tokens
    )


def _name_before(doc: Doc, title: int, taken: list[bool], demonyms: Container[str]) -> tuple[int, int] | None:
    """The name an appositive title follows ("Filipe Nyusi, the President of Mozambique", "…, the
    Norwegian Prime Minister"): two to five capitalised words, none a title, a month or an entity,
    just before ", the <title>"."""
    b = title - 1
    while b >= 0 and (doc[b].lower_ in _TITLE_WORDS or doc[b].lower_ in demonyms):
        b -= 1
    if b >= 0 and doc[b].lower_ in {"the", "a"}:
        b -= 1
    if b < 2 or doc[b].text != ",":
        return None
    start = b
    while start > 0 and not taken[start - 1]:
        tok = doc[start - 1]
        word = tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop
        word = word and tok.lower_ not in lx.TITLE_HEADS
        if not (word or (start >= 2 and _name_hyphen(doc, start - 1))):
            break
        start -= 1
    if not 2 <= b - start <= 5 or doc[start].text == "-" or doc[start].lower_ in lx.MONTHS:
        return None
    return start, b


def _name_hyphen(doc: Doc, k: int) -> bool:
    """A hyphen inside a name ("Kassym-Jomart", "Ban Ki-moon", "el-Sisi"): the tokenizer splits it
    off, glued to a word on both sides."""
    return (
        doc[k].text in {"-", "\u2010"}
        and not doc[k - 1].whitespace_
        and not doc[k].whitespace_
        and k + 1 < len(doc)
        and doc[k + 1].is_alpha
    )


def _cased(span: Span) -> bool:
    """Names are capitalised: "Turkey" is a country, "turkey" is a bird."""
    for tok in span:
        if not tok.is_alpha or tok.lower_ in lx.NAME_PARTICLES:
            continue
        if not tok.text[0].isupper():
            return False
    return True


def guess_org_kind(name: str) -> str | None:
    """The kind an unknown organisation's head word suggests ("… Contact Group", "… Fund for Peace")."""
    words = name.split()
    for k, word in enumerate(words):
        if k and word.lower() in {"for", "on"}:
            words = words[:k]  # the head comes before "for …" / "on …"
            break
    return lx.ORG_HEAD_KINDS.get(words[-1].lower()) if words else None


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "").replace(" ", "")
    return letters.isalnum() and letters.upper() == letters and len(letters) <= 6


class EntityIndex:
    """Matchers and lookup tables for one gazetteer; built once, used for every document."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.free = PhraseMatcher(nlp.vocab, attr="LOWER")  # aliases the gazetteer writes in lowercase
        self.org_kind: dict[str, str] = {o.key: o.kind for o in gazetteer.organisations}
        self.orgs: dict[str, OrganisationEntry] = {o.key: o for o in gazetteer.organisations}
        self.leaders: list[LeaderEntry] = list(gazetteer.leaders)
        self.country_names: dict[str, str] = {c.code: c.name for c in gazetteer.countries}
        self.demonym_country: dict[str, str] = {}
        self.surnames: dict[str, list[int]] = {}
        lower_patterns: dict[str, list[str]] = {}
        exact_patterns: dict[str, list[str]] = {}
        free_patterns: dict[str, list[str]] = {}

        def add(label: str, alias: str) -> None:
            alias = alias.strip()
            if not alias:
                return
            target = exact_patterns if _is_acronym(alias) else lower_patterns
            words = [w for w in alias.split() if w.isalpha() and w.lower() not in lx.NAME_PARTICLES]
            if label.startswith("O|") and len(words) >= 2 and all(w.islower() for w in words):
                target = free_patterns  # "coalition of the willing" is written so in the news
            target.setdefault(label, []).append(alias)
            if "'" in alias:  # news copy writes "People’s Republic" with a typographic apostrophe
                target.setdefault(label, []).append(alias.replace("'", "’"))

        self._name_ends: dict[str, tuple[str, ...]] = {}
        for c in gazetteer.countries:
            for name in (c.name, *c.names):
                key = " ".join(t.text for t in nlp.tokenizer(name)).lower()
                self._name_ends[key] = (*self._name_ends.get(key, ()), c.code)
                add(f"C|{c.code}|name", name)
                if name.lower().startswith("the "):
                    add(f"C|{c.code}|name", name[4:])
            for dem in c.demonyms:
                add(f"C|{c.code}|demonym", dem)
                self.demonym_country[dem.lower()] = c.code
                if dem[-1:] in "ni" and not dem.endswith("s"):
                    add(f"C|{c.code}|demonym", dem + "s")
            for cap in c.capitals:
                add(f"C|{c.code}|capital", cap)
            for body in c.institutions:
                add(f"C|{c.code}|institution", body)
                if body.lower().startswith("the "):
                    add(f"C|{c.code}|institution", body[4:])
        for o in gazetteer.organisations:
            for name in (o.key, *o.names):
                add(f"O|{o.key}|alias", name)
                if name.lower().startswith("the ") and len(name.split()) > 2:
                    add(f"O|{o.key}|alias", name[4:])
        for i, person in enumerate(gazetteer.leaders):
            add(f"P|{i}|leader", person.name)
            for alias in person.aliases:
                add(f"P|{i}|leader", alias)
            parts = person.name.split()
            if len(parts) >= 2:
                self.surnames.setdefault(parts[-1].lower(), []).append(i)
                if parts[-2].lower() in {"von", "van", "de", "der", "al", "bin"}:
                    self.surnames.setdefault(
                        " ".join(parts[-3:] if parts[-3].lower() == "von" else parts[-2:]).lower(), []
                    ).append(i)
        for label, aliases in lower_patterns.items():
            self.lower.add(label, list(nlp.tokenizer.pipe(aliases)))
        for label, aliases in exact_patterns.items():
            self.exact.add(label, list(nlp.tokenizer.pipe(aliases)))
        for label, aliases in free_patterns.items():
            self.free.add(label, list(nlp.tokenizer.pipe(aliases)))
        self.vocab = nlp.vocab

    # -- people ---------------------------------------------------------------------------
    def leader_affiliation(self, index: int, on: dt.date | None) -> tuple[str | None, str | None]:
        """(country, organisation) the leader spoke for on that date (default: their main one)."""
        person = self.leaders[index]
        if on and person.offices:
            for office in person.offices:
                current = (office.start is None or office.start <= on) and (
                    office.end is None or office.end >= on
                )
                if current and (office.country or office.organisation):
                    return office.country, (None if office.country else office.organisation)
        if person.organisation and not person.country:
            return None, person.organisation
        if person.organisation and person.offices and person.offices[0].organisation:
            latest = person.offices[0]
            if not latest.country and not on:
                return None, latest.organisation
        return person.country, (None if person.country else person.organisation)

    def _namesake(self, indices: list[int], title: str | None, on: dt.date | None, named: set[str]) -> int:
        """Which of the leaders sharing a surname a text means ("Prime Minister Martin", "Secretary
        Rice"): the one it named in full, then the one in an office of that title on the text's date,
        then in any office then, then the first listed."""
        if len(indices) == 1:
            return indices[0]
        return max(indices, key=lambda i: (self.leaders[i].name in named, self._office_fit(i, title, on)))

    def _office_fit(self, index: int, title: str | None, on: dt.date | None) -> int:
        """2 for an office held on the date, 1 for an office of the title's rank, 3 for both, else 0."""
        words = _rank_words(title)
        best = 0
        for office in self.leaders[index].offices:
            now = on is not None and (office.start is None or office.start <= on)
            now = now and (office.end is None or office.end >= on)
            titled = bool(words & {w.lower() for w in office.title.split()})
            best = max(best, 2 * now + titled)
        return best

    def _contradicted(self, index: int, title: str | None, on: dt.date | None) -> bool:
        """A dated text gives the surname a rank this leader never held, out of office on that date
        ("Acting Secretary Miller" in 2020 is not Poland's Prime Minister of 2001-2004)."""
        offices = self.leaders[index].offices
        ranked = bool(_rank_words(title))
        return on is not None and ranked and bool(offices) and self._office_fit(index, title, on) == 0

    # -- main -----------------------------------------------------------------------------
    def find(self, doc: Doc, published: dt.date | None = None) -> DocEntities:
        raw: list[tuple[int, int, str]] = []
        for match_id, start, end in self.lower(doc):
            if _cased(doc[start:end]):
                raw.append((start, end, self.vocab.strings[match_id]))
        for match_id, start, end in self.exact(doc):
            raw.append((start, end, self.vocab.strings[match_id]))
        for match_id, start, end in self.free(doc):
            raw.append((start, end, self.vocab.strings[match_id]))
        # longest match wins; on equal spans keep the first label (organisations before people)
        raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
        taken = [False] * (len(doc) + 1)
        hits: list[Hit] = []
        for start, end, label in raw:
            if any(taken[start:end]):
                continue
            kind, key, via = label.split("|")
            hit = self._judge(doc, start, end, kind, key, via, published)
            if hit is None:
                continue
            for i in range(start, end):
                taken[i] = True
            hits.append(hit)
        seen_people = {h.key for h in hits if h.kind == "person"}
        unknown = self._unknown_orgs(doc, taken)
        organisations = [self._named_in_full(doc, h, taken) for h in unknown]
        hits.extend(unknown)
        candidates = self._titled_people(doc, taken, hits, seen_people, published)
        hits.extend(candidates)
        hits.sort(key=lambda h: h.start)
        self._mark_locative_lists(doc, hits)
        self._titles_in_context(doc, hits)
        return DocEntities(
            hits=hits, candidates=[c for c in candidates if c.via == "candidate"], organisations=organisations
        )

    def _judge(
        self, doc: Doc, start: int, end: int, kind: str, key: str, via: str, published: dt.date | None
    ) -> Hit | None:
        prev = doc[start - 1] if start > 0 else None
        prev2 = doc[start - 2] if start > 1 else None
        nxt = doc[end] if end < len(doc) else None
        nxt2 = doc[end + 1] if end + 1 < len(doc) else None
        if kind == "P":
            index = int(key)
            country, organisation = self.leader_affiliation(index, published)
            return Hit("person", self.leaders[index].name, start, end, via, True, country, organisation)
        if kind == "O":
            return Hit("organisation", key, start, end, via)
        # countries
        if nxt is not None and nxt.lower_ in lx.GEO_FEATURE_NEXT and nxt.text[:1].isupper():
            return None  # "Congo Basin", "Paris Agreement", "Wales Summit"
        if via == "demonym":
            if prev is not None and prev.lower_ in lx.REGION_PREFIXES and prev.text[:1].isupper():
                return None  # "North American"
            state = not (nxt is not None and nxt.lower_ in lx.PEOPLE_NOUNS)
            if self._is_language(doc, start, end):
                state = False
            if nxt is not None and nxt2 is not None and nxt.lower_ in {"civil"}:
                state = False
            return Hit("country", key, start, end, via, state)
        if via == "capital":
            state = self._capital_is_government(doc, start, end)
            return Hit("country", key, start, end, via, state)
        if via == "institution":  # "USAID will provide …"; not "a visit to the Pentagon"
            before = prev2 if prev is not None and prev.lower_ == "the" else prev
            place = before is not None and before.lower_ in lx.CAPITAL_PLACE_PREV | lx.LOCATIVE_PREPS
            return Hit("country", key, start, end, via, not place)
        state = True
        prev_word = prev
        if prev_word is not None and prev_word.lower_ == "the" and prev2 is not None:
            prev_word = prev2
        possessive = nxt is not None and nxt.lower_ in {"'s", "’s", "'"}
        if prev_word is not None and prev_word.lower_ in lx.LOCATIVE_PREPS and not possessive:
            state = False
        if self._is_place_apposition(doc, start, end):
            state = False
        if nxt is not None and nxt.lower_ in lx.PEOPLE_NOUNS and not possessive:
            state = False  # "Palestine refugees", "Ukraine citizens": people from there
        return Hit("country", key, start, end, via, state)

    def _is_language(self, doc: Doc, start: int, end: int) -> bool:
        """ "in French", "English/French/Arabic", "French-speaking": a language, not the state."""
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < len(doc) else None
        if (prev is not None and prev.text == "/") or (nxt is not None and nxt.text == "/"):
            return True
        if nxt is not None and nxt.lower_ in {"-speaking", "speaking", "translation", "version"}:
            return True
        return (
            prev is not None
            and prev.lower_ in {"in", "into", "from"}
            and (nxt is None or nxt.is_punct or nxt.is_space or nxt.lower_ in {"and", "or"})
        )

    def _is_place_apposition(self, doc: Doc, start: int, end: int) -> bool:
        """ "Lagos, Nigeria." / "Paris, France –": a country naming where a city is."""
        if start < 2 or doc[start - 1].text != ",":
            return False
        before = doc[start - 2]
        if not ((before.text[:1].isupper() and before.is_alpha) or before.text in {".", "Del."}):
            return False
        if self._ends_state_name(doc, start - 1):
            return False  # "Qatar, Norway, Turkey": a list of states, not a town and its country
        after = doc[end] if end < len(doc) else None
        return (
            after is None or after.is_punct or after.is_space or after.like_num or after.lower_ in lx.MONTHS
        )

    def _ends_state_name(self, doc: Doc, t: int) -> bool:
        """Does a country's name end at token t ("… Qatar" before ", Norway")? Capitals do not count."""
        for k in range(max(0, t - 4), t):
            for label in self._name_ends.get(doc[k:t].text.lower(), ()):
                if label:
                    return True
        return False

    def _capital_is_government(self, doc: Doc, start: int, end: int) -> bool:
        """ "Moscow insists", "Washington's offer" — not "in Paris" or a dateline "PARIS —"."""
        prev = doc[start - 1] if start > 0 else None
        if prev is not None and prev.lower_ == "the":
            prev = doc[start - 2] if start > 1 else None
        if prev is not None and prev.lower_ in lx.CAPITAL_PLACE_PREV:
            return False
        nxt = doc[end] if end < len(doc) else None
        if nxt is None:
            return False
        if nxt.lower_ in {"'s", "’s"}:
            return True
        if nxt.is_punct or nxt.is_space:
            return False
        if nxt.text == "and" or nxt.text == "or":
            return False
        return nxt.is_lower and nxt.is_alpha and nxt.lower_ not in lx.LOCATIVE_PREPS

    def _titles_in_context(self, doc: Doc, hits: list[Hit]) -> None:
        """ "Dutch Prime Minister Mark Rutte", "NATO Secretary General Rutte": the title says for whom."""
        by_end = {h.end: h for h in hits if h.kind in {"country", "organisation"}}
        for h in hits:
            if h.kind != "person":
                continue
            t = h.start
            steps = 0
            while t > 0 and steps < 8:
                if t in by_end:
                    owner = by_end[t]
                    if owner.kind == "country":
                        h.country, h.organisation = owner.key, None
                    elif owner.via != "unknown_org":
                        h.country, h.organisation = None, owner.key
                    break
                prev = doc[t - 1].lower_
                if prev in lx.TITLE_HEADS or prev in lx.TITLE_MODIFIERS or prev in {"of", "the", "'s", "’s"}:
                    t -= 1
                    steps += 1
                    continue
                break

    def _mark_locative_lists(self, doc: Doc, hits: list[Hit]) -> None:
        """ "in Russia, the People's Republic of China, and globally": the list stays a place."""
        prev_hit: Hit | None = None
        for hit in hits:
            if hit.kind == "country" and hit.via == "name" and prev_hit is not None and not prev_hit.state:
                between = [t for t in doc[prev_hit.end : hit.start] if t.lower_ not in {"the"}]
                if between and all(t.text in {",", "and", "or"} for t in between):
                    hit.state = False
            if (
                hit.kind == "country"
                and prev_hit is not None
                and prev_hit.key == hit.key
                and hit.start >= 1
                and doc[hit.start - 1].text == "("
                and prev_hit.end >= hit.start - 2
            ):
                hit.state = prev_hit.state  # "in China (PRC)": the abbreviation repeats the name
            prev_hit = hit if hit.kind == "country" else prev_hit

    def _unknown_orgs(self, doc: Doc, taken: list[bool]) -> list[Hit]:
        """Capitalised phrases ending in Fund/Group/Partnership… that the gazetteer lacks."""
        out: list[Hit] = []
        i = 0
        n = len(doc)
        while i < n:
            tok = doc[i]
            if taken[i] or not (tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start):
                i += 1
                continue
            j = i
            while j < n and not taken[j] and doc[j].is_alpha and doc[j].text[:1].isupper():
                j += 1
            head = j - 1 if j - 1 > i and doc[j - 1].lower_ in lx.ORG_HEADS else None
            # "West Bank", "South Bank": a compass point and a head word name a place, not a body.
            if head is not None and all(t.lower_ in lx.COMPASS_POINTS for t in doc[i:head]):
                head = None
            if head is not None:
                end = head + 1
                # "Global Partnership for Education", "Champions Group on Adaptation Finance";
                # not "… Fund on Thursday", nor "… Fund for" before a name already found ("for Ukraine")
                if end + 1 < n and doc[end].lower_ in {"for", "on"}:
                    k = end + 1
                    while (
                        k < n
                        and not taken[k]
                        and doc[k].is_alpha
                        and doc[k].text[:1].isupper()
                        and doc[k].lower_ not in lx.MONTHS | lx.WEEKDAYS
                    ):
                        k += 1
                    if k > end + 1:
                        end = k
                text = doc[i:end].text
                out.append(Hit("organisation", text, i, end, "unknown_org"))
                for k in range(i, end):
                    taken[k] = True
                i = end
            else:
                i = max(j, i + 1)
        return out

    def _named_in_full(self, doc: Doc, hit: Hit, taken: list[bool]) -> Hit:
        """The unknown organisation as a candidate names it: "Green Horizon Fund said…", not "Horizon Fund".

        A sentence's first word is capitalised anyway, so `_unknown_orgs` never starts there; right
        before a name it is part of that name unless it is a function word ("The", "Meanwhile").
        """
        first = hit.start - 1
        if first < 0 or taken[first]:
            return hit
        tok = doc[first]
        if not (tok.is_sent_start and tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop):
            return hit
        return Hit("organisation", doc[first : hit.end].text, first, hit.end, hit.via)

    def _titled_people(
        self,
        doc: Doc,
        taken: list[bool],
        hits: list[Hit],
        seen_people: set[str],
        published: dt.date | None,
    ) -> list[Hit]:
        """People introduced by a title: known leaders by surname, others as candidates."""
        out: list[Hit] = []
        known_candidates: dict[str, Hit] = {}
        hit_at = {h.start: h for h in hits}
        by_name = {h.key for h in hits if h.kind == "person"}  # leaders the matcher found by name
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            if tok.lower_ not in lx.TITLE_HEADS:
                i += 1
                continue
            j = _office_end(doc, i + 1, hit_at)
            title_end = j
            while j < n and doc[j].lower_ in lx.TITLE_HEADS and doc[j].text[:1].isupper():
                j += 1
                title_end = j
            if j > i + 1 and j < n and doc[j].lower_ in {"of", "for"}:
                j = title_end = _office_end(doc, j, hit_at)  # "Prime Minister of Norway"
            before = None
            if j < n and doc[j].text == ",":
                after = _name_end(doc, j + 1, taken)
                if after - (j + 1) >= 2 and (after >= n or doc[after].text in {",", ".", ")", ";"}):
                    j += 1  # "the President of Mozambique, Filipe Nyusi, said …"
                else:  # "Filipe Nyusi, the President of Mozambique, …"
                    before = _name_before(doc, i, taken, self.demonym_country)
                    if before is None:
                        i += 1
                        continue
            k = _name_end(doc, j, taken)
            if before is not None:
                j, k = before
            while k > j and doc[k - 1].lower_ in lx.NAME_PARTICLES:
                k -= 1
            name_tokens = doc[j:k]
            if len(name_tokens) == 0:
                i = max(j, i + 1)
                continue
            surname = name_tokens[-1].lower_
            title_start = i
            while (
                title_start > 0
                and doc[title_start - 1].lower_ in _TITLE_WORDS
                and not doc[title_start - 1].is_sent_start
            ):
                title_start -= 1
            title = doc[title_start:title_end].text
            namesakes = self.surnames.get(surname, [])
            if len(name_tokens) > 1 and name_tokens[0].lower_ not in _LEADING_PARTICLES:
                # "Spokesperson Matthew Miller" is not Leszek Miller: a given first name must agree, at
                # least in its first letter ("Maya Sandu" is Maia Sandu)
                initial = name_tokens[0].lower_[:1]
                namesakes = [x for x in namesakes if self.leaders[x].name[:1].lower() == initial]
            if namesakes and (len(name_tokens) == 1 or name_tokens.text.lower() != surname):
                index = self._namesake(namesakes, title, published, by_name)
                if self.leaders[index].name not in by_name and self._contradicted(index, title, published):
                    i = max(k, i + 1)
                    continue
                person = self.leaders[index]
                country, organisation = self.leader_affiliation(index, published)
                out.append(Hit("person", person.name, j, k, "surname", True, country, organisation, title))
                for t in range(j, k):
                    taken[t] = True
                i = max(k, i + 1)
                continue
            if len(name_tokens) == 1:
                prior = known_candidates.get(surname)
                if prior is not None:
                    out.append(
                        Hit(
                            "person",
                            prior.key,
                            j,
                            k,
                            "surname",
                            True,
                            prior.country,
                            prior.organisation,
                            title,
                        )
                    )
                    for t in range(j, k):
                        taken[t] = True
                i = max(k, i + 1)
                continue
            if len(name_tokens) > 5 or not _could_be_name(name_tokens):
                i = max(k, i + 1)
                continue
            country = None
            for h in hits:
                if h.kind == "country" and title_start - 1 <= h.start < title_end:
                    country = h.key
                    break
            if country is None and title_start > 0:
                prev = doc[title_start - 1]
                if prev.lower_ in self.demonym_country:
                    country = self.demonym_country[prev.lower_]
                elif title_start - 1 in {h.end - 1 for h in hits if h.kind == "country"}:
                    country = next(h.key for h in hits if h.kind == "country" and h.end == title_start)
            if country is None and title_start >= 3:
                # "the United States, led by Deputy Secretary …": the delegation's head speaks for it
                b = title_start - 1
                if doc[b].lower_ == "the":
                    b -= 1
                if b >= 2 and doc[b].lower_ == "by" and doc[b - 1].lower_ in _LED and doc[b - 2].text == ",":
                    owner = [h for h in hits if h.kind == "country" and h.end == b - 2]
                    if owner:
                        country = owner[0].key
            name = name_tokens.text
            cand = Hit("person", name, j, k, "candidate", True, country, None, title)
            known_candidates[surname] = cand
            out.append(cand)
            for t in range(j, k):
                taken[t] = True
            i = max(k, i + 1)
        # later bare surnames of candidates ("Biegun announced")
        if known_candidates:
            for t, tok in enumerate(doc):
                if not taken[t] and tok.lower_ in known_candidates and tok.text[:1].isupper():
                    prior = known_candidates[tok.lower_]
                    # the full name again ("Vladimir Putin and Kassym-Jomart Tokayev signed"): one hit
                    first = t + 1 - (prior.end - prior.start)
                    if first < 0 or doc[first : t + 1].text != prior.key or any(taken[first:t]):
                        first = t
                    out.append(
                        Hit(
                            "person",
                            prior.key,
                            first,
                            t + 1,
                            "surname",
                            True,
                            prior.country,
                            prior.organisation,
                            prior.title,
                        )
                    )
                    for k in range(first, t + 1):
                        taken[k] = True
        # bare surnames of known leaders already named in full earlier
        named = {h.key for h in hits if h.kind == "person"} | {h.key for h in out}
        for t, tok in enumerate(doc):
            if taken[t] or not tok.text[:1].isupper():
                continue
            idxs = [i for i in self.surnames.get(tok.lower_, ()) if self.leaders[i].name in named]
            if idxs:
                index = self._namesake(idxs, None, published, named)
                first = min((h.start for h in hits + out if h.key == self.leaders[index].name), default=t)
                if first < t:
                    country, organisation = self.leader_affiliation(index, published)
                    out.append(
                        Hit(
                            "person",
                            self.leaders[index].name,
                            t,
                            t + 1,
                            "surname",
                            True,
                            country,
                            organisation,
                        )
                    )
                    taken[t] = True
        return out
