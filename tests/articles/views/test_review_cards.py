"""What a review card shows: an edited summary, the source passage while editing, and restatement
suggestions that leave out siblings read from the same sentence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.articles.views.test_review import HX, QUEUE, edit_data, pledge_of
from tests.factories import ArticleFactory, CountryFactory, EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def card_of(html: str, pk: int) -> str:
    card = html[html.index(f'id="pledge-{pk}"') :]
    return card[: card.index("</article>")]


def test_an_edited_summary_shows_on_the_card(editor_client, ingested):
    pledge = pledge_of(ingested, "GB")
    assert "Summary:" not in card_of(editor_client.get(QUEUE).content.decode(), pledge.pk)  # still the quote
    data = edit_data(pledge, summary="£200 million for drones")
    html = editor_client.post(reverse("articles:pledge_edit", args=[pledge.pk]), data, **HX).content.decode()
    assert '<span class="muted">Summary:</span> £200 million for drones' in html
    assert "£200 million for drones" in card_of(editor_client.get(QUEUE).content.decode(), pledge.pk)


def test_the_edit_form_keeps_the_source_passage_in_view(editor_client, ingested):
    pledge = pledge_of(ingested, "GB")
    html = editor_client.get(reverse("articles:pledge_edit", args=[pledge.pk]), **HX).content.decode()
    assert '<blockquote class="passage">' in html
    assert '<span class="quote ent ent-person">Keir Starmer</span>' in html


def test_a_sibling_from_the_same_sentence_is_not_suggested_as_the_original(editor_client):
    france, ukraine = CountryFactory(code="FR"), CountryFactory(code="UA")
    text = "France will send tanks and France will train crews in Ukraine. More."
    article = ArticleFactory(text=text)
    end = text.index(". More")

    def pledge_in(article, summary, start=0, stop=end, state="extracted"):
        pledge = PledgeFactory(
            actor_country=france, beneficiary_country=ukraine, summary=summary, review_state=state
        )
        EvidenceFactory(article=article, pledge=pledge, quote=article.text[start:stop], start=start, end=stop)
        return pledge

    first = pledge_in(article, "France will send tanks to Ukraine")
    sibling = pledge_in(article, "France will send tanks and train crews in Ukraine")
    earlier = pledge_in(ArticleFactory(), "France will send tanks to Ukraine", 0, 20, state="confirmed")
    card = card_of(editor_client.get(QUEUE).content.decode(), first.pk)
    suggestions = card[card.index('class="suggestions"') :]
    assert f'href="{earlier.get_absolute_url()}"' in suggestions
    assert f'href="{sibling.get_absolute_url()}"' not in suggestions
