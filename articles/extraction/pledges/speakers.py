"""Sentences of an article with their entity hits, quotes and who speaks in each.

A part of PledgeFinder (see finder.py), kept apart so each concern reads on its own.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .. import lexicon as lx
from ..entities import DocEntities, Hit
from .drafts import _closed, _open_quote_end, _quote_mask, _Sent


class SpeakersMixin:
    """Sentences of an article with their entity hits, quotes and who speaks in each."""

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
