"""The methodology page's running precision and recall of extraction against editors' decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pledges.models import Pledge
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_agreement_counts_decided_extracted_pledges_and_editor_additions():
    for _ in range(3):
        PledgeFactory(review_state="confirmed")
    PledgeFactory(review_state="rejected")
    PledgeFactory(review_state="extracted")  # undecided: left out
    PledgeFactory(review_state="confirmed", origin="editor")
    agreement = Pledge.objects.editor_agreement()
    assert (agreement["confirmed"], agreement["rejected"], agreement["added"]) == (3, 1, 1)
    assert agreement["precision"] == 0.75
    assert agreement["recall"] == 0.75


def test_no_decisions_means_no_figures():
    PledgeFactory(review_state="extracted")
    agreement = Pledge.objects.editor_agreement()
    assert agreement["precision"] is None and agreement["recall"] is None


def test_methodology_page_shows_the_running_figures(analyst_client):
    for _ in range(4):
        PledgeFactory(review_state="confirmed")
    PledgeFactory(review_state="rejected")
    PledgeFactory(review_state="confirmed", origin="editor")
    html = analyst_client.get(reverse("pledges:methodology")).content.decode()
    table = html[html.index('class="scores editor-agreement"') :]
    assert '<td class="num">0.80</td><td>4 confirmed of 5 decided</td>' in table
    assert '<td class="num">0.80</td><td>4 found of 5 (1 added by editors)</td>' in table
