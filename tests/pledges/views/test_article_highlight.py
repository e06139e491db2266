"""The article page: text with pledge sentences and entities highlighted, safely escaped."""

from __future__ import annotations

import pytest

from articles.highlight import Span, highlight
from tests.factories import ArticleFactory, EntityMentionFactory, EvidenceFactory


def test_spans_are_marked_and_everything_else_escaped():
    text = "<b>France</b> pledged troops. Done."
    html = highlight(text, [Span(3, 9, "country", title="France"), Span(0, 29, "evidence", key=7)])
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<span class="anchor" id="ev-7"></span>' in html
    assert '<mark class="ev"><mark class="ent ent-country" title="France">France</mark></mark>' in html
    assert html.endswith(" Done.")


def test_current_evidence_is_singled_out_and_bad_offsets_are_clamped():
    text = "One. Two."
    html = highlight(
        text, [Span(0, 4, "evidence", key=1), Span(5, 99, "evidence", key=2), Span(7, 3, "person")], 2
    )
    assert '<mark class="ev current">Two.</mark>' in html
    assert '<mark class="ev">One.</mark>' in html


def test_titles_are_escaped_too():
    html = highlight("abc", [Span(0, 3, "person", title='"><script>x</script>')])
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.django_db
def test_article_page_highlights_and_keeps_injected_markup_inert(analyst_client):
    article = ArticleFactory(
        text="<script>alert(1)</script> France pledged air defence. <img src=x onerror=alert(2)>"
    )
    evidence = EvidenceFactory(article=article, quote="France pledged air defence.", start=26, end=53)
    EntityMentionFactory(article=article, text="France", start=26, end=32)
    body = analyst_client.get(f"/articles/{article.pk}/?ev={evidence.pk}").content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert f'id="ev-{evidence.pk}"' in body
    assert '<mark class="ev current"' in body and "ent-country" in body
