"""The three roles as groups: analysts read, editors upload and review, admins run the Django admin."""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ANALYST, EDITOR, ADMIN = "analyst", "editor", "admin"
DOMAIN_APPS = ("pledges", "articles")

EDITOR_EXTRA = {
    "articles": [
        "add_article",
        "change_article",
        "add_evidence",  # pledges added from an article's text carry their quote
        "change_leadercandidate",
        "change_organisationcandidate",
    ],
    "pledges": [
        "review_pledge",
        "add_pledge",  # what extraction missed, added from the text
        "change_pledge",
        "add_condition",
        "change_condition",
        "delete_condition",
        "add_leader",
        "add_leaderalias",
        "add_office",
        "add_organisation",
        "add_organisationalias",
    ],
}


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs for each role; admin gets every permission of the domain apps."""
    from django.contrib.auth.models import Permission

    domain = list(
        Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).values_list(
            "content_type__app_label", "codename"
        )
    )
    views = [(app, code) for app, code in domain if code.startswith("view_")]
    editor = views + [(app, code) for app, codes in EDITOR_EXTRA.items() for code in codes]
    return {ANALYST: views, EDITOR: editor, ADMIN: domain}


def ensure_role_groups(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Create or complete the role groups; never removes permissions an admin granted by hand."""
    from django.contrib.auth.models import Group, Permission

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    by_key = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using)
        .filter(content_type__app_label__in=DOMAIN_APPS)
        .select_related("content_type")
    }
    for role, pairs in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.add(*(by_key[pair] for pair in pairs if pair in by_key))
