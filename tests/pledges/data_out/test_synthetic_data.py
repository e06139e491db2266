"""generate_synthetic_data: counts, distributions roughly right, clearly marked, safe to re-run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pledges.models import Condition, Country, Membership, Organisation, Pledge
from tests.factories import CountryFactory, EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db

SLUG = "synthetic-coalition-benchmark"


@pytest.fixture
def countries(db) -> None:
    for i, code in enumerate(["US", "GB", "DE", "FR", "PL", "JP", "UA", "BR", "IN", "ZA", "MX", "EG"]):
        CountryFactory(code=code, alpha3=f"{code}X", name=f"Country {i}")


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_synthetic_data", *args, stdout=out)
    return out.getvalue()


def test_small_run_counts_and_marking(countries):
    real = PledgeFactory(summary="A real pledge")
    output = generate("--countries", "8", "--coalition-members", "5", "--pledges", "200", "--seed", "3")
    synthetic = Pledge.objects.exclude(pk=real.pk)
    assert synthetic.count() == 200
    assert all(s.startswith("[synthetic] ") for s in synthetic.values_list("summary", flat=True))
    coalition = Organisation.objects.get(slug=SLUG)
    assert coalition.name == "Synthetic Coalition (benchmark)"
    assert coalition.kind == "ad_hoc_coalition"
    assert "SYNTHETIC" in coalition.description
    assert Membership.objects.filter(organisation=coalition).count() == 5
    assert not synthetic.filter(actor_country__code="UA").exists()  # the beneficiary is not an actor
    assert synthetic.values("actor_country").distinct().count() <= 8 + 1
    assert synthetic.filter(restates__isnull=False).count() == 10
    restatement = synthetic.filter(restates__isnull=False).select_related("restates").first()
    assert restatement.announced_on >= restatement.restates.announced_on
    conditional = synthetic.filter(conditions__isnull=False).distinct().count()
    assert 30 <= conditional <= 90  # ~30 %
    assert synthetic.filter(review_state="confirmed").count() > 150
    assert synthetic.values("category").distinct().count() >= 6
    assert synthetic.exclude(amount_unit="").values("amount_unit").distinct().count() >= 4
    years = {d.year for d in synthetic.values_list("announced_on", flat=True)}
    assert years <= {2022, 2023, 2024, 2025, 2026} and len(years) >= 4
    assert "Created 200 synthetic pledges" in output


def test_same_seed_same_data(countries):
    generate("--countries", "6", "--coalition-members", "3", "--pledges", "50", "--seed", "7")
    fields = ("actor_country__code", "category", "amount_value", "amount_unit", "announced_on", "status")
    first = list(Pledge.objects.order_by("id").values_list(*fields))
    generate("--countries", "6", "--coalition-members", "3", "--pledges", "50", "--seed", "7", "--replace")
    assert list(Pledge.objects.order_by("id").values_list(*fields)) == first


def test_refuses_to_run_twice_and_replace_leaves_real_data(countries):
    real = PledgeFactory(summary="Real")
    EvidenceFactory(pledge=real)
    generate("--countries", "6", "--coalition-members", "3", "--pledges", "40")
    with pytest.raises(CommandError, match="--replace"):
        generate("--countries", "6", "--coalition-members", "3", "--pledges", "40")
    generate("--countries", "6", "--coalition-members", "3", "--pledges", "30", "--replace")
    assert Pledge.objects.count() == 31
    assert Organisation.objects.filter(slug=SLUG).count() == 1
    generate("--remove")
    assert list(Pledge.objects.all()) == [real]
    assert real.evidence.count() == 1
    assert not Condition.objects.filter(pledge__summary__startswith="[synthetic]").exists()
    assert not Organisation.objects.filter(slug=SLUG).exists()


def test_needs_reference_countries(db):
    Country.objects.all().delete()
    with pytest.raises(CommandError, match="load_reference_data"):
        generate("--pledges", "10")
