"""The review queue and the decisions taken on its cards: confirm, reject, edit, link, bulk, undo, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import queue, review
from articles.forms import (
    BulkReviewForm,
    ConditionFormSet,
    PledgeEditForm,
    RejectForm,
    RestatesForm,
    UndoForm,
)
from articles.models import PossiblePledge
from articles.views.candidates import candidate_rows
from articles.views.common import REVIEW, require, safe_next
from pledges import history
from pledges.htmx import htmx_partial
from pledges.models import Condition, Pledge

GROUPS_PER_PAGE = 10


@require(REVIEW)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(queue.queue_articles(), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "groups": candidate_rows(queue.build_groups(list(page))),
        "waiting": queue.queue_pledges().count(),
        "bulk_form": BulkReviewForm(),
        "last_action": request.session.get(UNDO_KEY),
    }
    return render(request, "articles/review_queue.html", context)


UNDO_KEY = "review-undo"  # the last plain-form review action, offered for undo on the queue page


def _remember(request: HttpRequest, pledges: list[Pledge], label: str) -> None:
    """Keep what the last action changed (pledge and history record), so the queue page offers Undo."""
    records = review.latest_records([p.pk for p in pledges])
    request.session[UNDO_KEY] = {"label": label, "records": [f"{pk}:{hid}" for pk, hid in records.items()]}


def _card(request: HttpRequest, pledge: Pledge, *, undoable: bool = False, **extra) -> HttpResponse:
    """The pledge's card for HTMX, or back to the queue at the card for a plain form post.

    After a change, the card offers to undo it (naming the history record the change made).
    """
    if htmx_partial(request):
        # The card, plus the queue's count swapped out of band so the heading stays right.
        context = {
            "item": queue.review_item(pledge.pk),
            "waiting": queue.queue_pledges().count(),
            "oob": True,
            "undo_record": review.latest_record_id(pledge) if undoable else None,
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
        _remember(request, [pledge], f"Confirmed pledge #{pledge.pk}")
    return _card(request, pledge, undoable=True)


@require(REVIEW)
@require_POST
def pledge_reject(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pending_pledge(pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    review.reject(pledge, request.user, reason)
    if not htmx_partial(request):
        messages.success(request, f"Pledge #{pledge.pk} rejected.")
        _remember(request, [pledge], f"Rejected pledge #{pledge.pk}")
    return _card(request, pledge, undoable=True)


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
                _remember(request, [pledge], f"Edited pledge #{pledge.pk}")
            return _card(request, pledge, saved=True, undoable=True)
    else:
        form = PledgeEditForm(instance=pledge, prefix=prefix)
        conditions = ConditionFormSet(instance=pledge, prefix=f"{prefix}-cond")
    # The source passage stays in view while editing.
    context = {"pledge": pledge, "form": form, "conditions": conditions, "item": queue.review_item(pledge.pk)}
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
    if not error and not htmx_partial(request):
        _remember(request, [pledge], f"Linked pledge #{pledge.pk}")
    return _card(request, pledge, restates_error=error, undoable=not error)


@require(REVIEW)
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        pledges = list(data["pledges"])
        count = review.bulk_review(pledges, request.user, data["action"], data["reason"])
        verb = "confirmed" if data["action"] == "confirm" else "rejected"
        messages.success(request, f"{count} pledge{'s' if count != 1 else ''} {verb}.")
        _remember(request, pledges, f"{verb.capitalize()} {count} pledge{'s' if count != 1 else ''}")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(safe_next(request, reverse("articles:review")))


@require(REVIEW)
@require_POST
def pledge_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the queue: a pledge confirmed or rejected by mistake is reviewed again."""
    pledge = _pending_pledge(pk)
    try:
        review.reopen(pledge, request.user)
    except review.ReviewError as exc:
        if not htmx_partial(request):
            messages.info(request, str(exc))
        return _card(request, pledge)
    if not htmx_partial(request):
        messages.success(request, f"Pledge #{pledge.pk} is awaiting review again.")
    return _card(request, pledge)


@require(REVIEW, "pledges.change_pledge")
@require_POST
def review_undo(request: HttpRequest) -> HttpResponse:
    """Undo the named changes (one card's, or the last bulk action's); each undo is recorded too."""
    form = UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing to undo.")
        return redirect(safe_next(request, reverse("articles:review")))
    pledges = {p.pk: p for p in Pledge.objects.filter(pk__in=[pk for pk, _ in form.pairs])}
    done, errors = 0, []
    for pk, record in form.pairs:
        if pk not in pledges:
            continue
        try:
            review.undo(pledges[pk], record, request.user)
            done += 1
        except review.ReviewError as exc:
            errors.append(str(exc))
    request.session.pop(UNDO_KEY, None)
    if htmx_partial(request) and len(form.pairs) == 1 and form.pairs[0][0] in pledges:
        return _card(request, pledges[form.pairs[0][0]], undo_error=" ".join(errors))
    if done:
        messages.success(request, f"Undone on {done} pledge{'s' if done != 1 else ''}.")
    for error in errors:
        messages.error(request, error)
    return redirect(safe_next(request, reverse("articles:review")))


@require(REVIEW)
@require_GET
def pledge_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what on a pledge and its conditions, newest first, with field-by-field diffs."""
    pledge = get_object_or_404(Pledge.objects.with_related(), pk=pk)
    entries = history.pledge_history(pledge)
    condition_records = Condition.history.filter(pledge_id=pledge.pk).select_related("history_user")
    context = {"pledge": pledge, "entries": entries, "condition_records": condition_records}
    return render(request, "articles/pledge_history.html", context)


@require(REVIEW)
@require_POST
def possible_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Not a pledge: the possible pledge leaves the queue and is not proposed again for this article."""
    possible = get_object_or_404(PossiblePledge, pk=pk)
    review.dismiss_possible(possible, request.user)
    if htmx_partial(request):
        return HttpResponse("")  # the row is swapped out
    messages.success(request, "Possible pledge dismissed.")
    return redirect(safe_next(request, reverse("articles:review")))
