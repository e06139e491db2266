"""Which writes move which `Revision` counter.

Signals catch saves and deletes from every entry point (admin, review queue, merges, shell); bulk
writes send no signals, so the code doing them bumps the counter itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pledges.models import Revision

_local = threading.local()


@contextmanager
def extraction_writes() -> Iterator[None]:
    """Writes of unreviewed extraction results: they move `extractions` once, at the end, not `pledges`.

    Analysts' default views show reviewed pledges only; ingestion running all day must not keep
    emptying their caches. Saves and deletes inside send no bump of their own, so a re-run deleting
    hundreds of rows updates the counter (and takes its row lock) once, just before its commit; bulk
    writes inside need no bump either. Use it inside the transaction it belongs to.
    """
    previous = getattr(_local, "extracting", False)
    _local.extracting = True
    try:
        yield
    finally:
        _local.extracting = previous
    Revision.bump(Revision.EXTRACTIONS)  # not reached when the block raised: nothing to announce


def pledges_changed() -> None:
    """Pledge data changed in this transaction: move the counter its readers depend on."""
    if not getattr(_local, "extracting", False):  # extraction_writes() bumps once on its way out
        Revision.bump(Revision.PLEDGES)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from pledges import models, sources

    def entities_changed(sender, **kwargs) -> None:
        if not kwargs.get("raw"):
            Revision.bump(Revision.ENTITIES)

    def pledge_data_changed(sender, **kwargs) -> None:
        if not kwargs.get("raw"):
            pledges_changed()

    entity_models = (
        models.Country,
        models.CountryAlias,
        models.Organisation,
        models.OrganisationAlias,
        models.Membership,
        models.Leader,
        models.LeaderAlias,
        models.Office,
    )
    for model in entity_models:
        post_save.connect(entities_changed, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(entities_changed, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
    for model in (models.Pledge, models.Condition, models.ExchangeRate, sources.EVIDENCE_MODEL):
        name = model if isinstance(model, str) else model.__name__
        post_save.connect(pledge_data_changed, sender=model, dispatch_uid=f"revision-save-{name}")
        post_delete.connect(pledge_data_changed, sender=model, dispatch_uid=f"revision-delete-{name}")
