"""Pledges from sentences: word-order triggers and the clause reader, one finder."""

from .finder import PledgeFinder

__all__ = ["PledgeFinder"]
