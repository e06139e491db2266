"""The three role groups and what they allow."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_analyst_reads_but_does_not_edit(analyst):
    assert analyst.has_perm("pledges.view_pledge")
    assert analyst.has_perm("articles.view_article")
    assert not analyst.has_perm("pledges.review_pledge")
    assert not analyst.has_perm("articles.add_article")
    assert not analyst.is_staff


@pytest.mark.django_db
def test_editor_uploads_and_reviews(editor):
    assert editor.has_perm("articles.add_article")
    assert editor.has_perm("pledges.review_pledge")
    assert editor.has_perm("pledges.change_condition")
    assert not editor.has_perm("pledges.delete_pledge")
    assert not editor.is_staff


@pytest.mark.django_db
def test_editor_decides_on_new_names_but_deletes_no_entity(editor):
    assert editor.has_perms(
        ["pledges.add_leader", "pledges.add_leaderalias", "articles.change_leadercandidate"]
    )
    assert editor.has_perms(
        ["pledges.add_organisation", "pledges.add_organisationalias", "articles.change_organisationcandidate"]
    )
    assert not editor.has_perm("pledges.delete_organisation")
    assert not editor.has_perm("pledges.change_organisation")


@pytest.mark.django_db
def test_admin_group_has_every_domain_permission(admin_user, roles):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name="admin")
    domain = Permission.objects.filter(content_type__app_label__in=["pledges", "articles"])
    assert set(group.permissions.all()) == set(domain)


@pytest.mark.django_db
def test_analyst_cannot_reach_the_admin(analyst_client):
    response = analyst_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
