"""bench_views runs end to end on a small synthetic database and reports every target."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_bench_reports_each_target_and_cleans_up(roles):
    for i, code in enumerate(["US", "GB", "DE", "FR", "PL", "UA"]):
        CountryFactory(code=code, alpha3=f"{code}X", name=f"Country {i}")
    call_command(
        "generate_synthetic_data",
        "--countries",
        "5",
        "--coalition-members",
        "3",
        "--pledges",
        "60",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "bench_views", "--repeat", "1", "--only", "list page,export csv 10k,api list 500,feed", stdout=out
    )
    report = out.getvalue()
    for name in ("list page", "export csv 10k", "api list 500", "feed"):
        line = next(line for line in report.splitlines() if line.startswith(name))
        assert "ERROR" not in line and "HTTP" not in line, line
    assert "median ms" in report and "queries" in report
    assert not get_user_model().objects.filter(username__startswith="bench-views").exists()


def test_bench_needs_the_synthetic_coalition(db):
    with pytest.raises(CommandError, match="generate_synthetic_data"):
        call_command("bench_views", stdout=StringIO())
