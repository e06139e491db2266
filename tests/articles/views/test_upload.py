"""Upload: checks before storing, one row per file, live status rows, duplicates, retry and re-run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from pledges.models import Pledge
from tests.articles.helpers import ARTICLE
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:upload")


def txt(name: str, text: str = ARTICLE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_upload_page_renders_the_form(editor_client):
    response = editor_client.get(UPLOAD)
    assert response.status_code == 200
    assert b'type="file"' in response.content and b"multiple" in response.content
    assert b'name="text"' in response.content


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50), "not a file type we can read"),
        (SimpleUploadedFile("empty.txt", b""), "The submitted file is empty"),
    ],
)
def test_unreadable_files_are_refused_before_anything_is_stored(editor_client, media, upload, message):
    response = editor_client.post(UPLOAD, {"files": [upload]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_size_limit_is_enforced_with_a_clear_message(editor_client, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = editor_client.post(UPLOAD, {"files": [txt("long.txt", "x " * 200)]})
    assert "“long.txt” is 400\xa0bytes; the limit is 100\xa0bytes." in response.content.decode()
    assert Article.objects.count() == 0


def test_one_bad_file_stops_the_whole_batch_and_names_the_file(editor_client, media):
    bad = SimpleUploadedFile("slides.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    response = editor_client.post(UPLOAD, {"files": [txt("good.txt"), bad]})
    assert "“slides.png”" in response.content.decode()
    assert Article.objects.count() == 0


def test_nothing_chosen_is_an_error(editor_client, media):
    response = editor_client.post(UPLOAD, {"text": "   "})
    assert "Choose at least one file, or paste the text" in response.content.decode()


def test_many_files_get_one_row_each_and_poll_while_queued(editor_client, media):
    response = editor_client.post(UPLOAD, {"files": [txt("a.txt"), txt("b.txt", ARTICLE + "\nMore.")]})
    assert response.status_code == 302
    articles = list(Article.objects.order_by("pk"))
    assert [a.original_name for a in articles] == ["a.txt", "b.txt"]
    assert all(a.uploaded_by.username == "editor" for a in articles)
    page = editor_client.get(response["Location"])
    html = page.content.decode()
    for article in articles:  # still queued: the on-commit enqueue does not run inside a test transaction
        assert f'id="article-{article.pk}"' in html
        assert reverse("articles:status", args=[article.pk]) in html
    assert html.count('hx-trigger="every 1s"') == 2


def test_pasted_text_keeps_title_date_and_source(editor_client, media):
    response = editor_client.post(
        UPLOAD,
        {
            "text": ARTICLE,
            "title": "Pasted piece",
            "published_on": "2026-01-07",
            "source_url": "https://example.org/a",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, str(article.published_on), article.source_url) == (
        "Pasted piece",
        "2026-01-07",
        "https://example.org/a",
    )
    assert article.text == ARTICLE.strip()
    assert not article.file


def test_a_duplicate_is_shown_as_the_existing_article(
    editor_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(UPLOAD, {"files": [txt("first.txt")]})
    first = Article.objects.get()
    response = editor_client.post(UPLOAD, {"files": [txt("again.txt")]}, follow=True)
    assert Article.objects.count() == 1
    html = response.content.decode()
    assert "Duplicate" in html and f'href="/articles/{first.pk}/"' in html


def test_upload_runs_extraction_and_rows_show_counts_or_the_reason(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.4 this is not really a pdf\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(UPLOAD, {"files": [txt("allies.txt"), broken]})
    html = editor_client.get(response["Location"]).content.decode()
    good = Article.objects.get(original_name="allies.txt")
    bad = Article.objects.get(original_name="broken.pdf")
    assert (good.state, bad.state) == ("done", "failed")
    counts = good.timings["counts"]
    assert counts["pledges"] == 2
    assert f"{counts['entities']} entities · 2 pledges · {counts['conditions']} condition" in " ".join(
        html.split()
    )
    assert bad.error_message and bad.error_message in html
    assert 'hx-trigger="every 1s"' not in html


def test_status_partial_polls_until_the_article_is_finished(editor_client):
    article = ArticleFactory(state="processing")
    url = reverse("articles:status", args=[article.pk])
    response = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()
    assert "<html" not in response.content.decode()

    Article.objects.filter(pk=article.pk).update(
        state="done", timings={"counts": {"entities": 3, "pledges": 1}}
    )
    response = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    html = response.content.decode()
    assert "3 entities" in html and "1 pledge " in html and "every 1s" not in html


def test_status_partial_keeps_the_duplicate_marker(editor_client):
    article = ArticleFactory(state="queued")
    url = reverse("articles:status", args=[article.pk]) + "?duplicate=1&select=0"
    html = editor_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Duplicate" in html and "duplicate=1" in html


def test_article_list_filters_by_state(editor_client):
    failed = ArticleFactory(state="failed", error_message="This PDF is damaged.")
    done = ArticleFactory(state="done")
    html = editor_client.get(reverse("articles:list"), {"state": "failed"}).content.decode()
    assert f'id="article-{failed.pk}"' in html and f'id="article-{done.pk}"' not in html
    assert "This PDF is damaged." in html and "Retry" in html


def test_retry_and_run_again_requeue_and_reextract(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(UPLOAD, {"files": [txt("allies.txt")]})
    article = Article.objects.get()
    failed = ArticleFactory(state="failed", error_message="Extraction failed unexpectedly.")
    response = editor_client.post(
        reverse("articles:requeue"), {"articles": [article.pk, failed.pk], "next": "/articles/"}
    )
    assert response.status_code == 302 and response["Location"] == "/articles/"
    article.refresh_from_db()
    failed.refresh_from_db()
    assert article.state == "done"  # eager Celery: the re-run already happened
    assert Pledge.objects.filter(evidence__article=article).count() == 2
    assert failed.state == "done" and failed.error_message == ""


def test_retry_one_row_with_htmx_returns_the_row(editor_client, media):
    failed = ArticleFactory(state="failed", error_message="boom")
    response = editor_client.post(
        reverse("articles:requeue"), {"articles": [failed.pk], "select": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<tr") and f'value="{failed.pk}"' in html


def test_an_article_being_processed_is_not_requeued(editor_client):
    busy = ArticleFactory(state="processing", task_id="t1")
    editor_client.post(reverse("articles:requeue"), {"articles": [busy.pk]})
    busy.refresh_from_db()
    assert (busy.state, busy.task_id) == ("processing", "t1")
