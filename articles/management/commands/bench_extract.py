"""Benchmark extraction alone and the full ingestion task on the evaluation articles; print figures."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from articles import services
from articles.extraction import Extractor
from articles.extraction.sentences import sentence_spans
from articles.gazetteer import get_extractor
from articles.parsers import parse_document

DEFAULT_DIR = settings.BASE_DIR / "eval" / "articles"


class Rollback(Exception):
    """Raised to undo the benchmark's writes."""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def chunks_of(texts: list[str], size: int) -> list[str]:
    """Pieces of about `size` characters cut at paragraph ends, so each reads like an article."""
    pieces, current = [], ""
    for paragraph in "\n\n".join(texts).split("\n\n"):
        current = f"{current}\n\n{paragraph}" if current else paragraph
        if len(current) >= size:
            pieces.append(current[: size + 500])
            current = ""
    return pieces


class Command(BaseCommand):
    help = "Time extraction (library) and full ingestion (parse + extract + persist) on the dev articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
        parser.add_argument("--repeat", type=int, default=5)

    def line(self, label: str, times_ms: list[float]) -> None:
        per_second = 1000 * len(times_ms) / sum(times_ms) if sum(times_ms) else float("inf")
        self.stdout.write(
            f"{label:34s} n={len(times_ms):4d}  median {statistics.median(times_ms):7.2f} ms"
            f"  p95 {percentile(times_ms, 0.95):7.2f} ms  {per_second:8.1f} articles/s"
        )

    def handle(self, *args, dir: Path, repeat: int, **options) -> None:
        files = sorted(dir.glob("*.txt"))
        if not files:
            raise CommandError(f"No .txt articles in {dir}")
        raw = [f.read_bytes() for f in files]
        documents = [parse_document(data) for data in raw]

        started = time.perf_counter()
        extractor = get_extractor()
        self.stdout.write(f"database: {connection.vendor}; articles: {len(files)}; repeat: {repeat}")
        self.stdout.write(f"extractor built in {(time.perf_counter() - started) * 1000:.0f} ms")

        library = []
        for _ in range(repeat):
            for doc in documents:
                t = time.perf_counter()
                extractor.extract(doc.text, doc.published)
                library.append((time.perf_counter() - t) * 1000)
        self.line("extraction (library), per article", library)

        five_kb = chunks_of([d.text for d in documents], 5000)
        sized = []
        for _ in range(repeat):
            for text in five_kb:
                t = time.perf_counter()
                extractor.extract(text, None)
                sized.append((time.perf_counter() - t) * 1000)
        self.line("extraction (library), 5 KB text", sized)
        if extractor.syntax is not None:
            syntax = extractor.syntax
            seconds, parsed = syntax.seconds, syntax.sentences
            for text in five_kb:
                extractor.extract(text, None)
            total = sum(len(sentence_spans(extractor.nlp(text))) for text in five_kb)
            per_article = (syntax.seconds - seconds) * 1000 / len(five_kb)
            chosen = syntax.sentences - parsed
            self.stdout.write(
                f"  of which dependency parse: mean {per_article:.1f} ms per 5 KB text;"
                f" {chosen} of {total} sentences parsed ({100 * chosen / max(total, 1):.0f}%)"
            )
            rules_only = Extractor(extractor.gazetteer, learned=extractor.learned, use_syntax=False)
            without = []
            for _ in range(repeat):
                for text in five_kb:
                    t = time.perf_counter()
                    rules_only.extract(text, None)
                    without.append((time.perf_counter() - t) * 1000)
            self.line("  the same without the parser", without)

        full = self.full_ingestion(raw, repeat)
        self.line("full task (read+parse+extract+persist)", full)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak resident memory {peak_mb:.0f} MB")

    def full_ingestion(self, raw: list[bytes], repeat: int) -> list[float]:
        """Ingest every article through the real task code, then roll all of it back."""
        timings: list[float] = []
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            try:
                with transaction.atomic():
                    for round_ in range(repeat):
                        for i, data in enumerate(raw):
                            # A unique suffix per round makes each upload a new article, not a duplicate.
                            body = data + f"\n\n[bench {round_}]".encode()
                            with transaction.atomic():
                                stored = services.store_upload(body, original_name=f"bench-{i}.txt")
                            t = time.perf_counter()
                            state = services.ingest(stored.article.pk, task_id=f"bench-{round_}-{i}")
                            timings.append((time.perf_counter() - t) * 1000)
                            if state != "done":
                                raise CommandError(f"article {i} ended {state}")
                    raise Rollback
            except Rollback:
                pass
        return timings
