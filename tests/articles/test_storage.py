"""No uploaded file outlives a failed transaction; `check_storage` finds and removes the ones that do.

The database fault is real: a trigger makes the article INSERT fail inside the upload's transaction,
as an error from the server would.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.articles.helpers import ARTICLE

pytestmark = pytest.mark.django_db(transaction=True)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@contextmanager
def article_insert_fails():
    """Every INSERT into the article table fails in the database, as during a database fault."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION pw_fault() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION"
                " 'injected fault' USING ERRCODE = '08006'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER pw_fault BEFORE INSERT ON articles_article"
                " FOR EACH ROW EXECUTE FUNCTION pw_fault()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER pw_fault BEFORE INSERT ON articles_article"
                " BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER pw_fault ON articles_article"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER pw_fault"
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION pw_fault()")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_upload_failing_in_the_database_leaves_no_file(editor_client, media):
    editor_client.raise_request_exception = False
    upload = SimpleUploadedFile("fault.txt", ARTICLE.encode())
    with article_insert_fails():
        response = editor_client.post(reverse("articles:upload"), {"files": [upload]})
    # A server-side connection failure (PostgreSQL's 08006) is an outage: 503, try again.
    assert response.status_code == (503 if connection.vendor == "postgresql" else 500)
    assert Article.objects.count() == 0
    assert files_under(media) == []


def test_store_upload_failing_in_the_database_leaves_no_file(media):
    with article_insert_fails(), pytest.raises(Exception, match="injected fault"):
        services.store_upload(ARTICLE.encode(), original_name="fault.txt")
    assert files_under(media) == []
    # Once the database is back the same upload is stored, file and article together.
    stored = services.store_upload(ARTICLE.encode(), original_name="fault.txt")
    assert [p.name for p in files_under(media)] == [stored.article.sha256]


def run(*args: str) -> str:
    out = StringIO()
    call_command("check_storage", *args, stdout=out)
    return out.getvalue()


def test_check_storage_reports_and_removes_orphans(media):
    kept = services.store_upload(ARTICLE.encode(), original_name="kept.txt").article
    orphan = media / "articles" / "ab" / ("ab" + "0" * 62)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind by a killed process")
    young = media / "articles" / "cd" / ("cd" + "0" * 62)
    young.parent.mkdir(parents=True, exist_ok=True)
    young.write_bytes(b"an upload still in flight")
    old = time.time() - 7200
    os.utime(orphan, (old, old))

    report = run()
    assert f"orphan: articles/ab/{orphan.name}" in report
    assert "cd" + "0" * 62 not in report  # too young to call an orphan
    assert "1 stored article file(s); 1 orphan(s); 0 missing." in report
    assert orphan.exists()

    report = run("--delete")
    assert "removed: articles/ab/" in report
    assert not orphan.exists() and young.exists()
    assert Path(kept.file.path).exists()
    assert "0 orphan(s)" in run()


def test_check_storage_fails_on_a_missing_file(media):
    article = services.store_upload(ARTICLE.encode(), original_name="gone.txt").article
    Path(article.file.path).unlink()
    out = StringIO()
    with pytest.raises(CommandError, match="1 article file"):
        call_command("check_storage", stdout=out)
    assert f"missing: {article.file.name} (article {article.pk})" in out.getvalue()
