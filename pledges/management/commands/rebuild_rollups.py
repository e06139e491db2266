"""Recompute the pledge rollups from scratch, or check that the stored ones are right.

python manage.py rebuild_rollups           # after raw SQL writes, or to be sure
python manage.py rebuild_rollups --check   # exit status 1 if incremental upkeep went wrong
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledges import rollup


class Command(BaseCommand):
    help = "Rebuild the pledge rollups (pledges/rollup.py) from the pledges, or --check them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Compare with a fresh computation; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["check"]:
            found = rollup.differences()
            for line in found:
                self.stdout.write(line)
            if found:
                raise CommandError(f"The rollups differ from the pledges ({len(found)} shown).")
            self.stdout.write(self.style.SUCCESS("The rollups match the pledges."))
            return
        by_category, by_beneficiary = rollup.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the rollups: {by_category} rows by category, {by_beneficiary} by beneficiary "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
