"""The Atom feed of a filtered pledge list."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.utils import timezone

from pledges.models import Pledge

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feed_is_atom_with_the_filtered_entries(analyst_client, sample):
    root = parse(analyst_client.get("/pledges/feed/", {"member": "DE", "category": "financial"}))
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Financial pledges by Germany · Pledgewatch"
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "http://testserver/pledges/?category=financial&member=DE"
    entries = root.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert sorted(links) == sorted(
        f"http://testserver/pledges/{sample[k].pk}/" for k in ("money", "restated")
    )
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}id").text


def test_entries_newest_change_first_with_updated_at(analyst_client, sample):
    now = timezone.now()
    Pledge.objects.update(updated_at=now - dt.timedelta(days=3))
    Pledge.objects.filter(pk=sample["org"].pk).update(updated_at=now - dt.timedelta(days=1))
    root = parse(analyst_client.get("/pledges/feed/"))
    first = root.findall(f"{ATOM}entry")[0]
    assert first.find(f"{ATOM}link").get("href").endswith(f"/pledges/{sample['org'].pk}/")
    updated = dt.datetime.fromisoformat(first.find(f"{ATOM}updated").text)
    assert abs(updated - (now - dt.timedelta(days=1))) < dt.timedelta(seconds=1)


def test_article_text_is_escaped_in_summaries(analyst_client, sample):
    sample["tanks"].summary = "<script>alert(1)</script> tanks"
    sample["tanks"].save()
    root = parse(analyst_client.get("/pledges/feed/", {"member": "FR"}))
    summary = root.find(f"{ATOM}entry/{ATOM}summary").text
    assert "<script>" not in summary and "&lt;script&gt;" in summary
    assert "once a ceasefire holds" in summary


def test_feed_permission_like_pages(anonymous_client, sample):
    assert anonymous_client.get("/pledges/feed/").status_code == 302
    with override_settings(ALLOW_ANONYMOUS_READ=True):
        parse(anonymous_client.get("/pledges/feed/"))


def test_invalid_filter_is_a_400(analyst_client, sample):
    assert analyst_client.get("/pledges/feed/", {"end": "yesterday"}).status_code == 400
