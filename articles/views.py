"""Article pages for editors: upload with live status, the article list, the review queue.

Views stay thin: checks and writes live in forms, `articles.services` and `articles.review`.
Every view checks its permission on the server (see `require`); an HTMX request that is not
boosted gets the partial, everyone else the full page that includes the same partial.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from articles import review, services
from articles.forms import (
    AcceptCandidateForm,
    AcceptOrganisationCandidateForm,
    AliasCandidateForm,
    AliasOrganisationCandidateForm,
    BulkReviewForm,
    ConditionFormSet,
    PledgeEditForm,
    RejectForm,
    RestatesForm,
    UploadForm,
)
from articles.highlight import Span, highlight
from articles.models import Article, ArticleState, CandidateState, LeaderCandidate, OrganisationCandidate
from articles.upload_limits import reports_upload_limits
from pledges.access import read_access
from pledges.choices import OrganisationKind
from pledges.htmx import htmx_partial
from pledges.models import Condition, Country, Leader, Organisation, Pledge

UPLOAD = "articles.add_article"
REQUEUE = "articles.change_article"
REVIEW = "pledges.review_pledge"
ARTICLES_PER_PAGE = 50
GROUPS_PER_PAGE = 10


def require(*perms: str) -> Callable:
    """Anonymous users go to the login page; logged-in users without the permissions get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# ---------------------------------------------------------------------------------------------
# Articles


@read_access
def article_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original upload, only through this permission check and always as a download."""
    article = get_object_or_404(Article, pk=pk)
    if not article.file:
        raise Http404("This article was pasted as text; there is no file.")
    return FileResponse(
        article.file.open("rb"),
        as_attachment=True,
        filename=article.original_name or f"article-{article.pk}",
        content_type="application/octet-stream",
    )


@read_access
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("uploaded_by"), pk=pk)
    evidence = list(
        article.evidence.select_related(
            "pledge__actor_country", "pledge__actor_organisation", "pledge__beneficiary_country"
        ).exclude(pledge__review_state="rejected")
    )
    context = {
        "article": article,
        "evidence": evidence,
        "highlighted": highlighted_text(article, evidence, request.GET.get("ev")),
        "can_requeue": request.user.has_perm(REQUEUE),
    }
    return render(request, "articles/article_detail.html", context)


def _entity(mention: object) -> object:
    return mention.country or mention.organisation or mention.leader


def highlighted_text(article: Article, evidence: list, current: str | None) -> str:
    """The article text with pledge sentences and entity mentions marked, every piece escaped."""
    spans = [
        Span(ev.start, ev.end, "evidence", ev.pk, f"Pledge #{ev.pledge_id}: {ev.pledge.actor_name}")
        for ev in evidence
    ]
    spans += [
        Span(m.start, m.end, m.kind, title=f"{m.get_kind_display()}: {_entity(m)}")
        for m in article.mentions.select_related("country", "organisation", "leader")
    ]
    return highlight(article.text, spans, int(current) if current and current.isdigit() else None)


@reports_upload_limits
@require(UPLOAD)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Store every file (and the pasted text) and show one live row per upload."""
    if request.method == "POST":
        # A refused request has empty POST and FILES: the form shows the refusal and nothing is stored.
        form = UploadForm(request.POST, request.FILES, refusal=getattr(request, "upload_refusal", None))
        if form.is_valid():
            new, duplicates = _store_all(request, form.cleaned_data)
            query = urlencode([("new", pk) for pk in new] + [("dup", pk) for pk in duplicates])
            return HttpResponseRedirect(f"{reverse('articles:upload')}?{query}")
    else:
        form = UploadForm()
    return render(request, "articles/upload.html", {"form": form, "rows": _batch_rows(request)})


def _store_all(request: HttpRequest, data: dict) -> tuple[list[int], list[int]]:
    new, duplicates = [], []
    uploads = [(f.data, f.name, False) for f in data["files"]]
    if data["text"]:
        uploads.append((data["text"].encode("utf-8"), "", True))
    single = len(uploads) == 1
    for payload, name, as_text in uploads:
        stored = services.store_upload(
            payload,
            original_name=name,
            uploaded_by=request.user,
            # Title, date and URL describe one article: they apply to pasted text, or a lone file.
            title=data["title"] if (as_text or single) else "",
            published_on=data["published_on"] if (as_text or single) else None,
            source_url=data["source_url"] if (as_text or single) else "",
            as_text=as_text,
        )
        (new if stored.created else duplicates).append(stored.article.pk)
    return new, duplicates


def _ids(request: HttpRequest, key: str) -> list[int]:
    return [int(v) for v in request.GET.getlist(key) if v.isdigit()][:100]


def _batch_rows(request: HttpRequest) -> list[dict]:
    new, duplicates = _ids(request, "new"), _ids(request, "dup")
    articles = Article.objects.in_bulk(new + duplicates)
    rows = [{"article": articles[pk], "duplicate": False} for pk in new if pk in articles]
    rows += [{"article": articles[pk], "duplicate": True} for pk in duplicates if pk in articles]
    return rows


@require(UPLOAD)
@require_GET
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One article's row; polling stops (286) once the article is done or failed."""
    article = get_object_or_404(Article, pk=pk)
    context = {
        "row": {"article": article, "duplicate": request.GET.get("duplicate") == "1"},
        "selectable": request.GET.get("select") == "1",
        "can_requeue": request.user.has_perm(REQUEUE),
    }
    response = render(request, "articles/upload.html#status-row", context)
    if article.is_finished and htmx_partial(request):
        stop = HttpResponseStopPolling(response.content)
        stop["Content-Type"] = response["Content-Type"]
        return stop
    return response


@require(UPLOAD)
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    articles = Article.objects.select_related("uploaded_by")
    if state in ArticleState.values:
        articles = articles.filter(state=state)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [{"article": a, "duplicate": False} for a in page],
        "state": state,
        "states": ArticleState.choices,
        "can_requeue": request.user.has_perm(REQUEUE),
    }
    if htmx_partial(request):
        return render(request, "articles/article_list.html#article-table", context)
    return render(request, "articles/article_list.html", context)


@require(REQUEUE)
@require_POST
def article_requeue(request: HttpRequest) -> HttpResponse:
    """Retry failed articles or run extraction again on finished ones (one or many)."""
    ids = [int(v) for v in request.POST.getlist("articles") if v.isdigit()]
    count = services.requeue(Article.objects.filter(pk__in=ids)) if ids else 0
    if htmx_partial(request) and len(ids) == 1:
        article = get_object_or_404(Article, pk=ids[0])
        context = {
            "row": {"article": article, "duplicate": False},
            "selectable": request.POST.get("select") == "1",
            "can_requeue": True,
        }
        return render(request, "articles/upload.html#status-row", context)
    if count:
        messages.success(request, f"{count} article{'s' if count != 1 else ''} queued for extraction.")
    else:
        messages.info(request, "Nothing to queue: select finished articles.")
    return redirect(_safe_next(request, reverse("articles:list")))


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# ---------------------------------------------------------------------------------------------
# Review queue


@require(REVIEW)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(review.queue_articles(), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "groups": review.build_groups(list(page)),
        "waiting": review.queue_pledges().count(),
        "bulk_form": BulkReviewForm(),
        **_entity_choices(),
    }
    return render(request, "articles/review_queue.html", context)


def _card(request: HttpRequest, pledge: Pledge, **extra) -> HttpResponse:
    """The pledge's card for HTMX, or back to the queue at the card for a plain form post."""
    if htmx_partial(request):
        # The card, plus the queue's count swapped out of band so the heading stays right.
        context = {
            "item": review.review_item(pledge.pk),
            "waiting": review.queue_pledges().count(),
            "oob": True,
            **extra,
        }
        return render(request, "articles/review_queue.html#pledge-card", context)
    return redirect(f"{reverse('articles:review')}#pledge-{pledge.pk}")


def _pending_pledge(pk: int) -> Pledge:
    return get_object_or_404(Pledge, pk=pk)


@require(REVIEW)
@require_POST
def pledge_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pending_pledge(pk)
    review.confirm(pledge, request.user)
    if not htmx_partial(request):
        messages.success(request, f"Pledge #{pledge.pk} confirmed.")
    return _card(request, pledge)


@require(REVIEW)
@require_POST
def pledge_reject(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pending_pledge(pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    review.reject(pledge, request.user, reason)
    if not htmx_partial(request):
        messages.success(request, f"Pledge #{pledge.pk} rejected.")
    return _card(request, pledge)


@require(REVIEW)
@require_GET
def pledge_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card on its own (HTMX: cancel an edit); a plain request goes to the queue."""
    return _card(request, _pending_pledge(pk))


@require(REVIEW, "pledges.change_pledge")
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.with_related(), pk=pk)
    prefix = f"p{pledge.pk}"
    if request.method == "POST":
        form = PledgeEditForm(request.POST, instance=pledge, prefix=prefix)
        conditions = ConditionFormSet(request.POST, instance=pledge, prefix=f"{prefix}-cond")
        if form.is_valid() and conditions.is_valid():
            review.save_edit(form, conditions, request.user)
            if not htmx_partial(request):
                messages.success(request, f"Pledge #{pledge.pk} saved.")
            return _card(request, pledge, saved=True)
    else:
        form = PledgeEditForm(instance=pledge, prefix=prefix)
        conditions = ConditionFormSet(instance=pledge, prefix=f"{prefix}-cond")
    context = {"pledge": pledge, "form": form, "conditions": conditions}
    if htmx_partial(request):
        return render(request, "articles/review_queue.html#pledge-edit", context)
    return render(request, "articles/pledge_edit.html", context)


@require(REVIEW)
@require_POST
def pledge_restates(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pending_pledge(pk)
    form = RestatesForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            review.link_restatement(pledge, form.cleaned_data["restates"], request.user)
        except review.ReviewError as exc:
            error = str(exc)
    else:
        error = "There is no such pledge to link to."
    if error and not htmx_partial(request):
        messages.error(request, error)
    return _card(request, pledge, restates_error=error)


@require(REVIEW)
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        count = review.bulk_review(data["pledges"], request.user, data["action"], data["reason"])
        verb = "confirmed" if data["action"] == "confirm" else "rejected"
        messages.success(request, f"{count} pledge{'s' if count != 1 else ''} {verb}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_safe_next(request, reverse("articles:review")))


@require(REVIEW)
@require_GET
def pledge_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what on a pledge and its conditions, newest first, with field-by-field diffs."""
    pledge = get_object_or_404(Pledge.objects.with_related(), pk=pk)
    records = list(pledge.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changes = [(c.field, c.old, c.new) for c in delta.changes if c.field != "updated_at"]
        entries.append({"record": newer, "changes": changes})
    condition_records = Condition.history.filter(pledge_id=pledge.pk).select_related("history_user")
    context = {"pledge": pledge, "entries": entries, "condition_records": condition_records}
    return render(request, "articles/pledge_history.html", context)


# ---------------------------------------------------------------------------------------------
# Leader candidates


def _candidate(pk: int) -> LeaderCandidate:
    return get_object_or_404(
        LeaderCandidate.objects.select_related("article", "country"), pk=pk, state=CandidateState.PENDING
    )


# The queue's partial (and anchor) for each kind of candidate.
CANDIDATE_PARTIALS = {LeaderCandidate: "candidate", OrganisationCandidate: "org-candidate"}


def _candidate_done(
    request: HttpRequest,
    candidate: LeaderCandidate | OrganisationCandidate,
    message: str,
    level: int = messages.SUCCESS,
) -> HttpResponse:
    partial = CANDIDATE_PARTIALS[type(candidate)]
    if htmx_partial(request):
        candidate.refresh_from_db()
        context = {"candidate": candidate, "message": message}
        return render(request, f"articles/review_queue.html#{partial}", context)
    messages.add_message(request, level, message)
    return redirect(f"{reverse('articles:review')}#{partial}-{candidate.pk}")


def _candidate_invalid(
    request: HttpRequest, candidate: LeaderCandidate | OrganisationCandidate, **forms
) -> HttpResponse:
    # HTMX swaps only 2xx responses by default, so the form with its errors comes back as 200.
    organisation = isinstance(candidate, OrganisationCandidate)
    context = {"candidate": candidate, "organisation_candidate": organisation, **_entity_choices(), **forms}
    if htmx_partial(request):
        return render(request, f"articles/review_queue.html#{CANDIDATE_PARTIALS[type(candidate)]}", context)
    return render(request, "articles/candidate.html", context)


def _entity_choices() -> dict:
    """The lists candidate forms choose from, loaded once per page rather than once per form."""
    return {
        "countries": list(Country.objects.only("pk", "name")),
        "organisations": list(Organisation.objects.only("pk", "name")),
        "leaders": list(Leader.objects.only("pk", "name")),
        "organisation_kinds": OrganisationKind.choices,
    }


@require(REVIEW, "pledges.add_leader", "articles.change_leadercandidate")
@require_POST
def candidate_accept(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    form = AcceptCandidateForm(request.POST, prefix=f"c{pk}")
    if not form.is_valid():
        return _candidate_invalid(request, candidate, accept_form=form)
    data = form.cleaned_data
    try:
        leader = review.accept_candidate(
            candidate,
            request.user,
            name=data["name"],
            country=data["country"],
            office=data["office"],
            organisation=data["organisation"],
            start=data["start"],
        )
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(request, candidate, f"{leader.name} added as a leader; the article was re-run.")


@require(REVIEW, "pledges.add_leaderalias", "articles.change_leadercandidate")
@require_POST
def candidate_alias(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    form = AliasCandidateForm(request.POST, prefix=f"c{pk}")
    if not form.is_valid():
        return _candidate_invalid(request, candidate, alias_form=form)
    leader = form.cleaned_data["leader"]
    try:
        review.alias_candidate(candidate, request.user, leader)
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(
        request, candidate, f"“{candidate.name}” is now a name of {leader.name}; the article was re-run."
    )


@require(REVIEW, "articles.change_leadercandidate")
@require_POST
def candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(pk)
    try:
        review.dismiss_candidate(candidate, request.user)
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(request, candidate, f"“{candidate.name}” dismissed.")


# ---------------------------------------------------------------------------------------------
# Organisation candidates


def _org_candidate(pk: int) -> OrganisationCandidate:
    return get_object_or_404(OrganisationCandidate, pk=pk, state=CandidateState.PENDING)


@require(REVIEW, "pledges.add_organisation", "articles.change_organisationcandidate")
@require_POST
def org_candidate_accept(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _org_candidate(pk)
    form = AcceptOrganisationCandidateForm(request.POST, prefix=f"o{pk}")
    if not form.is_valid():
        return _candidate_invalid(request, candidate, accept_form=form)
    data = form.cleaned_data
    try:
        organisation = review.accept_org_candidate(
            candidate, request.user, name=data["name"], kind=data["kind"], full_name=data["full_name"]
        )
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(
        request, candidate, f"{organisation.name} added as an organisation; its articles are extracted again."
    )


@require(REVIEW, "pledges.add_organisationalias", "articles.change_organisationcandidate")
@require_POST
def org_candidate_alias(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _org_candidate(pk)
    form = AliasOrganisationCandidateForm(request.POST, prefix=f"o{pk}")
    if not form.is_valid():
        return _candidate_invalid(request, candidate, alias_form=form)
    organisation = form.cleaned_data["organisation"]
    try:
        review.alias_org_candidate(candidate, request.user, organisation)
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(
        request,
        candidate,
        f"“{candidate.name}” is now a name of {organisation.name}; its articles are extracted again.",
    )


@require(REVIEW, "articles.change_organisationcandidate")
@require_POST
def org_candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _org_candidate(pk)
    try:
        review.dismiss_candidate(candidate, request.user)
    except review.ReviewError as exc:
        return _candidate_done(request, candidate, str(exc), messages.ERROR)
    return _candidate_done(request, candidate, f"“{candidate.name}” dismissed.")
