from django.core.management.base import BaseCommand

from pledges.reference_data import load_reference_data
from pledges.roles import ensure_role_groups


class Command(BaseCommand):
    help = "Load countries, organisations, memberships, leaders and exchange rates (idempotent)."

    def handle(self, *args, **options) -> None:
        report = load_reference_data()
        ensure_role_groups()
        self.stdout.write(str(report))
