"""Write every reviewed article as a gold pair (SCHEMA.md), so `make eval-editors` scores extraction
against the editors' own decisions and the corpus grows from real review work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.gold import export

DEFAULT_OUT = Path(settings.BASE_DIR) / "eval" / "editors"


class Command(BaseCommand):
    help = (
        "Write NAME.txt + NAME.json (eval/SCHEMA.md) for every reviewed article: confirmed and "
        "editor-added pledges, not rejected ones."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out", type=Path, default=DEFAULT_OUT, help=f"Folder to write (default {DEFAULT_OUT})."
        )
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="Only articles with a pledge decided on or after this date.",
        )

    def handle(self, *args, out: Path, since: dt.date | None, **options) -> None:
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        written = list(export(out, since))
        pledges = sum(w.pledges for w in written)
        self.stdout.write(
            f"Wrote {len(written)} article{'s' if len(written) != 1 else ''} ({pledges} pledges) to {out}."
        )
