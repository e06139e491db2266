#!/usr/bin/env python3
"""Score pledge extraction against gold annotations (see SCHEMA.md beside this file).

Usage:
  score.py GOLD_DIR --pred PRED_DIR          # PRED_DIR holds NAME.json for each gold NAME.txt
  score.py GOLD_DIR --run 'CMD'              # CMD gets every NAME.txt as arguments and prints
                                             # one JSON object per line, each with "file"
  options: --verbose (per-article misses), --json (machine-readable summary)

Matching: a predicted pledge matches a gold pledge when the actors are equal and
their quotes overlap in the article text; pairs are then compared on beneficiary,
category, amount and condition kinds. The last line printed is the headline figure.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

CATEGORIES = {"military", "financial", "humanitarian", "reconstruction", "security_guarantee",
              "monitoring", "diplomatic", "sanctions", "other"}
CONDITION_KINDS = {"ceasefire", "peace_agreement", "approval", "reciprocity", "limitation",
                   "timing", "other"}
ACTOR_SYNONYMS = {
    "UK": "GB", "UNITED KINGDOM": "GB", "BRITAIN": "GB", "USA": "US", "UNITED STATES": "US",
    "EUROPEAN UNION": "EU", "EUROPEAN COMMISSION": "EU",
    "NORTH ATLANTIC TREATY ORGANIZATION": "NATO", "UNITED NATIONS": "UN",
    "COALITION OF THE WILLING": "COALITION OF THE WILLING",
}


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def norm_actor(value) -> str:
    key = fold(str(value or "")).upper()
    key = re.sub(r"^THE ", "", key).strip(" .")
    return ACTOR_SYNONYMS.get(key, key)


def surname(name: str) -> str:
    parts = re.sub(r"[^a-z ]", "", fold(name).lower()).split()
    if not parts:
        return ""
    last = parts[-1]
    return last[:-1] if last.endswith("yy") else last  # Zelenskyy / Zelensky


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text).lower()))


def span_of(quote: str, text: str) -> tuple[int, int] | None:
    if not quote:
        return None
    i = text.find(quote)
    if i < 0:
        i = fold(text).find(fold(quote))
        if i < 0:
            return None
        return (i, i + len(fold(quote)))
    return (i, i + len(quote))


def quotes_overlap(a: str, b: str, text: str) -> float:
    sa, sb = span_of(a, text), span_of(b, text)
    if sa and sb:
        inter = min(sa[1], sb[1]) - max(sa[0], sb[0])
        return inter / max(1, min(sa[1] - sa[0], sb[1] - sb[0])) if inter > 0 else 0.0
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    jac = len(wa & wb) / len(wa | wb)
    return jac if jac >= 0.5 else 0.0


def match(gold: list[dict], pred: list[dict], text: str, use_actor: bool) -> list[tuple[int, int]]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if use_actor and norm_actor(g.get("actor")) != norm_actor(p.get("actor")):
                continue
            ov = quotes_overlap(g.get("quote", ""), p.get("quote", ""), text)
            if ov > 0:
                cands.append((ov, gi, pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def amount_ok(g, p) -> bool:
    if not g:
        return not p
    if not p or not isinstance(p, dict):
        return False
    try:
        gv, pv = float(g["value"]), float(p.get("value"))
    except (TypeError, ValueError, KeyError):
        return False
    same_unit = str(g.get("unit", "")).lower() == str(p.get("unit", "")).lower()
    return same_unit and abs(gv - pv) <= 0.1 * abs(gv)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Tally:
    def __init__(self):
        self.c: dict[str, float] = {}

    def add(self, key: str, n: float = 1):
        self.c[key] = self.c.get(key, 0) + n

    def __getitem__(self, key):
        return self.c.get(key, 0)


def check_shape(pred: dict) -> list[str]:
    errs = []
    for key in ("article", "entities", "pledges"):
        if key not in pred:
            errs.append(f"missing '{key}'")
    for i, p in enumerate(pred.get("pledges") or []):
        for key in ("actor", "beneficiary", "category", "quote", "amount", "conditions"):
            if key not in p:
                errs.append(f"pledges[{i}] missing '{key}'")
        if p.get("category") not in CATEGORIES:
            errs.append(f"pledges[{i}] category {p.get('category')!r} not in the list")
        for c in p.get("conditions") or []:
            if c.get("kind") not in CONDITION_KINDS:
                errs.append(f"pledges[{i}] condition kind {c.get('kind')!r} not in the list")
    return errs


def score_article(name: str, text: str, gold: dict, pred: dict, t: Tally, verbose: bool):
    gp, pp = gold.get("pledges") or [], pred.get("pledges") or []
    pairs = match(gp, pp, text, use_actor=True)
    t.add("gold", len(gp))
    t.add("pred", len(pp))
    t.add("tp", len(pairs))
    t.add("stmt_tp", len(match(gp, pp, text, use_actor=False)))
    for gi, pi in pairs:
        g, p = gp[gi], pp[pi]
        t.add("ben_ok", norm_actor(g.get("beneficiary")) == norm_actor(p.get("beneficiary")))
        t.add("cat_ok", g.get("category") == p.get("category"))
        if g.get("amount"):
            t.add("amt_n")
            t.add("amt_ok", amount_ok(g.get("amount"), p.get("amount")))
        gk = {c.get("kind") for c in g.get("conditions") or []}
        pk = {c.get("kind") for c in p.get("conditions") or []}
        t.add("cond_tp", len(gk & pk))
        t.add("cond_gold", len(gk))
        t.add("cond_pred", len(pk))
    ge, pe = gold.get("entities") or {}, pred.get("entities") or {}
    gc = {norm_actor(x) for x in ge.get("countries") or []}
    pc = {norm_actor(x) for x in pe.get("countries") or []}
    t.add("cty_tp", len(gc & pc))
    t.add("cty_gold", len(gc))
    t.add("cty_pred", len(pc))
    gpn = {surname(x) for x in ge.get("people") or []} - {""}
    ppn = {surname(x if isinstance(x, str) else x.get("name", "")) for x in pe.get("people") or []} - {""}
    t.add("ppl_tp", len(gpn & ppn))
    t.add("ppl_gold", len(gpn))
    t.add("ppl_pred", len(ppn))
    ga, pa = gold.get("article") or {}, pred.get("article") or {}
    if ga.get("published"):
        t.add("date_n")
        t.add("date_ok", str(pa.get("published") or "")[:10] == ga["published"])
    if ga.get("title"):
        t.add("title_n")
        t.add("title_ok", fold(pa.get("title")).lower() == fold(ga["title"]).lower())
    if verbose:
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, g in enumerate(gp):
            if gi not in matched_g:
                print(f"  MISS {name}: {g.get('actor')} -> {g.get('beneficiary')}: {g.get('quote', '')[:110]!r}")
        for pi, p in enumerate(pp):
            if pi not in matched_p:
                print(f"  FALSE {name}: {p.get('actor')} -> {p.get('beneficiary')} [{p.get('rule', '')}]: {str(p.get('quote', ''))[:110]!r}")


def run_extractor(cmd: str, files: list[Path]) -> dict[str, dict]:
    proc = subprocess.run(shlex.split(cmd) + [str(f) for f in files], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"extractor failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        obj = json.loads(line)
        out[Path(obj.get("file", "")).stem] = obj
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--pred", type=Path)
    ap.add_argument("--run")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    txts = sorted(args.gold_dir.glob("*.txt"))
    if not txts:
        sys.exit(f"no .txt files in {args.gold_dir}")
    if args.run:
        preds = run_extractor(args.run, txts)
    elif args.pred:
        preds = {f.stem: json.loads(f.read_text()) for f in args.pred.glob("*.json")}
    else:
        sys.exit("give --pred DIR or --run CMD")
    t = Tally()
    shape_errors = 0
    for txt in txts:
        gold = json.loads(txt.with_suffix(".json").read_text())
        pred = preds.get(txt.stem)
        if pred is None:
            print(f"  NO OUTPUT for {txt.name}")
            pred = {"article": {}, "entities": {}, "pledges": []}
        errs = check_shape(pred)
        if errs:
            shape_errors += len(errs)
            if args.verbose:
                print(f"  SHAPE {txt.name}: {'; '.join(errs[:5])}")
        score_article(txt.stem, txt.read_text(encoding="utf-8"), gold, pred, t, args.verbose)
    p, r, f = prf(t["tp"], t["pred"], t["gold"])
    sp, sr, sf = prf(t["stmt_tp"], t["pred"], t["gold"])
    cp, cr, cf = prf(t["cond_tp"], t["cond_pred"], t["cond_gold"])
    kp, kr, kf = prf(t["cty_tp"], t["cty_pred"], t["cty_gold"])
    hp, hr, hf = prf(t["ppl_tp"], t["ppl_pred"], t["ppl_gold"])
    ratio = lambda a, b: (t[a] / t[b]) if t[b] else float("nan")  # noqa: E731
    summary = {
        "articles": len(txts), "gold_pledges": t["gold"], "predicted_pledges": t["pred"],
        "pledge_precision": p, "pledge_recall": r, "pledge_f1": f,
        "statement_f1_ignoring_actor": sf,
        "beneficiary_accuracy": ratio("ben_ok", "tp"), "category_accuracy": ratio("cat_ok", "tp"),
        "amount_accuracy": ratio("amt_ok", "amt_n"), "condition_f1": cf,
        "country_f1": kf, "people_f1": hf,
        "published_date_accuracy": ratio("date_ok", "date_n"), "title_accuracy": ratio("title_ok", "title_n"),
        "shape_errors": shape_errors,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for k, v in summary.items():
            print(f"{k:32s} {v:.3f}" if isinstance(v, float) else f"{k:32s} {v}")
    print(f"pledge_f1={f:.3f} precision={p:.3f} recall={r:.3f} condition_f1={cf:.3f} category_acc={ratio('cat_ok', 'tp'):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
