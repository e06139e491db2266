"""Personas (anonymous, analyst, editor, admin) and shared fixtures."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pledges.roles import ADMIN, ANALYST, EDITOR, ensure_role_groups
from tests.factories import UserFactory
from tests.gazetteer_fixture import gazetteer  # noqa: F401  (shared fixture)


@pytest.fixture
def roles(db) -> None:
    ensure_role_groups()


def _user_in(role: str, **extra):
    user = UserFactory(username=role, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def analyst(roles):
    return _user_in(ANALYST)


@pytest.fixture
def editor(roles):
    return _user_in(EDITOR)


@pytest.fixture
def admin_user(roles):
    return _user_in(ADMIN, is_staff=True, is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def analyst_client(analyst) -> Client:
    return _client_for(analyst)


@pytest.fixture
def editor_client(editor) -> Client:
    return _client_for(editor)


@pytest.fixture
def admin_client(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: fragments are keyed on revision counters that a rolled
    back test database sets back to the same numbers."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in-process in tests, even when a broker is configured; worker tests opt out."""
    from config.celery import app

    eager = "real_worker" not in request.fixturenames
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous
