"""One user per role for local use; refuses to run in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from pledges.roles import ADMIN, ANALYST, EDITOR, ensure_role_groups

DEMO_USERS = [(ANALYST, "analyst"), (EDITOR, "editor"), (ADMIN, "admin")]


class Command(BaseCommand):
    help = "Create demo users analyst / editor / admin (password = username + '-pw') for local use."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo users are for local development only.")
        ensure_role_groups()
        user_model = get_user_model()
        for role, username in DEMO_USERS:
            user, created = user_model.objects.get_or_create(username=username)
            if created:
                user.set_password(f"{username}-pw")
                user.is_staff = role == ADMIN
                user.save()
            user.groups.add(Group.objects.get(name=role))
        self.stdout.write("Demo users (local use only): " + ", ".join(f"{u} / {u}-pw" for _, u in DEMO_USERS))
