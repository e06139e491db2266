"""Writes around an article's life: storing an upload, claiming and running ingestion, re-queueing.

Task state lives on the Article row, so pages never ask a result backend.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from articles.models import Article, ArticleState
from articles.pipeline import IngestionContext, StageError, run_stages

log = logging.getLogger(__name__)

UNEXPECTED_FAILURE = "Extraction failed unexpectedly; the team has been notified. You can retry the article."


class UploadRefused(ValueError):
    """Refused before anything is stored (empty, over the size limit); `message` is for the editor."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class StoredUpload:
    article: Article
    created: bool  # False: the same content was already stored (a duplicate)


def clean_filename(name: str) -> str:
    """The name to show editors: no folders, no control characters, no surrounding dots or spaces."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name.strip(" .")[:255] or "upload"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_upload(
    data: bytes,
    *,
    original_name: str = "",
    uploaded_by=None,
    title: str = "",
    published_on: dt.date | None = None,
    source_url: str = "",
    as_text: bool = False,
) -> StoredUpload:
    """Store the article and its file in one transaction and enqueue ingestion once committed.

    The same content uploaded twice (even by two requests racing) yields the one existing article.
    """
    if not data:
        raise UploadRefused("This file is empty.", "empty")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        limit_mb = settings.UPLOAD_MAX_BYTES / (1024 * 1024)
        raise UploadRefused(
            f"This file is larger than the {limit_mb:g} MB limit; upload a smaller file.", "too_large"
        )
    digest = sha256_of(data)
    existing = Article.objects.filter(sha256=digest).first()
    if existing:
        return StoredUpload(existing, created=False)
    article = Article(
        sha256=digest,
        original_name=clean_filename(original_name) if original_name else "",
        size=len(data),
        uploaded_by=uploaded_by,
        title=title[:500],
        published_on=published_on,
        source_url=source_url[:500],
    )
    try:
        with file_removed_on_failure(article), transaction.atomic():
            if as_text:
                article.text = data.decode("utf-8")
            else:
                article.file.save(digest, ContentFile(data), save=False)
            article.save()
            enqueue_ingestion(article.pk)
    except IntegrityError:
        winner = Article.objects.filter(sha256=digest).first()
        if winner is None:
            raise
        return StoredUpload(winner, created=False)
    return StoredUpload(article, created=True)


@contextmanager
def file_removed_on_failure(article: Article) -> Iterator[None]:
    """Delete the file this upload wrote if its transaction fails, so no file outlives its article.

    Each upload owns the name it was given (the storage adds a suffix when a racing upload of the same
    content holds the plain one), so the loser of that race deletes only its own copy. A process killed
    between the write and the commit still leaves a file behind: `manage.py check_storage` finds those.
    """
    try:
        yield
    except BaseException:
        if article.file.name:
            try:
                article.file.storage.delete(article.file.name)
            except OSError:
                log.warning("could not remove %s after a failed upload", article.file.name, exc_info=True)
        raise


def enqueue_ingestion(article_id: int) -> None:
    """Send the task once the article is committed. The row itself is the outbox: `sent_at` stays empty
    until the broker accepts the message, so a broker outage or a sender killed after the commit leaves
    the article for `relay_outbox`, which sends it within seconds of the broker being back."""
    transaction.on_commit(lambda: send_ingestion(article_id))


def send_ingestion(article_id: int) -> bool:
    """Hand the message to the broker and record that it took it; False (article left in the outbox)
    when the broker is unreachable. A duplicate message is harmless: the claim lets one task through."""
    from articles.tasks import ingest_article

    try:
        ingest_article.delay(article_id)
    except Exception:
        log.warning("could not enqueue article %s; it waits in the outbox", article_id, exc_info=True)
        return False
    try:
        Article.objects.filter(pk=article_id, sent_at__isnull=True).update(sent_at=timezone.now())
    except DatabaseError:  # sent all the same; the relay may send it once more, which the claim absorbs
        log.warning("article %s sent but not marked; the relay may send it again", article_id)
    return True


def relay_outbox(older_than_seconds: int | None = None) -> int:
    """Send the messages of queued articles the broker never accepted; returns how many went out."""
    seconds = settings.INGEST_OUTBOX_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - dt.timedelta(seconds=seconds)
    sent = 0
    for pk in Article.objects.unsent(cutoff).values_list("pk", flat=True)[:1000]:
        if not send_ingestion(pk):
            break  # the broker is still down: the next run tries again
        sent += 1
    return sent


def claim(article_id: int, task_id: str) -> bool:
    """Take the article for this task; a duplicate message (another task id) gets nothing."""
    now = timezone.now()
    mine = Q(state=ArticleState.QUEUED) | Q(state=ArticleState.PROCESSING, task_id=task_id)
    return (
        Article.objects.filter(mine, pk=article_id).update(
            state=ArticleState.PROCESSING, task_id=task_id, attempts=F("attempts") + 1, state_changed_at=now
        )
        == 1
    )


def mark_failed(article_id: int, message: str) -> None:
    Article.objects.filter(pk=article_id).exclude(state=ArticleState.DONE).update(
        state=ArticleState.FAILED, error_message=message[:2000], state_changed_at=timezone.now()
    )


def ingest(article_id: int, task_id: str) -> str:
    """Claim and run the stages; returns the final state ("skipped" when another task holds it)."""
    if not claim(article_id, task_id):
        return "skipped"
    article = Article.objects.get(pk=article_id)
    context = IngestionContext(article=article)
    try:
        run_stages(context)
    except StageError as exc:
        mark_failed(article_id, exc.message)
        return ArticleState.FAILED
    Article.objects.filter(pk=article_id).update(timings={**context.timings, "counts": context.counts})
    return ArticleState.DONE


def fail_unexpectedly(article_id: int) -> None:
    mark_failed(article_id, UNEXPECTED_FAILURE)


def reset_to_queued(articles: QuerySet) -> list[int]:
    """Put articles that no worker holds back to queued; returns their ids. Archived ones stay put."""
    ids = list(articles.exclude(state=ArticleState.PROCESSING).active().values_list("pk", flat=True))
    Article.objects.filter(pk__in=ids).exclude(state=ArticleState.PROCESSING).update(
        state=ArticleState.QUEUED, task_id="", error_message="", state_changed_at=timezone.now(), sent_at=None
    )
    return ids


def requeue(articles: QuerySet) -> int:
    """Put articles back in the queue (retry, reingest) and enqueue them; returns how many."""
    ids = reset_to_queued(articles)
    for pk in ids:
        send_ingestion(pk)
    return len(ids)


def requeue_stale(older_than_seconds: int | None = None) -> int:
    """Enqueue again articles a lost message or a dead worker left queued or processing too long."""
    seconds = settings.INGEST_STALE_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - dt.timedelta(seconds=seconds)
    stale = list(Article.objects.stale(cutoff).values_list("pk", "state"))
    count = 0
    for pk, state in stale:
        # Conditional: a worker that finishes meanwhile wins, and we do not enqueue a finished article.
        reset = Article.objects.filter(pk=pk, state=state, state_changed_at__lt=cutoff).update(
            state=ArticleState.QUEUED, task_id="", state_changed_at=timezone.now(), sent_at=None
        )
        if reset:
            send_ingestion(pk)
            count += 1
    return count


class ArchiveRefused(ValueError):
    """The article cannot be archived now (a worker holds it); the message is for the editor."""


def archive(article: Article, user) -> int:
    """Hide an unwanted or failed article from lists and the queue, keeping it and its history.

    Its unreviewed results go (pledges nobody decided, mentions, pending candidates); what editors
    confirmed or rejected stays. Only finished articles: a worker would write results back.
    Returns how many undecided pledges were removed.
    """
    from articles.pipeline.persist import remove_unreviewed
    from pledges.revisions import extraction_writes

    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.is_archived:
            return 0
        if not locked.is_finished:
            raise ArchiveRefused("This article is still being processed; archive it once it has finished.")
        with extraction_writes():
            removed = remove_unreviewed(locked)
        locked.archived_at = timezone.now()
        locked.archived_by = user
        locked._history_user = user
        locked._change_reason = "Archived"
        locked.save()
    article.refresh_from_db()
    return removed


def restore(article: Article, user) -> None:
    """Bring an archived article back and run extraction on it again, so its results return."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not locked.is_archived:
            return
        locked.archived_at = None
        locked.archived_by = None
        locked._history_user = user
        locked._change_reason = "Restored from the archive"
        locked.save()
        transaction.on_commit(lambda: requeue(Article.objects.filter(pk=locked.pk)))
    article.refresh_from_db()
