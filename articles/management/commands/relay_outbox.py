"""For deployments without Celery beat: send the messages of articles the broker never accepted."""

from django.core.management.base import BaseCommand

from articles.services import relay_outbox


class Command(BaseCommand):
    help = "Send ingestion messages still in the outbox (queued articles the broker did not accept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than", type=int, default=None, help="Seconds (default: INGEST_OUTBOX_AFTER_SECONDS)."
        )

    def handle(self, *args, older_than: int | None, **options) -> None:
        self.stdout.write(f"Sent {relay_outbox(older_than)} article(s) from the outbox.")
