"""In a real browser: add a pledge extraction missed by selecting its passage (article page) or clicking
its sentence (review card); undo a confirmation from the card; archive a failed article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article
from pledges.models import Pledge
from tests.articles.helpers import ARTICLE
from tests.browser.conftest import ingested, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
MISSED = "Under the plan agreed on Tuesday, Ukraine is to receive 40 German air defence systems from Berlin."
TEXT = ARTICLE + "\n" + MISSED + "\n"
BRITISH = "British Prime Minister Keir Starmer pledged £200 million to Ukraine for drones."

SELECT = """([selector, wanted]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let offset = 0, node, start = null, end = null;
  const from = root.textContent.indexOf(wanted), to = from + wanted.length;
  while ((node = walker.nextNode())) {
    const size = node.textContent.length;
    if (start === null && from < offset + size) start = [node, from - offset];
    if (to <= offset + size) { end = [node, to - offset]; break; }
    offset += size;
  }
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}"""


@pytest.fixture
def article(people, gazetteer) -> Article:
    return ingested(TEXT, "allies.txt")


def test_editor_selects_a_missed_passage_and_adds_the_pledge(page, live_server, article, artifacts):
    base = live_server.url
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, base, "eddie")
    page.goto(f"{base}{article.get_absolute_url()}")
    page.evaluate(SELECT, [".article-text", MISSED])
    button = page.get_by_role("button", name="Add pledge from this passage")
    expect(button).to_be_visible()
    button.click()
    form = page.locator("#add-pledge form")
    expect(form).to_be_visible()
    expect(page.locator("#add-pledge .chosen-quote")).to_have_text(MISSED)
    start = TEXT.index(MISSED)
    assert form.locator("input[name=add-start]").input_value() == str(start)
    assert form.locator("input[name=add-end]").input_value() == str(start + len(MISSED))
    # Extraction read no pledge here: the editor corrects what the form proposes.
    form.locator("select[name=add-actor]").select_option(label="Germany")
    form.locator("select[name=add-beneficiary]").select_option(label="Ukraine")
    form.locator("select[name=add-category]").select_option("military")
    form.locator("input[name=add-amount_value]").fill("40")
    form.locator("input[name=add-amount_unit]").fill("items")
    page.screenshot(path=str(artifacts / "add-pledge-form.png"), full_page=True)
    DOCS.mkdir(exist_ok=True)
    page.locator("#add-pledge").screenshot(path=str(DOCS / "add-pledge-from-text.png"))
    form.get_by_role("button", name="Add and confirm").click()
    expect(page.locator("#add-pledge")).to_contain_text("added and confirmed")

    pledge = Pledge.objects.get(origin="editor")
    evidence = pledge.evidence.get()
    assert (pledge.review_state, pledge.reviewed_by.username, pledge.actor_country.code) == (
        "confirmed",
        "eddie",
        "DE",
    )
    assert (evidence.start, evidence.end, evidence.quote) == (start, start + len(MISSED), MISSED)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_a_click_on_a_sentence_in_a_review_card_opens_the_form_for_that_sentence(page, live_server, article):
    base = live_server.url
    log_in(page, base, "eddie")
    british = Pledge.objects.get(evidence__article=article, actor_country__code="GB")
    page.goto(f"{base}/review/")
    card = page.locator(f"#pledge-{british.pk}")
    card.locator(".source-text").get_by_text("£200 million", exact=False).first.click()
    page.get_by_role("button", name="Add pledge from this passage").click()
    expect(card.locator(".add-pledge .chosen-quote")).to_have_text(BRITISH)
    form = card.locator(".add-pledge form")
    expect(form.locator("select[name=add-actor] option:checked")).to_have_text("United Kingdom")
    assert form.locator("input[name=add-amount_unit]").input_value() == "GBP"
    form.get_by_role("link", name="Cancel").click()
    expect(card.locator(".add-pledge form")).to_have_count(0)


def wait_for_htmx_card(page, pledge_id: int) -> None:
    """Wait until the page is quiet and htmx has taken the card's forms over: on a loaded CI machine a
    click or key landing earlier posts a plain form and leaves the queue."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "id => { const f = document.querySelector(`#pledge-${id} form[hx-post]`);"
        " return !!(f && f['htmx-internal-data']); }",
        arg=pledge_id,
    )


def test_a_confirmation_is_undone_from_the_card(page, live_server, article, artifacts):
    base = live_server.url
    log_in(page, base, "eddie")
    french = Pledge.objects.get(evidence__article=article, actor_country__code="FR")
    page.goto(f"{base}/review/")
    wait_for_htmx_card(page, french.pk)
    card = page.locator(f"#pledge-{french.pk}")
    card.get_by_role("button", name="Confirm").click()
    expect(card).to_contain_text("Confirmed by eddie")
    french.refresh_from_db()
    assert french.review_state == "confirmed"
    page.screenshot(path=str(artifacts / "review-undo.png"), full_page=True)
    card.get_by_role("button", name="Undo").click()
    expect(card.get_by_role("button", name="Confirm")).to_be_visible()
    french.refresh_from_db()
    assert french.review_state == "extracted"
    assert french.history.latest().history_change_reason == "Undone: Confirmed in review"
    # From the keyboard: c confirms the focused card, u undoes it. The card was just swapped in: a key
    # pressed before htmx has taken its new form over posts a plain form (seen once in CI).
    wait_for_htmx_card(page, french.pk)
    card.focus()
    page.keyboard.press("c")
    expect(card).to_contain_text("Confirmed by eddie")
    wait_for_htmx_card(page, french.pk)
    page.keyboard.press("u")
    expect(card.get_by_role("button", name="Confirm")).to_be_visible()
    french.refresh_from_db()
    assert french.review_state == "extracted" and french.history.count() == 5


def test_a_failed_article_is_archived_and_leaves_the_list(page, live_server, people, artifacts):
    base = live_server.url
    failed = Article.objects.create(
        sha256="f" * 64, original_name="scan.pdf", state="failed", error_message="damaged"
    )
    log_in(page, base, "eddie")
    page.goto(f"{base}/articles/")
    expect(page.locator("#article-table")).to_contain_text("scan.pdf")
    page.goto(f"{base}{failed.get_absolute_url()}")
    page.get_by_role("button", name="Archive").click()
    page.wait_for_url(re.compile(r".*/articles/$"))
    expect(page.locator(".messages")).to_contain_text("“scan.pdf” archived")
    expect(page.locator("#article-table")).not_to_contain_text("scan.pdf")
    page.get_by_role("link", name="Archived").click()
    expect(page.locator("#article-table")).to_contain_text("scan.pdf")
    failed.refresh_from_db()
    assert failed.is_archived and failed.archived_by.username == "eddie"
