#!/usr/bin/env python3
"""How many gold pledges the "possible pledges" list recovers: matched there, missed by the pledges.

Usage: eval/possible_recall.py [--part tuning|frozen|all]   (EXTRACTION_THRESHOLD sets the threshold)
"""

from __future__ import annotations

import argparse
import json
import sys

import evaluate
import score


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=["tuning", "frozen", "all"], default="all")
    args = ap.parse_args()
    splits = evaluate.load_splits()
    stems = sorted(s for s, p in splits.items() if args.part in ("all", p))
    preds = evaluate.extract(stems)
    gold_n = found = recovered = offered = 0
    for stem in stems:
        gold = json.loads((evaluate.ARTICLES / f"{stem}.json").read_text(encoding="utf-8"))["pledges"]
        text = (evaluate.ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")
        pred = preds.get(stem) or {}
        hit = {gi for gi, _ in score.match(gold, pred.get("pledges") or [], text, use_actor=True)}
        possible = pred.get("possible_pledges") or []
        offered += len(possible)
        extra = {gi for gi, _ in score.match(gold, possible, text, use_actor=True)} - hit
        gold_n += len(gold)
        found += len(hit)
        recovered += len(extra)
    print(
        f"{args.part}: {gold_n} gold pledges; found as pledges {found}; recovered by the possible list "
        f"{recovered} more ({offered} possible pledges offered); recall {found / gold_n:.3f} -> "
        f"{(found + recovered) / gold_n:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
