"""Merges on real rows (services, and the admin action with its survivor page) and the other admin actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles import services
from articles.models import Article, EntityMention, LeaderCandidate, OrganisationCandidate
from pledges import merge
from pledges.models import (
    Condition,
    Country,
    CountryAlias,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Pledge,
    Revision,
)
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CountryAliasFactory,
    CountryFactory,
    EntityMentionFactory,
    LeaderAliasFactory,
    LeaderCandidateFactory,
    LeaderFactory,
    MembershipFactory,
    OfficeFactory,
    OrganisationAliasFactory,
    OrganisationCandidateFactory,
    OrganisationFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_leaders_repoints_everything_and_keeps_names(admin_user):
    ukraine = CountryFactory(code="UA", name="Ukraine")
    survivor = LeaderFactory(name="Volodymyr Zelenskyy", country=ukraine)
    duplicate = LeaderFactory(name="Volodymyr Zelensky", country=ukraine)
    LeaderAliasFactory(leader=survivor, name="Zelenskyy")
    LeaderAliasFactory(leader=duplicate, name="Zelenskyy")  # same alias on both: kept once
    LeaderAliasFactory(leader=duplicate, name="Zelensky")
    office = OfficeFactory(leader=duplicate, title="President")
    pledge = PledgeFactory(announced_by=duplicate)
    mention = EntityMentionFactory(kind="person", country=None, leader=duplicate, text="Zelensky")
    candidate = LeaderCandidateFactory(leader=duplicate, state="aliased")
    revision = Revision.current(Revision.ENTITIES)
    duplicate_id = duplicate.pk

    result = merge.merge_leaders(survivor, [duplicate], user=admin_user)

    assert not Leader.objects.filter(pk=duplicate_id).exists()
    assert sorted(survivor.aliases.values_list("name", flat=True)) == [
        "Volodymyr Zelensky",
        "Zelensky",
        "Zelenskyy",
    ]
    assert Office.objects.get(pk=office.pk).leader == survivor
    assert Pledge.objects.get(pk=pledge.pk).announced_by == survivor
    assert EntityMention.objects.get(pk=mention.pk).leader == survivor
    assert LeaderCandidate.objects.get(pk=candidate.pk).leader == survivor
    assert result.moved["pledges.Pledge.announced_by"] == 1
    assert result.aliases_added == ["Volodymyr Zelensky"]
    # Recorded in history: the survivor's change, the duplicate's deletion, the pledge's re-pointing.
    assert survivor.history.latest().history_change_reason.startswith("Merged in: Volodymyr Zelensky")
    assert Leader.history.filter(id=duplicate_id, history_type="-", history_user=admin_user).exists()
    assert Pledge.objects.get(pk=pledge.pk).history.latest().history_user == admin_user
    assert Revision.current(Revision.ENTITIES) > revision  # the next extraction knows the new aliases


def test_merge_organisations_moves_memberships_pledges_and_offices(admin_user):
    france = CountryFactory(code="FR", name="France")
    survivor = OrganisationFactory(name="Coalition of the Willing", full_name="")
    duplicate = OrganisationFactory(name="CoW", full_name="Coalition of the willing (Ukraine)")
    OrganisationAliasFactory(organisation=duplicate, name="coalition of willing nations")
    MembershipFactory(organisation=survivor, country=france, joined=dt.date(2025, 3, 2))
    MembershipFactory(organisation=duplicate, country=france, joined=dt.date(2025, 3, 2))  # same period
    germany = MembershipFactory(organisation=duplicate, joined=dt.date(2025, 3, 3))
    actor = PledgeFactory(actor_country=None, actor_organisation=duplicate)
    receiver = PledgeFactory(beneficiary_country=None, beneficiary_organisation=duplicate)
    office = OfficeFactory(country=None, organisation=duplicate, title="Chair")
    mention = EntityMentionFactory(kind="organisation", country=None, organisation=duplicate, text="CoW")
    candidate = OrganisationCandidateFactory(organisation=duplicate, state="aliased")

    duplicate_id = duplicate.pk
    merge.merge_organisations(survivor, [duplicate], user=admin_user)

    assert not Organisation.objects.filter(pk=duplicate_id).exists()
    assert Membership.objects.filter(organisation=survivor).count() == 2
    assert Membership.objects.get(pk=germany.pk).organisation == survivor
    assert Pledge.objects.get(pk=actor.pk).actor_organisation == survivor
    assert Pledge.objects.get(pk=receiver.pk).beneficiary_organisation == survivor
    assert Office.objects.get(pk=office.pk).organisation == survivor
    assert EntityMention.objects.get(pk=mention.pk).organisation == survivor
    assert OrganisationCandidate.objects.get(pk=candidate.pk).organisation == survivor
    assert set(OrganisationAlias.objects.filter(organisation=survivor).values_list("name", flat=True)) == {
        "CoW",
        "Coalition of the willing (Ukraine)",
        "coalition of willing nations",
    }


def test_merge_countries_keeps_names_and_capital_as_aliases(admin_user):
    survivor = CountryFactory(code="GB", alpha3="GBR", name="United Kingdom", capital="London")
    duplicate = CountryFactory(code="XB", alpha3="XBR", name="Britain", capital="Londres")
    CountryAliasFactory(country=duplicate, kind="demonym", name="British")
    leader = LeaderFactory(country=duplicate)
    pledge = PledgeFactory(actor_country=duplicate, beneficiary_country=CountryFactory(code="UA"))
    received = PledgeFactory(beneficiary_country=duplicate)
    mention = EntityMentionFactory(country=duplicate, text="Britain")
    candidate = LeaderCandidateFactory(country=duplicate)

    duplicate_id = duplicate.pk
    merge.merge_countries(survivor, [duplicate], user=admin_user)

    assert not Country.objects.filter(pk=duplicate_id).exists()
    aliases = set(CountryAlias.objects.filter(country=survivor).values_list("kind", "name"))
    assert aliases == {("name", "Britain"), ("capital", "Londres"), ("demonym", "British")}
    assert Leader.objects.get(pk=leader.pk).country == survivor
    assert Pledge.objects.get(pk=pledge.pk).actor_country == survivor
    assert Pledge.objects.get(pk=received.pk).beneficiary_country == survivor
    assert EntityMention.objects.get(pk=mention.pk).country == survivor
    assert LeaderCandidate.objects.get(pk=candidate.pk).country == survivor


def test_merge_needs_another_row():
    leader = LeaderFactory()
    with pytest.raises(merge.MergeError):
        merge.merge_leaders(leader, [leader])


def test_admin_merge_action_asks_for_the_survivor_then_merges(admin_client):
    first = LeaderFactory(name="Keir Starmer")
    second = LeaderFactory(name="Sir Keir Starmer")
    PledgeFactory(announced_by=second)
    url = reverse("admin:pledges_leader_changelist")
    selection = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    page = admin_client.post(url, selection)
    assert page.status_code == 200
    html = page.content.decode()
    assert "choose the one to keep" in html
    assert f'name="survivor" value="{second.pk}"' in html and "1 pledges (announced by)" in html

    done = admin_client.post(url, {**selection, "post": "yes", "survivor": first.pk}, follow=True)
    assert "Merged Sir Keir Starmer into Keir Starmer" in done.content.decode()
    assert list(Leader.objects.values_list("name", flat=True)) == ["Keir Starmer"]
    assert LeaderAlias.objects.filter(leader=first, name="Sir Keir Starmer").exists()
    history = admin_client.get(reverse("admin:pledges_leader_history", args=[first.pk])).content.decode()
    assert "Merged in: Sir Keir Starmer" in history


def test_admin_merge_with_one_row_warns(admin_client):
    leader = LeaderFactory()
    response = admin_client.post(
        reverse("admin:pledges_organisation_changelist"),
        {"action": "merge_selected", ACTION_CHECKBOX_NAME: [OrganisationFactory().pk]},
        follow=True,
    )
    assert "Select at least two organisations to merge." in response.content.decode()
    assert Leader.objects.filter(pk=leader.pk).exists()


def test_admin_confirm_and_reject_pledges(admin_client, admin_user):
    pledges = [PledgeFactory(review_state="extracted") for _ in range(3)]
    url = reverse("admin:pledges_pledge_changelist")
    admin_client.post(
        url, {"action": "confirm_pledges", ACTION_CHECKBOX_NAME: [pledges[0].pk, pledges[1].pk]}
    )
    admin_client.post(url, {"action": "reject_pledges", ACTION_CHECKBOX_NAME: [pledges[2].pk]})
    states = [Pledge.objects.get(pk=p.pk) for p in pledges]
    assert [p.review_state for p in states] == ["confirmed", "confirmed", "rejected"]
    assert all(p.reviewed_by == admin_user for p in states)
    assert states[2].history.latest().history_change_reason == "Rejected in admin"


def test_admin_marks_conditions_met_or_lapsed(admin_client, admin_user):
    met, lapsed = ConditionFactory(), ConditionFactory()
    url = reverse("admin:pledges_condition_changelist")
    admin_client.post(url, {"action": "mark_conditions_met", ACTION_CHECKBOX_NAME: [met.pk]})
    admin_client.post(url, {"action": "mark_conditions_lapsed", ACTION_CHECKBOX_NAME: [lapsed.pk]})
    assert Condition.objects.get(pk=met.pk).state == "met"
    assert Condition.objects.get(pk=lapsed.pk).state == "lapsed"
    assert Condition.objects.get(pk=met.pk).history.latest().history_user == admin_user


def test_admin_history_shows_who_changed_what(admin_client, editor_client):
    pledge = PledgeFactory(review_state="extracted")
    editor_client.post(reverse("articles:pledge_reject", args=[pledge.pk]), {"reason": "not a pledge"})
    html = admin_client.get(reverse("admin:pledges_pledge_history", args=[pledge.pk])).content.decode()
    assert "Rejected in review: not a pledge" in html and ">editor<" in html
    assert "Review state:" in html or "review_state" in html.lower()


def test_admin_reruns_extraction_for_selected_articles(admin_client, gazetteer):
    failed = ArticleFactory(state="failed", error_message="Temporary trouble.")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "rerun_extraction", ACTION_CHECKBOX_NAME: [failed.pk]},
    )
    failed.refresh_from_db()
    assert (failed.state, failed.error_message) == ("done", "")
    assert failed.extractor_version


ONLY_ALIAS = (
    "Paris pledge\n\nPublished: 6 January 2026\n\n"
    "President Manu said France would send 2,000 soldiers to Ukraine after a ceasefire.\n"
)


@pytest.mark.django_db(transaction=True)
def test_an_alias_added_in_the_admin_is_used_by_the_next_extraction(admin_client, gazetteer):
    """No restart: the alias bumps the entity revision and the cached extractor is rebuilt."""
    macron = Leader.objects.get(name="Emmanuel Macron")
    before = services.store_upload(ONLY_ALIAS.encode(), original_name="before.txt").article
    before.refresh_from_db()
    assert not EntityMention.objects.filter(article=before, leader=macron).exists()

    response = admin_client.post(
        reverse("admin:pledges_leaderalias_add"), {"leader": macron.pk, "name": "Manu"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert LeaderAlias.objects.filter(leader=macron, name="Manu").exists()

    after = services.store_upload((ONLY_ALIAS + "\n").encode(), original_name="after.txt").article
    after.refresh_from_db()
    assert after.state == "done"
    assert EntityMention.objects.filter(article=after, leader=macron, text="Manu").exists()
    assert Pledge.objects.get(evidence__article=after).announced_by == macron
    assert Article.objects.count() == 2
