#!/usr/bin/env python3
"""Score the extractor on the project's corpus, by part: tuning, frozen, and k folds.

The corpus (`eval/articles/`) is split by article in `eval/splits.json`:
- `tuning`: the articles rules and thresholds may be written against;
- `frozen`: never looked at while writing rules; the CI gate reads this part.
The tuning part is further cut into k folds; `--folds` trains the learned models on k-1 folds
and scores the held-out one, so a model is never scored on articles it was fitted to.

Usage (from the repository root; `make eval` does this):
  eval/evaluate.py [--part tuning|frozen|all] [--folds K] [--gate] [--verbose] [--json FILE]
Standard library only; it calls `manage.py extract` as the product does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ARTICLES = HERE / "articles"
SPLITS = HERE / "splits.json"
sys.path.insert(0, str(HERE))
import score  # noqa: E402  (the scorer beside this file)

# The gate: the frozen part must not fall below these (set from the measurement in the README).
# Measured 2026-12-05 (rules-2.7 with the sentence and category models, parser ud-1.0; frozen part of
# 269 articles, 623 pledges): F1 0.471, recall 0.411, conditions 0.583, countries 0.912.
FLOORS = {"pledge_f1": 0.45, "pledge_recall": 0.40, "condition_f1": 0.45, "country_f1": 0.88}
HEADLINE = (
    "pledge_f1",
    "pledge_precision",
    "pledge_recall",
    "condition_f1",
    "category_accuracy",
    "beneficiary_accuracy",
    "amount_accuracy",
    "country_f1",
)


def fold_of(stem: str, k: int) -> int:
    return int(hashlib.sha256(stem.encode()).hexdigest()[8:16], 16) % k


def load_splits() -> dict[str, str]:
    splits = json.loads(SPLITS.read_text())["articles"]
    missing = {p.stem for p in ARTICLES.glob("*.txt")} - set(splits)
    if missing:
        sys.exit(f"articles without a split in {SPLITS.name}: {sorted(missing)}")
    return splits


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def extract(stems: list[str], env: dict[str, str] | None = None) -> dict[str, dict]:
    cmd = f"{shlex.quote(python())} {shlex.quote(str(ROOT / 'manage.py'))} extract --format jsonl"
    files = [ARTICLES / f"{s}.txt" for s in stems]
    proc = subprocess.run(
        shlex.split(cmd) + [str(f) for f in files],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    if proc.returncode != 0:
        sys.exit(f"extractor failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            obj = json.loads(line)
            out[Path(obj["file"]).stem] = obj
    return out


def summarise(stems: list[str], preds: dict[str, dict], verbose: bool = False) -> dict:
    t = score.Tally()
    for stem in stems:
        gold = json.loads((ARTICLES / f"{stem}.json").read_text(encoding="utf-8"))
        text = (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")
        pred = preds.get(stem) or {"article": {}, "entities": {}, "pledges": []}
        score.score_article(stem, text, gold, pred, t, verbose)
        if verbose:
            for gi, pi in score.match(gold["pledges"], pred["pledges"], text, use_actor=True):
                g, q = gold["pledges"][gi], pred["pledges"][pi]
                gk = sorted({c["kind"] for c in g.get("conditions") or []})
                pk = sorted({c["kind"] for c in q.get("conditions") or []})
                if gk != pk:
                    gold_text = "; ".join(c["text"] for c in g.get("conditions") or [])
                    print(f"  CON {stem}: gold {gk} pred {pk}: {gold_text[:80]!r} / {q['quote'][:60]!r}")
                for field in ("category", "beneficiary"):
                    if score.norm_actor(g.get(field)) != score.norm_actor(q.get(field)):
                        label = f"{field[:3].upper()} {stem}: gold {g.get(field)} pred {q.get(field)}"
                        print(f"  {label}: {g['quote'][:100]!r}")
    p, r, f = score.prf(t["tp"], t["pred"], t["gold"])
    _, _, cf = score.prf(t["cond_tp"], t["cond_pred"], t["cond_gold"])
    _, _, kf = score.prf(t["cty_tp"], t["cty_pred"], t["cty_gold"])

    def ratio(a: str, b: str) -> float | None:
        return t[a] / t[b] if t[b] else None

    return {
        "articles": len(stems),
        "gold_pledges": t["gold"],
        "predicted_pledges": t["pred"],
        "pledge_f1": f,
        "pledge_precision": p,
        "pledge_recall": r,
        "condition_f1": cf,
        "category_accuracy": ratio("cat_ok", "tp"),
        "beneficiary_accuracy": ratio("ben_ok", "tp"),
        "amount_accuracy": ratio("amt_ok", "amt_n"),
        "country_f1": kf,
    }


def line(name: str, s: dict) -> str:
    cells = " ".join(f"{s[k]:>6.3f}" if isinstance(s[k], float) else f"{'—':>6}" for k in HEADLINE)
    return f"{name:<22} {s['articles']:>4} {s['gold_pledges']:>5} {cells}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["tuning", "frozen", "all"], default="all")
    ap.add_argument("--folds", type=int, default=0, help="k-fold figures on the tuning part")
    ap.add_argument("--gate", action="store_true", help="fail when the frozen part is below the floors")
    ap.add_argument("--verbose", action="store_true", help="print each miss and false pledge")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    splits = load_splits()
    parts = {
        "tuning": sorted(s for s, p in splits.items() if p == "tuning"),
        "frozen": sorted(s for s, p in splits.items() if p == "frozen"),
    }
    wanted = ["tuning", "frozen"] if args.part == "all" else [args.part]
    stems = sorted(s for w in wanted for s in parts[w])
    preds = extract(stems)
    figures: dict[str, dict] = {}
    print(f"{'part':<22} {'arts':>4} {'gold':>5} " + " ".join(f"{k[:6]:>6}" for k in HEADLINE))
    labels = {"tuning": "tuning (fitted)", "frozen": "frozen"}
    for w in wanted:
        figures[w] = summarise(parts[w], preds, args.verbose)
        print(line(labels[w], figures[w]))
    if args.folds:
        figures["folds"] = kfold(parts["tuning"], args.folds, args.verbose)
        for i, s in enumerate(figures["folds"]["per_fold"]):
            print(line(f"  fold {i + 1}/{args.folds} held out", s))
        print(line(f"k-fold (k={args.folds}) pooled", figures["folds"]["pooled"]))
    if args.json:
        args.json.write_text(json.dumps(with_provenance(figures), indent=2) + "\n")
    if args.gate:
        frozen = figures.get("frozen") or summarise(parts["frozen"], extract(parts["frozen"]))
        failed = {k: frozen[k] for k, floor in FLOORS.items() if frozen[k] < floor}
        if failed:
            print(f"GATE FAILED on the frozen part: {failed} (floors {FLOORS})")
            return 1
        print(f"gate passed on the frozen part (floors {FLOORS})")
    return 0


def with_provenance(figures: dict) -> dict:
    """The figures with what produced them, for the methodology page."""
    import datetime
    import re

    init = (ROOT / "articles" / "extraction" / "__init__.py").read_text()
    version = re.search(r'EXTRACTOR_VERSION = "([^"]+)"', init)
    accuracy = ROOT / "articles" / "extraction" / "syntax" / "model" / "accuracy.json"
    rounded = json.loads(json.dumps(figures), parse_float=lambda x: round(float(x), 3))
    return {
        "extractor_version": version.group(1) if version else None,
        "measured_on": datetime.date.today().isoformat(),
        "corpus": "eval/ (tuning part: rules written and models fitted on it; frozen part: never looked at)",
        "figures": rounded,
        "parser": json.loads(accuracy.read_text()) if accuracy.exists() else None,
    }


def kfold(tuning: list[str], k: int, verbose: bool) -> dict:
    """Learned models fitted on k-1 folds, scored on the held-out fold; pooled over all folds."""
    per_fold, pooled_preds = [], {}
    for i in range(k):
        held = [s for s in tuning if fold_of(s, k) == i]
        train = [s for s in tuning if fold_of(s, k) != i]
        with tempfile.TemporaryDirectory() as models:
            command = [python(), str(ROOT / "manage.py"), "train_extraction_models", "--out", models]
            trained = subprocess.run(
                [*command, "--articles", *train], cwd=ROOT, capture_output=True, text=True
            )
            if trained.returncode != 0:  # spaCy's training log is noise unless it failed
                sys.exit(f"training failed ({trained.returncode}):\n{trained.stderr[-3000:]}")
            preds = extract(held, env={"PLEDGEWATCH_EXTRACTION_MODELS": models})
        pooled_preds.update(preds)
        per_fold.append(summarise(held, preds, verbose))
    return {"per_fold": per_fold, "pooled": summarise(tuning, pooled_preds)}


if __name__ == "__main__":
    sys.exit(main())
