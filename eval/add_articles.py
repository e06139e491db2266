#!/usr/bin/env python3
"""Add annotated articles to the corpus and give each its part, once (see splits.json's rule).

Usage: eval/add_articles.py DIR...   (each DIR holds NAME.txt + NAME.json pairs)
An article keeps the part it was given when it was added; nothing is ever moved to tuning.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = HERE / "splits.json"


def part_for(stem: str) -> str:
    return "frozen" if int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16) % 5 < 2 else "tuning"


def text_digest(path: Path) -> str:
    """One text, one digest, however its lines were wrapped or spaced."""
    return hashlib.sha256(" ".join(path.read_text(encoding="utf-8").split()).encode()).hexdigest()


def main() -> int:
    data = json.loads(SPLITS.read_text())
    seen = {text_digest(p): p.stem for p in (HERE / "articles").glob("*.txt")}
    added = 0
    for folder in map(Path, sys.argv[1:]):
        for txt in sorted(folder.glob("*.txt")):
            gold = txt.with_suffix(".json")
            if not gold.exists() or txt.stem in data["articles"]:
                continue
            json.loads(gold.read_text(encoding="utf-8"))  # refuse broken gold early
            digest = text_digest(txt)
            if digest in seen:
                print(f"skipped {txt.stem}: the same text as {seen[digest]}")  # one text, one part
                continue
            seen[digest] = txt.stem
            shutil.copy(txt, HERE / "articles" / txt.name)
            shutil.copy(gold, HERE / "articles" / gold.name)
            data["articles"][txt.stem] = part_for(txt.stem)
            added += 1
    data["articles"] = dict(sorted(data["articles"].items()))
    SPLITS.write_text(json.dumps(data, indent=1) + "\n")
    parts = [p for p in data["articles"].values()]
    print(f"added {added}; corpus: {parts.count('tuning')} tuning, {parts.count('frozen')} frozen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
