"""The Extractor: one compiled pipeline per gazetteer, reused for every article."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .dates import reference_year
from .entities import EntityIndex, guess_org_kind
from .learned import LearnedModels, load_learned
from .pledges import PledgeFinder
from .sentences import build_nlp, sentence_spans
from .syntax import load_syntax
from .types import (
    ExtractionResult,
    Gazetteer,
    LeaderCandidate,
    Mention,
    OrganisationCandidate,
    PledgeResult,
)

# a candidate below this confidence is kept as a possible pledge for editors, not shown to analysts
DEFAULT_THRESHOLD = 0.25
# the category model overrides the rules' category when it is at least this sure
CATEGORY_OVERRIDE = 0.6


class Extractor:
    """Holds the spaCy pipeline and matchers built from one gazetteer (the expensive part).

    Workers and the `extract` command keep one per gazetteer version and call
    `.extract(text, published)` for each article.
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        learned: LearnedModels | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        use_syntax: bool = True,
    ) -> None:
        self.gazetteer = gazetteer
        self.nlp = build_nlp()
        self.entities = EntityIndex(self.nlp, gazetteer)
        self.syntax = load_syntax() if use_syntax else None
        self.learned = learned if learned is not None else load_learned()
        self.threshold = threshold
        self.pledges = PledgeFinder(self.nlp, self.entities, self.syntax)

    def extract(
        self, text: str, published: dt.date | None = None, explain: list[tuple[int, str]] | None = None
    ) -> ExtractionResult:
        """Entities, unknown people and organisations, and pledges of one article, with character offsets."""
        if isinstance(published, dt.datetime):
            published = published.date()
        doc = self.nlp(text)
        spans = sentence_spans(doc)
        # an undated article is placed at the latest year it speaks of, so leaders get the office
        # they held then ("Frans Timmermans" spoke for the Commission in 2021, not for his country)
        on = published
        if on is None and (year := reference_year(text, None)) is not None:
            on = dt.date(year, 7, 1)
        ents = self.entities.find(doc, on)
        mentions: list[Mention] = []
        for h in ents.hits:
            span = doc[h.start : h.end]
            start, end = span.start_char, span.end_char
            mentions.append(Mention(h.kind, h.key, span.text, start, end, h.state))
            if h.kind == "person" and h.country and h.via != "candidate":
                # a known leader speaks for their country: the country is an actor of the text
                mentions.append(Mention("country", h.country, span.text, start, end, True))
        candidates = [
            LeaderCandidate(
                c.key, c.title, c.country, doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
            )
            for c in ents.candidates
        ]
        organisations: dict[str, OrganisationCandidate] = {}  # one per name, at its first mention
        for o in ents.organisations:
            if o.key not in organisations:
                span = doc[o.start : o.end]
                organisations[o.key] = OrganisationCandidate(
                    o.key, span.start_char, span.end_char, guess_org_kind(o.key)
                )
        scorer = self.learned.sentence_probabilities if self.learned.sentence is not None else None
        found = self.pledges.find(doc, spans, ents, published, explain, sentence_scorer=scorer)
        pledges, possible = self.score(found)
        return ExtractionResult(
            mentions=mentions,
            candidates=candidates,
            organisation_candidates=list(organisations.values()),
            pledges=pledges,
            possible_pledges=possible,
        )

    def score(self, found: list[PledgeResult]) -> tuple[list[PledgeResult], list[PledgeResult]]:
        """Confidence from the commitment model (else the rule's own); below the threshold is "possible"."""
        pledges, possible = [], []
        categories = self.learned.category_scores_batch(
            [(p.quote, p.amount.unit if p.amount else None) for p in found]
        )
        # one sentence read as several kinds of commitment ("monitoring, air defence and rebuilding"):
        # the model reads the sentence, not the kind, so it keeps out of those
        kinds = Counter((p.actor, p.quote) for p in found)
        for p, scores in zip(found, categories, strict=True):
            if p.rule.startswith("possible:"):
                possible.append(p)  # a reading that does not commit (history): editors decide
                continue
            # the sentence model's own probability stands; the commitment model judges rules' readings
            probability = (
                None if p.rule == "sentence_model" else self.learned.commitment_probability(p, p.quote)
            )
            if probability is not None:
                p.confidence = round(probability, 3)
            if scores and kinds[(p.actor, p.quote)] == 1:
                best = max(scores, key=scores.__getitem__)
                if scores[best] >= CATEGORY_OVERRIDE and best != p.category:
                    p.category, p.rule = best, f"{p.rule}+category_model"
            (pledges if p.confidence >= self.threshold else possible).append(p)
        return pledges, possible
