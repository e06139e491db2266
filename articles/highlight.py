"""An article's text as HTML with pledge sentences and entity mentions marked.

Offsets come from Evidence and EntityMention rows. The text is cut at every span boundary and
each piece goes through `escape()` before it is wrapped in <mark>: the raw text is never marked
safe, so markup inside an article stays inert. Overlapping spans nest properly because every
piece is wrapped on its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "evidence" or a mention kind: country, organisation, person
    key: int = 0  # evidence id (for the #ev-N anchor)
    title: str = ""


def highlight(text: str, spans: Iterable[Span], current: int | None = None) -> SafeString:
    """HTML for `text`: evidence spans as <mark class="ev">, mentions as <mark class="ent ent-KIND">."""
    size = len(text)
    clean = [
        Span(max(0, s.start), min(size, s.end), s.kind, s.key, s.title)
        for s in spans
        if s.end > s.start and s.start < size and s.end > 0
    ]
    evidence = [s for s in clean if s.kind == "evidence"]
    mentions = [s for s in clean if s.kind != "evidence"]
    cuts = sorted({0, size, *(s.start for s in clean), *(s.end for s in clean)})
    anchors = {}
    for span in sorted(evidence, key=lambda s: (s.start, s.key)):
        anchors.setdefault(span.start, []).append(span.key)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for key in anchors.pop(a, []):
            out.append(f'<span class="anchor" id="ev-{int(key)}"></span>')
        piece = escape(text[a:b])
        mention = next((m for m in mentions if m.start <= a and b <= m.end), None)
        if mention is not None:
            title = f' title="{escape(mention.title)}"' if mention.title else ""
            piece = f'<mark class="ent ent-{escape(mention.kind)}"{title}>{piece}</mark>'
        inside = [e for e in evidence if e.start <= a and b <= e.end]
        if inside:
            is_current = current is not None and any(e.key == current for e in inside)
            titles = "; ".join(e.title for e in inside if e.title)
            title = f' title="{escape(titles)}"' if titles else ""
            piece = f'<mark class="ev{" current" if is_current else ""}"{title}>{piece}</mark>'
        out.append(piece)
    return mark_safe("".join(out))  # every piece of the text went through escape() above
