"""Adding a pledge extraction missed: the form pre-filled from a chosen passage, or the sentence chooser."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from articles import adding
from articles.forms import (
    ConditionFormSet,
    PledgeAddForm,
    SentenceChoiceForm,
    proposed_conditions_formset,
)
from articles.models import Article
from articles.views.common import ADD_PLEDGE, require
from pledges.htmx import htmx_partial
from pledges.models import Pledge


def _requested_span(request: HttpRequest, article: Article) -> tuple[int, int] | None:
    """The passage a GET names: ?start=&end= (a selection) or ?sentence=… (the no-JavaScript choice)."""
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    if start.isdigit() and end.isdigit():
        return int(start), int(end)
    chosen = [int(v) for v in request.GET.getlist("sentence") if v.isdigit()]
    if chosen:
        return adding.span_of_sentences(article.text, chosen)
    return None


@require(*ADD_PLEDGE)
@require_http_methods(["GET", "POST"])
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A pledge extraction missed, added from a passage the editor chose; saved as confirmed by them."""
    article = get_object_or_404(Article.objects.active(), pk=pk)
    partial = htmx_partial(request)
    if request.method == "POST":
        form = PledgeAddForm(request.POST, article=article, prefix="add")
        conditions = ConditionFormSet(request.POST, instance=Pledge(), prefix="add-cond")
        if form.is_valid() and conditions.is_valid():
            data = form.cleaned_data
            pledge = adding.add_pledge(form, conditions, article, data["start"], data["end"], request.user)
            if partial:
                context = {"article": article, "pledge": pledge}
                return render(request, "articles/pledge_add.html#added", context)
            messages.success(request, f"Pledge #{pledge.pk} added and confirmed.")
            evidence = pledge.evidence.get()
            return redirect(f"{article.get_absolute_url()}?ev={evidence.pk}#ev-{evidence.pk}")
        context = {"article": article, "form": form, "conditions": conditions, "quote": _posted_quote(form)}
    else:
        try:
            span = _requested_span(request, article)
            if span is None:
                return _choose_sentences(request, article)
            proposal = adding.propose(article, *span)
        except adding.SpanError as exc:
            return _choose_sentences(request, article, error=str(exc))
        initial = {**proposal.initial, "start": proposal.start, "end": proposal.end}
        form = PledgeAddForm(initial=initial, article=article, prefix="add")
        formset = proposed_conditions_formset(len(proposal.conditions))
        conditions = formset(instance=Pledge(), prefix="add-cond", initial=proposal.conditions)
        context = {
            "article": article,
            "form": form,
            "conditions": conditions,
            "quote": proposal.quote,
            "proposal": proposal,
        }
    if partial:
        return render(request, "articles/pledge_add.html#add-form", context)
    return render(request, "articles/pledge_add.html", context)


def _posted_quote(form: PledgeAddForm) -> str:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    start, end = data.get("start"), data.get("end")
    if start is None or end is None:
        return ""
    return form.article.text[start:end]


def _choose_sentences(request: HttpRequest, article: Article, error: str = "") -> HttpResponse:
    """The plain form: every sentence of the article with a tick box; the chosen ones make the quote."""
    spans = adding.sentence_spans(article.text)
    choices = [(i, article.text[s:e]) for i, (s, e) in enumerate(spans)]
    context = {"article": article, "choose": SentenceChoiceForm(sentences=choices), "error": error}
    if htmx_partial(request):
        return render(request, "articles/pledge_add.html#choose-sentences", context)
    return render(request, "articles/pledge_add.html", context)
