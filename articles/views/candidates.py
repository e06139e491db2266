"""New names extraction found: leader and organisation candidates, served by one set of views.

A `CandidateKind` says everything that differs between the two kinds (model, forms, permissions,
the decision functions, wording); the views and the queue's one template partial take the kind from
the URL. Forms render with `as_field_group`; their choice lists are loaded once per page and shared
by every form on it, so the queue's query count does not grow with the number of candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import candidates
from articles.forms import (
    AcceptCandidateForm,
    AcceptOrganisationCandidateForm,
    AliasCandidateForm,
    AliasOrganisationCandidateForm,
)
from articles.models import CandidateState, LeaderCandidate, OrganisationCandidate
from articles.review import ReviewError
from articles.views.common import REVIEW, require
from pledges.htmx import htmx_partial
from pledges.models import Country, Leader, Organisation


def _accept_leader(candidate: LeaderCandidate, user, data: dict) -> str:
    leader = candidates.accept_candidate(
        candidate,
        user,
        name=data["name"],
        country=data["country"],
        office=data["office"],
        organisation=data["organisation"],
        start=data["start"],
    )
    return f"{leader.name} added as a leader; the article was re-run."


def _alias_leader(candidate: LeaderCandidate, user, data: dict) -> str:
    leader = data["leader"]
    candidates.alias_candidate(candidate, user, leader)
    return f"“{candidate.name}” is now a name of {leader.name}; the article was re-run."


def _accept_organisation(candidate: OrganisationCandidate, user, data: dict) -> str:
    organisation = candidates.accept_org_candidate(
        candidate, user, name=data["name"], kind=data["kind"], full_name=data["full_name"]
    )
    return f"{organisation.name} added as an organisation; its articles are extracted again."


def _alias_organisation(candidate: OrganisationCandidate, user, data: dict) -> str:
    organisation = data["organisation"]
    candidates.alias_org_candidate(candidate, user, organisation)
    return f"“{candidate.name}” is now a name of {organisation.name}; its articles are extracted again."


@dataclass(frozen=True)
class CandidateKind:
    """What differs between leader and organisation candidates; the rest is one code path."""

    slug: str  # in the URL
    model: type[models.Model]
    anchor: str  # the element id prefix in the queue ("candidate-12")
    prefix: str  # form prefix letter ("c12-name")
    noun: str  # "leader", "organisation"
    accept_form: type[forms.Form]
    alias_form: type[forms.Form]
    accept_perms: tuple[str, ...]
    alias_perms: tuple[str, ...]
    accept: Callable[..., str]
    alias: Callable[..., str]
    entity_field: str  # the candidate's link to what it became
    related: tuple[str, ...] = field(default=())

    def form_prefix(self, candidate: models.Model) -> str:
        return f"{self.prefix}{candidate.pk}"

    def initial(self, candidate: models.Model) -> dict:
        """The accept form starts from what extraction read: the name, and title and country or kind."""
        if self.model is LeaderCandidate:
            return {"name": candidate.name, "country": candidate.country_id, "office": candidate.title}
        return {"name": candidate.name, "kind": candidate.kind}


CHANGE = {
    "leader": "articles.change_leadercandidate",
    "organisation": "articles.change_organisationcandidate",
}
KINDS = {
    "leader": CandidateKind(
        slug="leader",
        model=LeaderCandidate,
        anchor="candidate",
        prefix="c",
        noun="leader",
        accept_form=AcceptCandidateForm,
        alias_form=AliasCandidateForm,
        accept_perms=("pledges.add_leader", CHANGE["leader"]),
        alias_perms=("pledges.add_leaderalias", CHANGE["leader"]),
        accept=_accept_leader,
        alias=_alias_leader,
        entity_field="leader",
        related=("article", "country"),
    ),
    "organisation": CandidateKind(
        slug="organisation",
        model=OrganisationCandidate,
        anchor="org-candidate",
        prefix="o",
        noun="organisation",
        accept_form=AcceptOrganisationCandidateForm,
        alias_form=AliasOrganisationCandidateForm,
        accept_perms=("pledges.add_organisation", CHANGE["organisation"]),
        alias_perms=("pledges.add_organisationalias", CHANGE["organisation"]),
        accept=_accept_organisation,
        alias=_alias_organisation,
        entity_field="organisation",
    ),
}


@dataclass
class CandidateRow:
    """One candidate as the queue shows it: its kind, its two forms, and a message after a decision."""

    candidate: models.Model
    kind: CandidateKind
    accept_form: forms.Form
    alias_form: forms.Form
    message: str = ""

    @property
    def entity(self) -> models.Model | None:
        return getattr(self.candidate, self.kind.entity_field)


def entity_choices() -> dict[str, list[tuple]]:
    """The lists the candidate forms choose from, loaded once per page rather than once per form."""
    blank = [("", "—")]
    return {
        "country": blank + [(c.pk, c.name) for c in Country.objects.only("pk", "name")],
        "organisation": blank + [(o.pk, o.name) for o in Organisation.objects.only("pk", "name")],
        "leader": [("", "choose a leader…")] + [(p.pk, p.name) for p in Leader.objects.only("pk", "name")],
    }


def _with_choices(form: forms.Form, choices: dict[str, list[tuple]]) -> forms.Form:
    for name, options in choices.items():
        if name in form.fields and isinstance(form.fields[name], forms.ModelChoiceField):
            form.fields[name].choices = options  # rendered from the shared list; validated by the queryset
    if "organisation" in form.fields and form.fields["organisation"].required:
        form.fields["organisation"].choices = [("", "choose an organisation…"), *choices["organisation"][1:]]
    return form


def row_for(
    kind: CandidateKind, candidate: models.Model, choices: dict, data=None, bound: str = "", message: str = ""
) -> CandidateRow:
    """The row with fresh forms, or with the posted one (`bound`: accept or alias) showing its errors."""
    prefix = kind.form_prefix(candidate)
    accept = kind.accept_form(
        data if bound == "accept" else None, prefix=prefix, initial=kind.initial(candidate)
    )
    alias = kind.alias_form(data if bound == "alias" else None, prefix=prefix)
    return CandidateRow(
        candidate, kind, _with_choices(accept, choices), _with_choices(alias, choices), message
    )


def candidate_rows(groups: list) -> list:
    """Give each queue group its candidate rows (leaders first), sharing one set of choice lists."""
    choices = entity_choices()
    for group in groups:
        group.candidate_rows = [row_for(KINDS["leader"], c, choices) for c in group.candidates] + [
            row_for(KINDS["organisation"], c, choices) for c in group.organisation_candidates
        ]
    return groups


def _kind_and_candidate(kind: str, pk: int) -> tuple[CandidateKind, models.Model]:
    if kind not in KINDS:
        raise Http404("No such kind of candidate.")
    spec = KINDS[kind]
    queryset = spec.model.objects.select_related(*spec.related) if spec.related else spec.model.objects
    return spec, get_object_or_404(queryset, pk=pk, state=CandidateState.PENDING)


def _check(request: HttpRequest, perms: tuple[str, ...]) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def _respond(request: HttpRequest, row: CandidateRow, level: int = messages.SUCCESS) -> HttpResponse:
    """HTMX: the row in place (a form with its errors comes back as 200, which HTMX swaps). Plain form:
    back to the queue at the candidate, or the candidate's own page when a form needs correcting."""
    invalid = row.accept_form.is_bound or row.alias_form.is_bound
    if htmx_partial(request):
        return render(request, "articles/review_queue.html#candidate", {"row": row, "message": row.message})
    if invalid:
        return render(request, "articles/candidate.html", {"row": row})
    messages.add_message(request, level, row.message)
    return redirect(f"{reverse('articles:review')}#{row.kind.anchor}-{row.candidate.pk}")


def _decide(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    spec, candidate = _kind_and_candidate(kind, pk)
    _check(request, spec.accept_perms if action == "accept" else spec.alias_perms)
    choices = entity_choices()
    form_class = spec.accept_form if action == "accept" else spec.alias_form
    form = form_class(request.POST, prefix=spec.form_prefix(candidate))
    if not form.is_valid():
        return _respond(request, row_for(spec, candidate, choices, request.POST, bound=action))
    decide = spec.accept if action == "accept" else spec.alias
    try:
        message, level = decide(candidate, request.user, form.cleaned_data), messages.SUCCESS
    except ReviewError as exc:
        message, level = str(exc), messages.ERROR
    candidate.refresh_from_db()
    return _respond(request, row_for(spec, candidate, choices, message=message), level)


@require(REVIEW)
@require_POST
def candidate_accept(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Accept the name as a new leader or organisation; its articles are extracted again."""
    return _decide(request, kind, pk, "accept")


@require(REVIEW)
@require_POST
def candidate_alias(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Attach the name to an existing leader or organisation; its articles are extracted again."""
    return _decide(request, kind, pk, "alias")


@require(REVIEW)
@require_POST
def candidate_dismiss(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Not worth tracking: the name is not proposed again for this article."""
    spec, candidate = _kind_and_candidate(kind, pk)
    _check(request, (CHANGE[spec.slug],))
    try:
        candidates.dismiss_candidate(candidate, request.user)
        message, level = f"“{candidate.name}” dismissed.", messages.SUCCESS
    except ReviewError as exc:
        message, level = str(exc), messages.ERROR
    candidate.refresh_from_db()
    return _respond(request, row_for(spec, candidate, entity_choices(), message=message), level)
