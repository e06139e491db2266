"""The stage contract: each stage reads and fills an IngestionContext.

A StageError ends ingestion cleanly with a message an editor understands (no retry); anything
else is recorded on the article and re-raised so the task can decide whether to retry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from articles.extraction.types import ExtractionResult
    from articles.models import Article
    from articles.parsers import ParsedDocument


class StageError(Exception):
    """A problem with the article itself (bad file, nothing to read): final, never retried."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class IngestionContext:
    article: Article
    data: bytes = b""
    document: ParsedDocument | None = None
    result: ExtractionResult | None = None
    extractor_version: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


class Stage:
    name = "stage"

    def run(self, context: IngestionContext) -> None:
        raise NotImplementedError

    def __call__(self, context: IngestionContext) -> None:
        started = time.perf_counter()
        try:
            self.run(context)
        finally:
            context.timings[self.name] = round((time.perf_counter() - started) * 1000, 2)
