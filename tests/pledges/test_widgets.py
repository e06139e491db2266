"""The quick select renders what Django's SelectMultiple renders, escaped the same way."""

from __future__ import annotations

import re

from django import forms

from pledges.widgets import QuickSelectMultiple

CHOICES = [("FR", "France"), ("GB", "<b>United Kingdom</b>"), ("US", 'U"S & co')]


def options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>.*?</option>", html)


def test_same_options_selection_and_escaping_as_django():
    ours = QuickSelectMultiple(choices=CHOICES).render("member", ["GB", "US"], {"id": "id_member"})
    django = forms.SelectMultiple(choices=CHOICES).render("member", ["GB", "US"], {"id": "id_member"})
    assert [re.sub(r"\s+", " ", o) for o in options(ours)] == [
        re.sub(r"\s+", " ", o) for o in options(django)
    ]
    assert "<b>" not in ours and "&lt;b&gt;United Kingdom&lt;/b&gt;" in ours
    assert ours.startswith("<select") and 'name="member"' in ours and "multiple" in ours
    assert 'id="id_member"' in ours


def test_nothing_chosen():
    html = QuickSelectMultiple(choices=CHOICES).render("member", None)
    assert "selected" not in html and len(options(html)) == 3
