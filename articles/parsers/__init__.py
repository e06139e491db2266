"""Turn an uploaded file's bytes into article text and metadata.

Pure Python on purpose (no Django, no app imports): the Celery task, the management commands and the
tests all call the same three functions.
"""

from .base import (
    APPLICATION_DOCX,
    APPLICATION_PDF,
    SUPPORTED_CONTENT_TYPES,
    TEXT_HTML,
    TEXT_PLAIN,
    Metadata,
    ParsedDocument,
    ParseError,
)
from .core import parse_document
from .metadata import extract_metadata
from .sniff import detect_content_type

__all__ = [
    "APPLICATION_DOCX",
    "APPLICATION_PDF",
    "SUPPORTED_CONTENT_TYPES",
    "TEXT_HTML",
    "TEXT_PLAIN",
    "Metadata",
    "ParseError",
    "ParsedDocument",
    "detect_content_type",
    "extract_metadata",
    "parse_document",
]
