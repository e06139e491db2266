"""Ingestion as a list of small stages with one contract (see base.py)."""

from articles.pipeline.base import IngestionContext, Stage, StageError
from articles.pipeline.stages import STAGES, run_stages

__all__ = ["STAGES", "IngestionContext", "Stage", "StageError", "run_stages"]
