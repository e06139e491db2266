"""Compare stored upload files with the articles that point at them.

Orphans (files no article refers to) come from a process killed between writing an upload and
committing its article, or from a transaction rolled back around `store_upload`. Missing files (an
article whose file is gone) are data loss: the command then exits with status 1, for cron and monitors.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Article

UPLOADS = "articles"


def stored_files(storage: Storage, folder: str = UPLOADS) -> list[str]:
    if not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += stored_files(storage, f"{folder}/{sub}")
    return names


class Command(BaseCommand):
    help = (
        "Report upload files without an article (and articles without their file); --delete removes orphans."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove the orphaned files.")
        parser.add_argument(
            "--min-age",
            type=int,
            default=3600,
            help="Only files older than this many seconds count as orphans (uploads in flight are young).",
        )

    def handle(self, *args, delete: bool, min_age: int, **options) -> None:
        storage = default_storage
        referenced = set(Article.objects.exclude(file="").values_list("file", flat=True))
        cutoff = timezone.now() - dt.timedelta(seconds=min_age)
        orphans = [
            name
            for name in stored_files(storage)
            if name not in referenced and storage.get_modified_time(name) < cutoff
        ]
        missing = sorted(name for name in referenced if not storage.exists(name))
        for name in orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'removed' if delete else 'orphan'}: {name}")
        for name in missing:
            self.stdout.write(f"missing: {name} (article {Article.objects.filter(file=name).first().pk})")
        self.stdout.write(
            f"{len(referenced)} stored article file(s); {len(orphans)} orphan(s)"
            f"{' removed' if delete and orphans else ''}; {len(missing)} missing."
        )
        if missing:
            raise CommandError(f"{len(missing)} article file(s) missing.", returncode=1)
