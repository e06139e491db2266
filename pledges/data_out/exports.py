"""CSV, XLSX and JSON exports of any filtered pledge list (the same PledgeFilterSet as the pages).

Rows come from ONE query whatever their number: related names are joined, and conditions and
sources are folded into strings by correlated subqueries (StringAgg), so no per-row or per-chunk
queries. Rows are read with `.iterator(chunk_size)` and written as they come (CSV and JSON stream),
so memory stays flat for large exports.

The columns are declared once (COLUMNS): CSV and XLSX write them flat, the JSON export and the API
(`json_record`) nest them by their JSON path.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from pledges import sources
from pledges.access import read_access
from pledges.choices import ConditionState
from pledges.filtersets import PledgeFilterSet
from pledges.models import Condition, Pledge
from pledges.tokens import accepts_token

FORMATS = ("csv", "xlsx", "json")
CHUNK_SIZE = 2000
# Control characters that never occur in text extracted from articles, used to fold lists into strings.
UNIT_SEP, RECORD_SEP = "\x1f", "\x1e"

# The columns are declared once, at the end of this module (COLUMNS): CSV and XLSX write them flat,
# in that order; the JSON export and the API nest them by their `json` path.


# --- the query --------------------------------------------------------------------------------


def _ordered(*fields: str) -> tuple[str, ...] | None:
    # SQLite before 3.44 cannot order inside an aggregate; it then concatenates in index order
    # (pledge_id, id), which is the same order for the development database.
    return fields if connection.features.supports_aggregate_order_by_clause else None


def _conditions_folded() -> Subquery:
    parts = Concat("kind", Value(UNIT_SEP), "state", Value(UNIT_SEP), "text", output_field=TextField())
    folded = (
        Condition.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(folded=StringAgg(parts, Value(RECORD_SEP), order_by=_ordered("id")))
        .values("folded")
    )
    return Subquery(folded, output_field=TextField())


def _sources_folded() -> Subquery:
    evidence = sources.evidence_model()
    parts = Concat(
        Cast("article_id", CharField()),
        Value(UNIT_SEP),
        "article__source_url",
        output_field=TextField(),
    )
    folded = (
        evidence.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(folded=StringAgg(parts, Value(RECORD_SEP), order_by=_ordered("article_id", "start")))
        .values("folded")
    )
    return Subquery(folded, output_field=TextField())


def export_values(pledges: QuerySet) -> QuerySet:
    """The filtered pledges as flat dicts with everything an export row needs, in one query."""
    unmet = Exists(Condition.objects.filter(pledge=OuterRef("pk")).exclude(state=ConditionState.MET))
    return pledges.annotate(
        x_actor_type=Case(
            When(actor_country__isnull=False, then=Value("country")),
            default=Value("organisation"),
            output_field=CharField(),
        ),
        x_actor_code=Coalesce(
            F("actor_country__code"), F("actor_organisation__slug"), output_field=CharField()
        ),
        x_actor_name=Coalesce(F("actor_country__name"), F("actor_organisation__name")),
        x_beneficiary_type=Case(
            When(beneficiary_country__isnull=False, then=Value("country")),
            When(beneficiary_organisation__isnull=False, then=Value("organisation")),
            default=Value(""),
            output_field=CharField(),
        ),
        x_beneficiary_code=Coalesce(
            F("beneficiary_country__code"), F("beneficiary_organisation__slug"), output_field=CharField()
        ),
        x_beneficiary_name=Coalesce(F("beneficiary_country__name"), F("beneficiary_organisation__name")),
        x_conditional=unmet,
        x_conditions=_conditions_folded(),
        x_sources=_sources_folded(),
    ).values(
        "id",
        "x_actor_type",
        "x_actor_code",
        "x_actor_name",
        "announced_by__name",
        "announced_by__slug",
        "x_beneficiary_type",
        "x_beneficiary_code",
        "x_beneficiary_name",
        "category",
        "status",
        "review_state",
        "summary",
        "amount_value",
        "amount_unit",
        "amount_approximate",
        "announced_on",
        "x_conditional",
        "x_conditions",
        "restates_id",
        "x_sources",
        "created_at",
        "updated_at",
    )


def unfold_conditions(folded: str | None) -> list[dict[str, str]]:
    if not folded:
        return []
    out = []
    for item in folded.split(RECORD_SEP):
        kind, state, text = item.split(UNIT_SEP, 2)
        out.append({"kind": kind, "state": state, "text": text})
    return out


def unfold_sources(folded: str | None) -> list[tuple[int, str]]:
    """(article id, Article.source_url) per article, in order, each article once."""
    if not folded:
        return []
    seen: dict[int, str] = {}
    for item in folded.split(RECORD_SEP):
        article_id, source_url = item.split(UNIT_SEP, 1)
        seen.setdefault(int(article_id), source_url)
    return list(seen.items())


# --- URLs without a reverse() per row ---------------------------------------------------------


def url_maker(request: HttpRequest | None, name: str) -> Callable[[int], str]:
    """A function pk -> absolute URL of the named route, reversing once (exports run it 10k× per file)."""
    sample = reverse(name, args=[987654321])
    if request is not None:
        sample = request.build_absolute_uri(sample)
    head, _, tail = sample.partition("987654321")
    return lambda pk: f"{head}{pk}{tail}"


# --- records ----------------------------------------------------------------------------------


class RecordBuilder:
    """Turns `export_values` rows into CSV rows or JSON records with absolute links."""

    def __init__(self, request: HttpRequest | None) -> None:
        self.pledge_url = url_maker(request, "pledges:pledge")
        self.article_url = url_maker(request, "articles:detail")
        self.api_url = url_maker(request, "pledges:api-pledge")

    def csv_row(self, row: dict[str, Any]) -> list[Any]:
        """The flat columns (CSV and XLSX), in COLUMNS order."""
        record = Record(self, row)
        return [column.value(record) for column in FLAT_COLUMNS]

    def json_record(self, row: dict[str, Any]) -> dict[str, Any]:
        """The same columns nested by their JSON path (the JSON export and the API)."""
        record = Record(self, row)
        out: dict[str, Any] = {}
        for column in JSON_COLUMNS:
            value = column.json_value(record) if column.json_value else column.value(record)
            head, _, leaf = column.json.partition(".")
            if leaf:
                if out.get(head, {}) is not None:
                    out.setdefault(head, {})[leaf] = value
            else:
                out[head] = value
        return out


class Record:
    """One export row with what several columns read: its conditions and sources, unfolded once."""

    __slots__ = ("builder", "conditions", "row", "sources")

    def __init__(self, builder: RecordBuilder, row: dict[str, Any]) -> None:
        self.builder, self.row = builder, row
        self.conditions = unfold_conditions(row["x_conditions"])
        self.sources = unfold_sources(row["x_sources"])

    def __getitem__(self, key: str) -> Any:
        return self.row[key]


@dataclass(frozen=True)
class Column:
    """One export column: its flat name and value (CSV, XLSX), its place in a JSON record (a key,
    or "object.key"), and the JSON value when it is richer than the flat one (a list, an object)."""

    name: str
    value: Callable[[Record], Any]
    json: str = ""  # "" = flat only
    json_value: Callable[[Record], Any] | None = None
    width: int = 14  # XLSX column width
    flat: bool = True  # False = JSON only


def _amount(r: Record) -> dict[str, Any] | None:
    if r["amount_value"] is None:
        return None
    return {"value": str(r["amount_value"]), "unit": r["amount_unit"], "approximate": r["amount_approximate"]}


def _beneficiary(r: Record) -> dict[str, Any] | None:
    if not r["x_beneficiary_type"]:
        return None
    return {"type": r["x_beneficiary_type"], "code": r["x_beneficiary_code"], "name": r["x_beneficiary_name"]}


def _leader(r: Record) -> dict[str, Any] | None:
    if not r["announced_by__slug"]:
        return None
    return {"name": r["announced_by__name"], "slug": r["announced_by__slug"]}


COLUMNS: tuple[Column, ...] = (
    Column("id", lambda r: r["id"], "id"),
    Column("url", lambda r: r.builder.pledge_url(r["id"]), "url", width=40),
    Column("api_url", lambda r: r.builder.api_url(r["id"]), "api_url", flat=False),
    Column("actor_type", lambda r: r["x_actor_type"], "actor.type"),
    Column("actor_code", lambda r: r["x_actor_code"], "actor.code"),
    Column("actor_name", lambda r: r["x_actor_name"], "actor.name"),
    Column("announced_by", lambda r: r["announced_by__name"] or "", "announced_by", _leader),
    Column("beneficiary_type", lambda r: r["x_beneficiary_type"], "beneficiary", _beneficiary),
    Column("beneficiary_code", lambda r: r["x_beneficiary_code"] or ""),
    Column("beneficiary_name", lambda r: r["x_beneficiary_name"] or ""),
    Column("category", lambda r: r["category"], "category"),
    Column("status", lambda r: r["status"], "status"),
    Column("review_state", lambda r: r["review_state"], "review_state"),
    Column("summary", lambda r: r["summary"], "summary", width=60),
    Column("amount_value", lambda r: r["amount_value"], "amount", _amount),
    Column("amount_unit", lambda r: r["amount_unit"]),
    Column("amount_approximate", lambda r: r["amount_approximate"] if r["amount_value"] is not None else ""),
    Column("announced_on", lambda r: r["announced_on"], "announced_on"),
    Column("conditional", lambda r: bool(r["x_conditional"]), "conditional"),
    Column(
        "conditions",
        lambda r: "; ".join(f"{c['kind']} ({c['state']}): {c['text']}" for c in r.conditions),
        "conditions",
        lambda r: r.conditions,
        width=50,
    ),
    Column("restates_id", lambda r: r["restates_id"] or "", "restates", lambda r: r["restates_id"]),
    Column(
        "evidence_urls",
        lambda r: " ".join(r.builder.article_url(article_id) for article_id, _ in r.sources),
        "sources",
        lambda r: [
            {"article_url": r.builder.article_url(article_id), "source_url": source_url}
            for article_id, source_url in r.sources
        ],
        width=40,
    ),
    Column("source_urls", lambda r: " ".join(url for _, url in r.sources if url), width=40),
    Column("created_at", lambda r: r["created_at"], "created_at"),
    Column("updated_at", lambda r: r["updated_at"], "updated_at"),
)
FLAT_COLUMNS = tuple(column for column in COLUMNS if column.flat)
JSON_COLUMNS = tuple(column for column in COLUMNS if column.json)
CSV_COLUMNS = [column.name for column in FLAT_COLUMNS]


# --- writers ----------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() returns the text, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value: Any) -> Any:
    # Text from news articles must not become a spreadsheet formula when the CSV is opened.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, bool):
        return "true" if value else "false"
    return _defuse(value)


def csv_stream(rows: Iterable[dict[str, Any]], builder: RecordBuilder) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in builder.csv_row(row)])


def json_stream(
    rows: Iterable[dict[str, Any]], builder: RecordBuilder, header: dict[str, Any]
) -> Iterator[str]:
    """`{...header, "results": [ ... ]}` written record by record."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    opening = encoder.encode(header)
    yield opening[:-1] + (', "results": [' if header else '"results": [')
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + encoder.encode(builder.json_record(row))
        first = False
    yield "\n]}\n"


def xlsx_file(rows: Iterable[dict[str, Any]], builder: RecordBuilder, title: str) -> Any:
    """A temporary file holding the workbook (openpyxl write-only mode: rows are not kept in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pledges")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(FLAT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for name in CSV_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v, WriteOnlyCell) for v in builder.csv_row(row)])
    about = workbook.create_sheet("About")
    about.append(["Filter", title])
    about.append(["Exported at (UTC)", timezone.now().astimezone(dt.UTC).replace(tzinfo=None)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_cell(sheet: Any, value: Any, cell_class: type) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    if isinstance(value, str):
        value = value[:32767]  # Excel's cell limit
        if value.startswith("="):
            cell = cell_class(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise write it as a formula
            return cell
    return value


# --- the view ---------------------------------------------------------------------------------


def filtered_pledges(request: HttpRequest) -> tuple[PledgeFilterSet, QuerySet]:
    """The FilterSet over the request's GET parameters and its queryset (pages, exports, API, feed)."""
    filterset = PledgeFilterSet(request.GET, queryset=Pledge.objects.all(), request=request)
    return filterset, filterset.qs


@require_GET
@accepts_token
@read_access
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """`/pledges/export.<csv|xlsx|json>?<filters>`: the list a page shows, as a file."""
    if fmt not in FORMATS:
        return HttpResponseBadRequest(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    filterset, pledges = filtered_pledges(request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            json.dumps({"errors": filterset.errors.get_json_data()}), content_type="application/json"
        )
    rows = export_values(pledges).iterator(chunk_size=CHUNK_SIZE)
    builder = RecordBuilder(request)
    filename = f"{filterset.filename()}.{fmt}"
    if fmt == "xlsx":
        handle = xlsx_file(rows, builder, filterset.describe())
        return FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(rows, builder), content_type="text/csv; charset=utf-8")
    else:
        header = {
            "description": filterset.describe(),
            "filters": filterset.params(),
            "exported_at": timezone.now(),
        }
        response = StreamingHttpResponse(
            json_stream(rows, builder, header), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
