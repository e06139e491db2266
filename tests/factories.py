"""Factories for every model, so tests say only what matters to them."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, EntityMention, Evidence, LeaderCandidate, OrganisationCandidate
from pledges.models import (
    Condition,
    Country,
    CountryAlias,
    ExchangeRate,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Pledge,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


def _code(n: int, width: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        out = letters[n % 26] + out
        n //= 26
    return out


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: "Q" + _code(n, 1) if n < 26 else "X" + _code(n, 1))
    alpha3 = factory.LazyAttribute(lambda o: o.code + "X")
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")


class CountryAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryAlias

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = "ad_hoc_coalition"


class OrganisationAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAlias

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Org alias {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    country = factory.SubFactory(CountryFactory)
    joined = dt.date(2025, 3, 2)


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"Leader Person{n}")
    slug = factory.Sequence(lambda n: f"leader-person{n}")
    country = factory.SubFactory(CountryFactory)


class LeaderAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderAlias

    leader = factory.SubFactory(LeaderFactory)
    name = factory.Sequence(lambda n: f"Person{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    leader = factory.SubFactory(LeaderFactory)
    title = "Prime Minister"
    country = factory.LazyAttribute(lambda o: o.leader.country)
    start = dt.date(2024, 7, 5)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    actor_country = factory.SubFactory(CountryFactory)
    beneficiary_country = factory.SubFactory(CountryFactory)
    category = "military"
    summary = factory.Sequence(lambda n: f"Pledge number {n} to send equipment.")
    announced_on = dt.date(2026, 1, 6)
    review_state = "confirmed"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    pledge = factory.SubFactory(PledgeFactory)
    kind = "ceasefire"
    text = "once a ceasefire is in place"


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    month = dt.date(2026, 1, 1)
    currency = "EUR"
    usd_per_unit = "1.04"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    text = factory.Sequence(lambda n: f"Article {n}. France pledged support to Ukraine on Tuesday.")
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())
    title = factory.Sequence(lambda n: f"Article {n}")
    original_name = factory.Sequence(lambda n: f"article-{n}.txt")
    content_type = "text/plain"
    size = factory.LazyAttribute(lambda o: len(o.text.encode()))
    state = "done"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    pledge = factory.SubFactory(PledgeFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = factory.LazyAttribute(lambda o: o.article.text[:20])
    start = 0
    end = 20


class EntityMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityMention

    article = factory.SubFactory(ArticleFactory)
    kind = "country"
    country = factory.SubFactory(CountryFactory)
    text = "France"
    start = 0
    end = 6


class LeaderCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderCandidate

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Candidate Person{n}")
    title = "envoy"
    start = 0
    end = 10


class OrganisationCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationCandidate

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Candidate Relief Fund {n}")
    kind = "international_organisation"
    start = 0
    end = 10


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row; its key is unknown (use pledges.tokens.create_token for one that works)."""

    class Meta:
        model = "pledges.ApiToken"

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"script {n}")
    prefix = factory.Sequence(lambda n: f"pw_{n:07d}")
    digest = factory.Sequence(lambda n: f"{n:064x}")
