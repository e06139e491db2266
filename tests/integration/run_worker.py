"""Start a Celery worker for the fault tests, optionally slowed at one point of the pipeline.

PLEDGEWATCH_FAULT_AT names a point ("read", "parse", "extract", "persist", "in-transaction");
on the first attempt that reaches it the worker writes PLEDGEWATCH_FAULT_MARKER and sleeps
PLEDGEWATCH_FAULT_SLEEP seconds, giving the test a moment to kill it or cut its database connection.
Test code only: production modules carry no hooks for this.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from articles.pipeline import persist, stages  # noqa: E402
from config.celery import app  # noqa: E402

FAULT_AT = os.environ.get("PLEDGEWATCH_FAULT_AT", "")
MARKER = Path(os.environ.get("PLEDGEWATCH_FAULT_MARKER", "/nonexistent/marker"))
SLEEP = float(os.environ.get("PLEDGEWATCH_FAULT_SLEEP", "30"))


def pause_once(point: str) -> None:
    if point == FAULT_AT and not MARKER.exists():
        MARKER.write_text(str(os.getpid()))
        time.sleep(SLEEP)


def slowed(stage_class, point: str) -> None:
    real_run = stage_class.run

    def run(self, context):
        pause_once(point)
        return real_run(self, context)

    stage_class.run = run


for stage_class, point in [
    (stages.ReadFile, "read"),
    (stages.Parse, "parse"),
    (stages.Extract, "extract"),
    (stages.Persist, "persist"),
]:
    slowed(stage_class, point)

real_update = persist._update_article


def update_in_transaction(*args, **kwargs):
    pause_once("in-transaction")  # inside persist's transaction, after the article row is locked
    return real_update(*args, **kwargs)


persist._update_article = update_in_transaction

if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
