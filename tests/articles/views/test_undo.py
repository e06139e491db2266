"""Undo and reopen: confirm, reject, edit, link and bulk undone from the card or the queue; decided
pledges reopened from their page; every undo is itself a history record, nothing is erased."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import review
from pledges.models import Condition, Pledge
from tests.articles.views.test_review import HX, QUEUE, edit_data, pledge_of
from tests.factories import ConditionFactory, EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db
UNDO = reverse("articles:review_undo")


def undo_value(html: str, pledge: Pledge) -> str:
    marker = f'name="record" value="{pledge.pk}:'
    assert marker in html, "the card offers no Undo"
    start = html.index(marker) + len('name="record" value="')
    return html[start : html.index('"', start)]


def test_confirm_then_undo_from_the_card_puts_the_pledge_back_in_the_queue(editor_client, editor, ingested):
    pledge = pledge_of(ingested, "GB")
    html = editor_client.post(reverse("articles:pledge_confirm", args=[pledge.pk]), **HX).content.decode()
    record = undo_value(html, pledge)
    assert record == f"{pledge.pk}:{pledge.history.latest().history_id}"
    html = editor_client.post(UNDO, {"record": record}, **HX).content.decode()
    pledge.refresh_from_db()
    assert (pledge.review_state, pledge.reviewed_by, pledge.reviewed_at) == ("extracted", None, None)
    assert 'data-key="confirm"' in html  # the card is pending again, with its actions
    reasons = list(pledge.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Confirmed in review", "Undone: Confirmed in review"]
    assert pledge.history.latest().history_user == editor


def test_undo_of_an_edit_restores_fields_and_conditions(editor_client, ingested):
    pledge = pledge_of(ingested, "FR")
    pledge.conditions.all().delete()
    kept = ConditionFactory(pledge=pledge, kind="ceasefire", text="once a ceasefire is agreed")
    dropped = ConditionFactory(pledge=pledge, kind="limitation", text="no combat")
    before = (pledge.category, pledge.summary, pledge.amount_value, pledge.amount_unit)
    c = f"p{pledge.pk}-cond"
    data = edit_data(
        pledge, category="security_guarantee", summary="Rewritten", amount_value="5", amount_unit="troops"
    )
    data |= {
        f"{c}-0-text": "changed text",
        f"{c}-1-DELETE": "on",
        f"{c}-2-kind": "timing",
        f"{c}-2-text": "by 2027",
    }
    html = editor_client.post(reverse("articles:pledge_edit", args=[pledge.pk]), data, **HX).content.decode()
    assert "Saved." in html
    pledge.refresh_from_db()
    assert pledge.summary == "Rewritten" and pledge.conditions.count() == 2

    editor_client.post(UNDO, {"record": undo_value(html, pledge)}, **HX)
    pledge.refresh_from_db()
    assert (pledge.category, pledge.summary, pledge.amount_value, pledge.amount_unit) == before
    assert sorted(pledge.conditions.values_list("pk", "kind", "text")) == [
        (kept.pk, "ceasefire", "once a ceasefire is agreed"),
        (dropped.pk, "limitation", "no combat"),
    ]
    assert not Condition.objects.filter(pledge=pledge, text="by 2027").exists()
    assert (
        Condition.history.filter(pledge_id=pledge.pk, history_change_reason="Undone: restored").count() == 2
    )


def test_a_stale_undo_is_refused_and_changes_nothing(editor_client, ingested):
    pledge = pledge_of(ingested, "GB")
    html = editor_client.post(reverse("articles:pledge_confirm", args=[pledge.pk]), **HX).content.decode()
    record = undo_value(html, pledge)
    editor_client.post(reverse("articles:pledge_reopen", args=[pledge.pk]), **HX)
    editor_client.post(reverse("articles:pledge_reject", args=[pledge.pk]), {"reason": "no"}, **HX)
    html = editor_client.post(UNDO, {"record": record}, **HX).content.decode()
    pledge.refresh_from_db()
    assert pledge.review_state == "rejected"
    assert "has changed since; undo is no longer possible" in html


def test_bulk_action_is_undone_from_the_queue_page(editor_client):
    pledges = [EvidenceFactory(pledge__review_state="extracted").pledge for _ in range(3)]
    data = {"action": "reject", "pledges": [p.pk for p in pledges], "reason": "duplicates"}
    editor_client.post(reverse("articles:review_bulk"), data)
    assert set(Pledge.objects.values_list("review_state", flat=True)) == {"rejected"}
    html = editor_client.get(QUEUE).content.decode()
    assert "Rejected 3 pledges." in html and 'class="bulk-bar undo-bar"' in html
    records = [f"{p.pk}:{review.latest_record_id(p)}" for p in pledges]
    for record in records:
        assert f'name="record" value="{record}"' in html
    response = editor_client.post(UNDO, {"record": records})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert set(Pledge.objects.values_list("review_state", flat=True)) == {"extracted"}
    assert set(Pledge.objects.values_list("review_note", flat=True)) == {""}
    assert "undo-bar" not in editor_client.get(QUEUE).content.decode()  # used once


def test_plain_form_confirm_offers_undo_on_the_queue_page(editor_client, ingested):
    pledge = pledge_of(ingested, "GB")
    editor_client.post(reverse("articles:pledge_confirm", args=[pledge.pk]))
    html = editor_client.get(QUEUE).content.decode()
    assert f"Confirmed pledge #{pledge.pk}." in html
    editor_client.post(UNDO, {"record": f"{pledge.pk}:{review.latest_record_id(pledge)}"})
    pledge.refresh_from_db()
    assert pledge.review_state == "extracted"


def test_a_decided_pledge_is_reopened_from_its_page(editor_client, analyst_client, editor):
    pledge = EvidenceFactory(pledge__review_state="confirmed").pledge
    page = editor_client.get(pledge.get_absolute_url()).content.decode()
    assert "Reopen for review" in page
    assert "Reopen for review" not in analyst_client.get(pledge.get_absolute_url()).content.decode()
    response = editor_client.post(reverse("articles:pledge_reopen", args=[pledge.pk]))
    assert response["Location"] == f"{QUEUE}#pledge-{pledge.pk}"
    pledge.refresh_from_db()
    assert pledge.review_state == "extracted"
    record = pledge.history.latest()
    assert (record.history_change_reason, record.history_user) == ("Reopened for review", editor)
    assert pledge.history.filter(review_state="confirmed").exists()  # the decision is kept in history
    assert f'id="pledge-{pledge.pk}"' in editor_client.get(QUEUE).content.decode()
    assert "Reopen for review" not in editor_client.get(pledge.get_absolute_url()).content.decode()


def test_reopening_a_pending_pledge_says_so(editor_client):
    pledge = PledgeFactory(review_state="extracted")
    editor_client.post(reverse("articles:pledge_reopen", args=[pledge.pk]))
    assert pledge.history.count() == 1
