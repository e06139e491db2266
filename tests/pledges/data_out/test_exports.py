"""CSV, XLSX and JSON exports: the filtered list, every field, read back."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.factories import ConditionFactory, EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.getvalue()


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def test_csv_has_every_field_for_the_filtered_list(analyst_client, sample):
    response = analyst_client.get("/pledges/export.csv", {"member": "FR", "category": "military"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "pledges_category-military_member-fr_" in disposition and disposition.endswith('.csv"')
    (row,) = read_csv(response)  # unreviewed and rejected French pledges are not in it
    tanks, article = sample["tanks"], sample["article"]
    assert row["id"] == str(tanks.pk)
    assert row["url"] == f"http://testserver/pledges/{tanks.pk}/"
    assert (row["actor_type"], row["actor_code"], row["actor_name"]) == ("country", "FR", "France")
    assert row["announced_by"] == "Emmanuel Macron"
    assert (row["beneficiary_code"], row["beneficiary_name"]) == ("UA", "Ukraine")
    assert (row["category"], row["status"], row["review_state"]) == ("military", "committed", "confirmed")
    assert row["summary"] == tanks.summary  # quotes and commas survive
    assert (row["amount_value"], row["amount_unit"], row["amount_approximate"]) == ("40.00", "items", "false")
    assert row["announced_on"] == "2026-02-10"
    assert row["conditional"] == "true"
    assert row["conditions"] == (
        "ceasefire (pending): once a ceasefire holds; approval (met): if parliament approves"
    )
    assert row["restates_id"] == ""
    evidence_urls = row["evidence_urls"].split()
    assert evidence_urls[0] == f"http://testserver/articles/{article.pk}/"
    assert len(evidence_urls) == 2  # two quotes in one article count as one source
    assert row["source_urls"] == "https://news.example/fr-tanks"
    assert row["updated_at"].endswith("Z")


def test_csv_defuses_formulas_from_article_text(analyst_client, sample):
    sample["tanks"].summary = "=1+2 said the minister"
    sample["tanks"].save()
    (row,) = read_csv(analyst_client.get("/pledges/export.csv", {"member": "FR"}))
    assert row["summary"] == "'=1+2 said the minister"


def test_csv_restatement_and_organisation_actor(analyst_client, sample):
    rows = {int(r["id"]): r for r in read_csv(analyst_client.get("/pledges/export.csv"))}
    assert set(rows) == {sample[k].pk for k in ("tanks", "money", "restated", "org")}
    assert rows[sample["restated"].pk]["restates_id"] == str(sample["money"].pk)
    org = rows[sample["org"].pk]
    assert (org["actor_type"], org["actor_code"]) == ("organisation", "coalition-of-the-willing")
    assert org["beneficiary_type"] == org["amount_value"] == org["amount_approximate"] == ""
    assert rows[sample["money"].pk]["amount_approximate"] == "true"


def test_unfiltered_filename_says_all(analyst_client, sample):
    response = analyst_client.get("/pledges/export.csv", {"format": "csv", "page": "2"})
    assert "pledges_all_" in response["Content-Disposition"]


def test_unreviewed_on_request(analyst_client, sample):
    rows = read_csv(analyst_client.get("/pledges/export.csv", {"include_unreviewed": "on", "member": "FR"}))
    assert {int(r["id"]) for r in rows} == {sample["tanks"].pk, sample["unreviewed"].pk}


def test_xlsx_reads_back(analyst_client, sample):
    response = analyst_client.get("/pledges/export.xlsx", {"category": "financial"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert 'filename="pledges_category-financial_' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(body(response)))
    rows = list(workbook["Pledges"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    records = [dict(zip(header, row, strict=True)) for row in data]
    assert [r["id"] for r in records] == [sample["restated"].pk, sample["money"].pk]  # newest first
    money = records[1]
    assert money["amount_value"] == 1500000000
    assert money["amount_unit"] == "EUR"
    assert money["amount_approximate"] is True
    assert money["announced_on"].date().isoformat() == "2026-01-20"
    assert records[0]["restates_id"] == sample["money"].pk
    assert workbook["About"]["B1"].value == "Financial pledges"


def test_xlsx_never_writes_a_formula(analyst_client, sample):
    sample["tanks"].summary = '=HYPERLINK("http://evil.example","click")'
    sample["tanks"].save()
    response = analyst_client.get("/pledges/export.xlsx", {"member": "FR"})
    sheet = load_workbook(io.BytesIO(body(response)))["Pledges"]
    cell = sheet.cell(row=2, column=13)
    assert cell.value == sample["tanks"].summary
    assert cell.data_type == "s"


def test_json_reads_back(analyst_client, sample):
    response = analyst_client.get("/pledges/export.json", {"member": "FR", "q": "tanks"})
    assert response.status_code == 200
    data = json.loads(body(response))
    assert data["filters"] == {"q": ["tanks"], "member": ["FR"]}
    assert data["description"] == "Pledges by France matching “tanks”"
    (record,) = data["results"]
    assert record["id"] == sample["tanks"].pk
    assert record["actor"] == {"type": "country", "code": "FR", "name": "France"}
    assert record["announced_by"] == {"name": "Emmanuel Macron", "slug": "emmanuel-macron"}
    assert record["amount"] == {"value": "40.00", "unit": "items", "approximate": False}
    assert [c["kind"] for c in record["conditions"]] == ["ceasefire", "approval"]
    assert record["sources"][0]["source_url"] == "https://news.example/fr-tanks"
    assert record["updated_at"]
    assert record["api_url"] == f"http://testserver/api/pledges/{sample['tanks'].pk}/"


def test_bad_filter_is_a_400(analyst_client, sample):
    assert analyst_client.get("/pledges/export.csv", {"start": "not-a-date"}).status_code == 400
    assert analyst_client.get("/pledges/export.pdf").status_code == 404


def test_export_needs_read_permission(anonymous_client, sample):
    response = anonymous_client.get("/pledges/export.csv")
    assert response.status_code == 302


def test_url_name_takes_the_format():
    from django.urls import reverse

    assert reverse("pledges:export", args=["xlsx"]) == "/pledges/export.xlsx"
    assert reverse("pledges:export", kwargs={"fmt": "json"}) == "/pledges/export.json"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_query_count_does_not_grow_with_rows(analyst_client, django_assert_num_queries, fmt):
    def export() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = analyst_client.get(f"/pledges/export.{fmt}", {"category": "military"})
            body(response)
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        for _ in range(n):
            pledge = PledgeFactory()
            ConditionFactory(pledge=pledge)
            EvidenceFactory(pledge=pledge)

    add(2)
    few = export()
    add(25)
    assert export() == few
    assert few <= 5  # session, user, permissions..., the export itself


def test_csv_xlsx_and_json_share_one_column_declaration(analyst_client, sample):
    from pledges.data_out.exports import COLUMNS

    flat = [column.name for column in COLUMNS if column.flat]
    csv_header = body(analyst_client.get("/pledges/export.csv")).decode().splitlines()[0].split(",")
    sheet = load_workbook(io.BytesIO(body(analyst_client.get("/pledges/export.xlsx"))))["Pledges"]
    xlsx_header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    record = json.loads(body(analyst_client.get("/pledges/export.json")))["results"][0]
    assert csv_header == xlsx_header == flat
    assert list(record) == list(dict.fromkeys(c.json.split(".")[0] for c in COLUMNS if c.json))
