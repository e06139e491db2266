"""For deployments without Celery beat: enqueue again articles left queued or stuck processing."""

from django.core.management.base import BaseCommand

from articles.services import requeue_stale


class Command(BaseCommand):
    help = "Re-enqueue articles queued or processing for longer than INGEST_STALE_AFTER_SECONDS."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, default=None, help="Seconds (default: the setting).")

    def handle(self, *args, older_than: int | None, **options) -> None:
        self.stdout.write(f"Re-enqueued {requeue_stale(older_than)} stale article(s).")
