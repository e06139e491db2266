"""Load the demo articles of articles/demo_data/ so a fresh machine shows a populated app.

Each file is stored like an upload (duplicates recognised by content hash) and ingested in-process.
Only extracted pledges that agree with the article's gold annotation (NAME.json beside NAME.txt, in the
shape of eval/SCHEMA.md) are confirmed: actor, beneficiary, category, amount and kinds of condition
all as annotated. The others stay awaiting review, so analysts see an honest record and editors have a
queue to try. A second run finds every file stored and finished, and changes nothing.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.gold import agreeing_pledges
from articles.models import Article, ArticleState
from pledges.choices import ReviewState
from pledges.models import Condition, Country, Pledge

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_data"
DEMO_USERNAME = "editor"
REVIEW_NOTE = "demo data: agrees with the gold annotation"
UNFINISHED = (ArticleState.QUEUED, ArticleState.PROCESSING, ArticleState.FAILED)


def demo_files(directory: Path = DEMO_DIR) -> list[Path]:
    """The demo articles, oldest first (names start with the date) so re-announcements link back."""
    return sorted(directory.glob("*.txt"))


def gold_of(name: str, directory: Path = DEMO_DIR) -> dict:
    """The gold annotation of a demo article (by its file name); none means nothing is confirmed."""
    path = directory / f"{Path(name).stem}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"pledges": []}


class Command(BaseCommand):
    help = (
        "Store and ingest (in-process) the demo articles of articles/demo_data/, confirming the pledges "
        "that agree with their gold annotations (idempotent)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=120.0,
            help="Seconds to wait for articles a Celery worker is processing (default 120).",
        )

    def handle(self, *args, wait: float, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is for local development only; refusing to run in production.")
        if not Country.objects.exists():
            raise CommandError(
                "No countries in the database: load the reference data first with "
                "`python manage.py load_reference_data`, then run load_demo_data again."
            )
        files = demo_files()
        if not files:
            raise CommandError(f"No demo articles (*.txt) found in {DEMO_DIR}.")
        contents = [(path, path.read_bytes()) for path in files]
        digests = [services.sha256_of(data) for _, data in contents]

        if self._already_loaded(digests):
            self._confirm_pledges(digests, None)  # nothing, unless a gold file was corrected since
            self.stdout.write("Demo data already loaded: " + self._summary(digests))
            return

        reviewer = get_user_model().objects.filter(username=DEMO_USERNAME).first()
        created = 0
        for path, data in contents:
            stored = services.store_upload(data, original_name=path.name, uploaded_by=reviewer)
            created += stored.created
            # Ingest now, in this process, and in date order: a broker may be configured or not, and a
            # worker (if any) that gets the message later finds the article claimed or done.
            self._ingest_here(stored.article.pk, path.name)
        self._wait_for_workers(digests, wait)

        confirmed = self._confirm_pledges(digests, reviewer)
        failed = list(
            Article.objects.filter(sha256__in=digests)
            .exclude(state=ArticleState.DONE)
            .values_list("original_name", "state", "error_message")
        )
        for name, state, error in failed:
            self.stderr.write(f"Demo article {name} is {state}: {error or 'no error recorded'}")
        self.stdout.write(
            f"Demo data loaded ({created} new, {confirmed} pledges confirmed): " + self._summary(digests)
        )

    # ------------------------------------------------------------------------------------------ steps

    def _already_loaded(self, digests: list[str]) -> bool:
        """Every file stored and finished: two cheap queries."""
        articles = Article.objects.filter(sha256__in=digests)
        return articles.count() == len(set(digests)) and not articles.filter(state__in=UNFINISHED).exists()

    def _ingest_here(self, article_id: int, name: str) -> None:
        # A demo article that failed earlier (e.g. before an extraction fix) gets another chance.
        Article.objects.filter(pk=article_id, state=ArticleState.FAILED).update(
            state=ArticleState.QUEUED, task_id="", error_message="", state_changed_at=timezone.now()
        )
        if not Article.objects.filter(pk=article_id, state=ArticleState.QUEUED).exists():
            return  # done already (in-process task), or a worker holds it
        try:
            services.ingest(article_id, task_id=f"demo-{article_id}")
        except Exception as exc:  # recorded on the article, as the Celery task would
            services.fail_unexpectedly(article_id)
            self.stderr.write(f"Ingesting demo article {name} failed unexpectedly: {exc!r}")

    def _wait_for_workers(self, digests: list[str], seconds: float) -> None:
        """Articles a Celery worker claimed before us: give it time to finish them."""
        deadline = time.monotonic() + seconds
        busy = Article.objects.filter(sha256__in=digests, state=ArticleState.PROCESSING)
        while busy.exists() and time.monotonic() < deadline:
            time.sleep(0.5)

    def _confirm_pledges(self, digests: list[str], reviewer) -> int:
        """Confirm what agrees with the gold annotations, one save per pledge so the history records it."""
        now = timezone.now()
        count = 0
        with transaction.atomic():
            for article in Article.objects.filter(sha256__in=digests, state=ArticleState.DONE):
                for pledge in agreeing_pledges(article, gold_of(article.original_name)):
                    pledge.review_state = ReviewState.CONFIRMED
                    pledge.review_note = REVIEW_NOTE
                    pledge.reviewed_at = now
                    pledge.reviewed_by = reviewer
                    pledge._change_reason = REVIEW_NOTE
                    pledge.save(
                        update_fields=[
                            "review_state",
                            "review_note",
                            "reviewed_at",
                            "reviewed_by",
                            "updated_at",
                        ]
                    )
                    count += 1
        return count

    def _summary(self, digests: list[str]) -> str:
        articles = Article.objects.filter(sha256__in=digests)
        pledges = Pledge.objects.filter(evidence__article__in=articles).distinct()
        pledge_count = pledges.count()
        conditions = Condition.objects.filter(pledge__in=pledges).count()
        restatements = pledges.filter(restates__isnull=False).count()
        done = articles.filter(state=ArticleState.DONE).count()
        confirmed = pledges.filter(review_state=ReviewState.CONFIRMED).count()
        return (
            f"{done}/{len(digests)} articles done, {pledge_count} pledges "
            f"({confirmed} confirmed as annotated, the others awaiting review), {conditions} conditions, "
            f"{restatements} restatement{'s' if restatements != 1 else ''}."
        )
