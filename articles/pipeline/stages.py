"""The ingestion stages: read → parse → extract → persist (resolve + write in one transaction)."""

from __future__ import annotations

import hashlib

from django.conf import settings

from articles.gazetteer import get_extractor
from articles.parsers import ParseError, parse_document
from articles.pipeline.base import IngestionContext, Stage, StageError
from articles.pipeline.persist import persist_results


class ReadFile(Stage):
    """The stored bytes (or the pasted text), checked against the recorded checksum."""

    name = "read"

    def run(self, context: IngestionContext) -> None:
        article = context.article
        if article.file:
            try:
                with article.file.open("rb") as handle:
                    context.data = handle.read()
            except FileNotFoundError as exc:
                raise StageError(
                    "The uploaded file is missing from storage; upload it again.", "missing"
                ) from exc
        else:
            context.data = article.text.encode("utf-8")
        if hashlib.sha256(context.data).hexdigest() != article.sha256:
            raise StageError("The stored file does not match what was uploaded; upload it again.", "checksum")


class Parse(Stage):
    name = "parse"

    def run(self, context: IngestionContext) -> None:
        try:
            context.document = parse_document(
                context.data,
                filename=context.article.original_name or None,
                max_bytes=settings.UPLOAD_MAX_BYTES,
                max_pages=settings.UPLOAD_MAX_PAGES,
            )
        except ParseError as exc:
            raise StageError(exc.message, exc.code) from exc
        # PostgreSQL text cannot hold NUL; drop it before any offset is computed.
        context.document.text = context.document.text.replace("\x00", "")


class Extract(Stage):
    name = "extract"

    def run(self, context: IngestionContext) -> None:
        from articles.extraction import EXTRACTOR_VERSION

        document = context.document
        assert document is not None
        limit = settings.EXTRACT_MAX_CHARS
        if len(document.text) > limit:
            size = f"{len(document.text):,} characters; the limit is {limit:,}"
            raise StageError(f"This article is too long to analyse ({size}).", "too_long")
        published = context.article.published_on or document.published
        context.result = get_extractor().extract(document.text, published)
        context.extractor_version = EXTRACTOR_VERSION


class Persist(Stage):
    name = "persist"

    def run(self, context: IngestionContext) -> None:
        context.counts = persist_results(context)


STAGES: tuple[Stage, ...] = (ReadFile(), Parse(), Extract(), Persist())


def run_stages(context: IngestionContext, stages: tuple[Stage, ...] = STAGES) -> IngestionContext:
    for stage in stages:
        stage(context)
    return context
