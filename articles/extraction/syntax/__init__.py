"""Syntax for the extractor: the project's own tagger, lemmatizer and dependency parser.

The model is trained by `make parser` from Universal Dependencies treebanks (see
`training/`) and versioned in `model/`, so running and testing never train. Only sentences that
can hold a pledge are parsed (a commitment word, an amount), each as its own small Doc built
from the extractor's tokens, so offsets stay those of the article.
"""

from __future__ import annotations

from .clauses import Clause
from .parse import MODEL_DIR, SentenceParse, SyntaxModel, load_syntax
from .triggers import read_clauses

__all__ = ["MODEL_DIR", "Clause", "SentenceParse", "SyntaxModel", "load_syntax", "read_clauses"]
