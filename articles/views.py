"""Article pages. Upload, status polling and review build on these."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from pledges.access import read_access


@read_access
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("uploaded_by"), pk=pk)
    context = {
        "article": article,
        "evidence": article.evidence.select_related(
            "pledge__actor_country", "pledge__actor_organisation", "pledge__beneficiary_country"
        ),
    }
    return render(request, "articles/article_detail.html", context)
