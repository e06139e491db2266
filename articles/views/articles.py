"""Articles: upload with live status, the list, the article page, corrections and the archive.

Views stay thin: checks and writes live in forms and `articles.services`. Every view checks its
permission on the server; an HTMX request that is not boosted gets the partial, everyone else the
full page that includes the same partial.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from articles import services
from articles.forms import (
    ArticleForm,
    UploadForm,
)
from articles.highlight import Span, highlight
from articles.models import Article, ArticleState
from articles.upload_limits import reports_upload_limits
from articles.views.common import ADD_PLEDGE, REQUEUE, UPLOAD, require, safe_next
from pledges.access import read_access
from pledges.htmx import htmx_partial

ARCHIVED = "archived"  # the article list's tab for archived articles
ARTICLES_PER_PAGE = 50


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
        "can_add": request.user.has_perms(ADD_PLEDGE) and not article.is_archived and bool(article.text),
    }
    return render(request, "articles/article_detail.html", context)


@require(REQUEUE)
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an article's title, date, publisher, author, source and credibility (never its text)."""
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user
        saved._change_reason = f"Corrected by an editor: {', '.join(form.changed_data)}"
        saved.save()
        messages.success(request, "Article details saved." if form.changed_data else "Nothing changed.")
        return redirect(article)
    context = {"article": article, "form": form}
    if htmx_partial(request):
        return render(request, "articles/article_edit.html#article-form", context)
    return render(request, "articles/article_edit.html", context)


@require(REQUEUE)
@require_POST
def article_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a failed or unwanted article: hidden from lists and the queue, its undecided results gone."""
    article = get_object_or_404(Article, pk=pk)
    try:
        removed = services.archive(article, request.user)
    except services.ArchiveRefused as exc:
        messages.error(request, str(exc))
        return redirect(article)
    extra = f"; {removed} pledge{'s' if removed != 1 else ''} awaiting review removed" if removed else ""
    messages.success(request, f"“{article}” archived{extra}. It stays listed under Archived.")
    return redirect(safe_next(request, reverse("articles:list")))


@require(REQUEUE)
@require_POST
def article_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring an archived article back; extraction runs on it again."""
    article = get_object_or_404(Article, pk=pk)
    services.restore(article, request.user)
    messages.success(request, f"“{article}” restored; extraction runs on it again.")
    return redirect(article)


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
    articles = articles.archived() if state == ARCHIVED else articles.active()
    if state in ArticleState.values:
        articles = articles.filter(state=state)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [{"article": a, "duplicate": False} for a in page],
        "state": state,
        "states": [*ArticleState.choices, (ARCHIVED, "Archived")],
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
    return redirect(safe_next(request, reverse("articles:list")))
