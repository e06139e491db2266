"""The review queue: grouping, highlighted source text, confirm / reject / edit / restates / bulk, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from pledges.models import Condition, Pledge
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CountryFactory,
    EntityMentionFactory,
    EvidenceFactory,
    LeaderCandidateFactory,
    OrganisationCandidateFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("articles:review")
HX = {"HTTP_HX_REQUEST": "true"}


def pledge_of(article: Article, code: str) -> Pledge:
    return Pledge.objects.get(evidence__article=article, actor_country__code=code)


def test_queue_groups_extracted_pledges_by_article_newest_first(editor_client):
    older = ArticleFactory(title="Older article")
    newer = ArticleFactory(title="Newer article")
    Article.objects.filter(pk=older.pk).update(uploaded_at=newer.uploaded_at - dt.timedelta(days=1))
    EvidenceFactory(article=older, pledge=PledgeFactory(review_state="extracted"))
    EvidenceFactory(article=newer, pledge=PledgeFactory(review_state="extracted"))
    EvidenceFactory(article=newer, pledge=PledgeFactory(review_state="confirmed", summary="Already done"))
    html = editor_client.get(QUEUE).content.decode()
    assert html.index("Newer article") < html.index("Older article")
    assert "Already done" not in html
    assert "2 pledges awaiting review" in html


def test_source_sentence_is_shown_in_its_paragraph_with_entities_highlighted(editor_client, ingested):
    british = pledge_of(ingested, "GB")
    html = editor_client.get(QUEUE).content.decode()
    card = html[html.index(f'id="pledge-{british.pk}"') :]
    card = card[: card.index("</article>")]
    assert '<span class="quote">British Prime Minister </span>' not in card  # entities split the quote
    assert '<span class="quote ent ent-country">British</span>' in card
    assert '<span class="quote ent ent-person">Keir Starmer</span>' in card
    assert '<span class="quote ent ent-country">Ukraine</span>' in card


def test_every_text_segment_is_escaped(editor_client):
    text = "Intro.\n\n<script>alert(1)</script> France pledged <b>aid</b> to Ukraine.\n\nEnd."
    article = ArticleFactory(text=text)
    start = text.index("<script>")
    end = text.index("Ukraine.") + len("Ukraine.")
    pledge = PledgeFactory(review_state="extracted", summary="<img src=x onerror=alert(1)>")
    EvidenceFactory(article=article, pledge=pledge, quote=text[start:end], start=start, end=end)
    france = text.index("France")
    EntityMentionFactory(article=article, text="France", start=france, end=france + 6)
    html = editor_client.get(QUEUE).content.decode()
    assert "<script>alert(1)" not in html and "<b>aid</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<span class="quote ent ent-country">France</span>' in html
    assert "Intro." not in html  # only the quote's paragraph


def test_confirm_with_htmx_returns_the_card_and_records_history(editor_client, editor, ingested):
    pledge = pledge_of(ingested, "FR")
    response = editor_client.post(reverse("articles:pledge_confirm", args=[pledge.pk]), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<article id="pledge-{pledge.pk}"')
    assert "Confirmed" in html and "by editor" in html
    assert '<small id="waiting-count" hx-swap-oob="true">1 pledge awaiting review</small>' in html
    pledge.refresh_from_db()
    assert (pledge.review_state, pledge.reviewed_by) == ("confirmed", editor)
    assert pledge.reviewed_at is not None
    record = pledge.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, "Confirmed in review")
    assert record.diff_against(record.prev_record).changed_fields >= ["review_state"]
    assert list(Pledge.objects.visible()) == [pledge]  # what analysts see by default


def test_reject_with_a_reason_without_javascript_redirects_to_the_queue(editor_client, editor, ingested):
    pledge = pledge_of(ingested, "GB")
    response = editor_client.post(
        reverse("articles:pledge_reject", args=[pledge.pk]), {"reason": "Not a pledge, a report"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}#pledge-{pledge.pk}"
    pledge.refresh_from_db()
    assert (pledge.review_state, pledge.review_note) == ("rejected", "Not a pledge, a report")
    assert pledge.history.latest().history_change_reason == "Rejected in review: Not a pledge, a report"
    assert not Pledge.objects.visible().filter(pk=pledge.pk).exists()


def test_edit_form_loads_in_place(editor_client, ingested):
    pledge = pledge_of(ingested, "FR")
    response = editor_client.get(reverse("articles:pledge_edit", args=[pledge.pk]), **HX)
    html = response.content.decode()
    assert html.strip().startswith(f'<article id="pledge-{pledge.pk}" class="review-card editing"')
    assert f'name="p{pledge.pk}-actor"' in html and f'name="p{pledge.pk}-cond-TOTAL_FORMS"' in html
    full = editor_client.get(reverse("articles:pledge_edit", args=[pledge.pk]))
    assert b"<html" in full.content  # works without JavaScript too


def edit_data(pledge: Pledge, **changes) -> dict:
    p = f"p{pledge.pk}"
    data = {
        f"{p}-actor": f"country:{pledge.actor_country_id}",
        f"{p}-beneficiary": f"country:{pledge.beneficiary_country_id}"
        if pledge.beneficiary_country_id
        else "",
        f"{p}-announced_by": pledge.announced_by_id or "",
        f"{p}-category": pledge.category,
        f"{p}-summary": pledge.summary,
        f"{p}-amount_value": pledge.amount_value if pledge.amount_value is not None else "",
        f"{p}-amount_unit": pledge.amount_unit,
        f"{p}-announced_on": pledge.announced_on.isoformat() if pledge.announced_on else "",
        f"{p}-status": pledge.status,
    }
    if pledge.amount_approximate:
        data[f"{p}-amount_approximate"] = "on"
    conditions = list(pledge.conditions.all())
    c = f"{p}-cond"
    data |= {f"{c}-TOTAL_FORMS": len(conditions) + 1, f"{c}-INITIAL_FORMS": len(conditions)}
    data |= {f"{c}-MIN_NUM_FORMS": 0, f"{c}-MAX_NUM_FORMS": 20}
    for i, condition in enumerate(conditions):
        data |= {
            f"{c}-{i}-id": condition.pk,
            f"{c}-{i}-pledge": pledge.pk,
            f"{c}-{i}-kind": condition.kind,
            f"{c}-{i}-text": condition.text,
            f"{c}-{i}-state": condition.state,
        }
    data |= {f"{c}-{len(conditions)}-kind": "", f"{c}-{len(conditions)}-state": "pending"}
    data |= {f"{p}-{key}" if not key.startswith(p) else key: value for key, value in changes.items()}
    return data


def test_edit_changes_fields_and_conditions_with_history(editor_client, editor, ingested):
    pledge = pledge_of(ingested, "FR")
    pledge.conditions.all().delete()
    kept = ConditionFactory(pledge=pledge, kind="ceasefire", text="once a ceasefire is agreed")
    dropped = ConditionFactory(pledge=pledge, kind="other", text="not really a condition")
    c = f"p{pledge.pk}-cond"
    data = edit_data(
        pledge,
        category="security_guarantee",
        amount_value="5000",
        amount_unit="troops",
        status="committed",
        beneficiary=f"country:{gazetteer_country('UA').pk}",
    )
    data |= {
        f"{c}-0-text": "once a ceasefire with Russia is agreed",
        f"{c}-1-DELETE": "on",
        f"{c}-2-kind": "limitation",
        f"{c}-2-text": "no combat role",
    }
    response = editor_client.post(reverse("articles:pledge_edit", args=[pledge.pk]), data, **HX)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Saved." in response.content.decode()
    pledge.refresh_from_db()
    assert (pledge.category, pledge.amount_value, pledge.amount_unit, pledge.status) == (
        "security_guarantee",
        5000,
        "troops",
        "committed",
    )
    texts = sorted(pledge.conditions.values_list("kind", "text"))
    assert texts == [
        ("ceasefire", "once a ceasefire with Russia is agreed"),
        ("limitation", "no combat role"),
    ]
    assert not Condition.objects.filter(pk=dropped.pk).exists()
    record = pledge.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason.startswith("Edited in review: ")
    assert "category" in record.history_change_reason
    assert Condition.history.filter(id=kept.pk, history_user=editor).exists()
    assert Condition.history.filter(id=dropped.pk, history_type="-", history_user=editor).exists()


def gazetteer_country(code: str):
    from pledges.models import Country

    return Country.objects.get(code=code)


def test_invalid_edit_shows_errors_and_saves_nothing(editor_client, ingested):
    pledge = pledge_of(ingested, "GB")
    data = edit_data(pledge, amount_unit="")
    response = editor_client.post(reverse("articles:pledge_edit", args=[pledge.pk]), data, **HX)
    assert response.status_code == 200
    assert "Give the unit of the amount." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.amount_unit == "GBP"


def test_similar_pledges_are_suggested_and_can_be_linked(editor_client, editor):
    france, ukraine = CountryFactory(code="FR", name="France"), CountryFactory(code="UA", name="Ukraine")
    original = PledgeFactory(
        actor_country=france,
        beneficiary_country=ukraine,
        summary="France will send Caesar howitzers to Ukraine",
    )
    restatement = PledgeFactory(
        actor_country=france,
        beneficiary_country=ukraine,
        summary="France would send more Caesar howitzers to Ukraine",
        review_state="extracted",
    )
    PledgeFactory(actor_country=france, beneficiary_country=ukraine, summary="Unrelated sanctions package")
    EvidenceFactory(pledge=restatement)
    html = editor_client.get(QUEUE).content.decode()
    card = html[html.index(f'id="pledge-{restatement.pk}"') :]
    assert f'name="restates" value="{original.pk}"' in card[: card.index("</article>")]
    assert "Unrelated sanctions package" not in card[: card.index("</article>")]

    response = editor_client.post(
        reverse("articles:pledge_restates", args=[restatement.pk]), {"restates": original.pk}, **HX
    )
    assert response.status_code == 200
    restatement.refresh_from_db()
    assert restatement.restates == original
    assert restatement.history.latest().history_change_reason == f"Linked as restating #{original.pk}"


def test_linking_to_a_restatement_points_at_the_original_and_self_links_are_refused(editor_client):
    original = PledgeFactory()
    middle = PledgeFactory(restates=original)
    pledge = PledgeFactory(review_state="extracted")
    editor_client.post(reverse("articles:pledge_restates", args=[pledge.pk]), {"restates": middle.pk}, **HX)
    pledge.refresh_from_db()
    assert pledge.restates == original
    response = editor_client.post(
        reverse("articles:pledge_restates", args=[original.pk]), {"restates": pledge.pk}, **HX
    )
    assert "cannot restate itself" in response.content.decode()


def test_bulk_confirm_and_reject(editor_client, editor):
    pledges = [PledgeFactory(review_state="extracted") for _ in range(3)]
    response = editor_client.post(
        reverse("articles:review_bulk"), {"action": "confirm", "pledges": [pledges[0].pk, pledges[1].pk]}
    )
    assert response.status_code == 302
    editor_client.post(
        reverse("articles:review_bulk"), {"action": "reject", "pledges": [pledges[2].pk], "reason": "dupe"}
    )
    states = [Pledge.objects.get(pk=p.pk).review_state for p in pledges]
    assert states == ["confirmed", "confirmed", "rejected"]
    assert Pledge.objects.get(pk=pledges[2].pk).review_note == "dupe"
    assert all(Pledge.objects.get(pk=p.pk).history.latest().history_user == editor for p in pledges)


def test_bulk_without_a_selection_says_so(editor_client):
    response = editor_client.post(reverse("articles:review_bulk"), {"action": "confirm"}, follow=True)
    assert "Select at least one pledge." in response.content.decode()


def test_history_page_shows_who_changed_what(editor_client, editor, ingested):
    pledge = pledge_of(ingested, "GB")
    editor_client.post(reverse("articles:pledge_reject", args=[pledge.pk]), {"reason": "report"}, **HX)
    html = editor_client.get(reverse("articles:pledge_history", args=[pledge.pk])).content.decode()
    assert "Rejected in review: report" in html and "editor" in html
    assert "<strong>Review state</strong>: <del>Awaiting review</del> → <ins>Rejected</ins>" in html


def test_queue_query_count_does_not_grow_with_pledges_or_candidates(editor_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert editor_client.get(QUEUE).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        article = ArticleFactory()
        for _ in range(2):
            ConditionFactory(pledge=EvidenceFactory(article=article, pledge__review_state="extracted").pledge)
        LeaderCandidateFactory(article=article)
        OrganisationCandidateFactory(article=article)
    few = count_queries()
    for _ in range(4):
        article = ArticleFactory()
        for _ in range(3):
            ConditionFactory(pledge=EvidenceFactory(article=article, pledge__review_state="extracted").pledge)
            LeaderCandidateFactory(article=article)
            OrganisationCandidateFactory(article=article)
    OrganisationCandidateFactory()  # an article with nothing but a new organisation to decide
    html = editor_client.get(QUEUE).content.decode()
    assert html.count('class="candidate"') == 2 * 2 + 4 * 3 * 2 + 1
    assert count_queries() == few


def test_passage_is_the_paragraph_or_the_quotes_lines_never_a_cut_word():
    from articles.queue import build_passage

    text = "First paragraph.\n\nOne line. France will send tanks to Ukraine. More.\n\nLast."
    start = text.index("France")
    end = text.index("Ukraine.") + len("Ukraine.")
    passage = build_passage(text, start, end, [])
    assert "".join(s.text for s in passage.segments) == "One line. France will send tanks to Ukraine. More."
    assert [s.text for s in passage.segments if s.quote] == ["France will send tanks to Ukraine."]

    lines = "\n".join(f"Sentence number {i} on its own line." for i in range(60))
    start = lines.index("Sentence number 30")
    end = lines.index("\n", start)
    passage = build_passage(lines, start, end, [])
    assert "".join(s.text for s in passage.segments) == "Sentence number 30 on its own line."

    words = " ".join(f"word{i}" for i in range(400))
    start = words.index("word200")
    passage = build_passage(words, start, start + len("word200"), [])
    shown = "".join(s.text for s in passage.segments)
    assert shown.split()[0] in words.split() and shown.split()[-1] in words.split()
    assert passage.truncated_before and passage.truncated_after
