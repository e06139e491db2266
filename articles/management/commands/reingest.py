"""Run extraction again, e.g. after admins added aliases or merged leaders."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, ArticleState
from articles.services import ingest, requeue, reset_to_queued


class Command(BaseCommand):
    help = "Re-run ingestion for --all, --failed or --article ID articles (as Celery tasks, or --in-process)."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true")
        which.add_argument("--failed", action="store_true")
        which.add_argument("--article", type=int, action="append", dest="ids")
        parser.add_argument("--in-process", action="store_true", help="Run here instead of enqueueing.")

    def handle(
        self, *args, all: bool, failed: bool, ids: list[int] | None, in_process: bool, **options
    ) -> None:
        articles = Article.objects.all()
        if failed:
            articles = articles.filter(state=ArticleState.FAILED)
        elif ids:
            articles = articles.filter(pk__in=ids)
            if articles.count() != len(set(ids)):
                raise CommandError("Some of those article ids do not exist.")
        if not in_process:
            count = requeue(articles)
            self.stdout.write(f"Enqueued {count} article(s).")
            return
        pks = reset_to_queued(articles)
        outcomes = [ingest(pk, task_id=f"reingest-{pk}") for pk in pks]
        done = sum(o == ArticleState.DONE for o in outcomes)
        self.stdout.write(f"Re-ingested {len(pks)} article(s): {done} done, {len(pks) - done} failed.")
