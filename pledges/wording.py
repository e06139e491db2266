"""How close two pledge summaries are in wording: one measure for ingestion and review alike.

Ingestion links a re-announcement to the pledge it restates, and the review queue suggests such
links; both must mean the same thing by "close wording".
"""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    {"the", "a", "an", "of", "to", "and", "in", "on", "for", "by", "with", "from", "that", "this"}
    | {"will", "would", "has", "have", "said"}
)
CLOSE = 0.5  # Jaccard overlap from which two summaries read as the same commitment


def content_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - STOPWORDS


def similarity(a: str, b: str) -> float:
    """Word overlap (Jaccard) between two summaries: cheap, and good enough to rank and to link."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)
