"""Run extraction on files and print the result: JSON lines in the evaluation schema, or a table."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import result_to_schema
from articles.gazetteer import get_extractor
from articles.parsers import ParseError, parse_document


class Command(BaseCommand):
    help = "Extract entities, pledges and conditions from FILEs (gazetteer read from the database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=["jsonl", "json", "table"], default="jsonl")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print, per sentence, which rules fired and why candidates dropped",
        )

    def handle(self, *args, files: list[Path], format: str, explain: bool = False, **options) -> None:
        extractor = get_extractor()
        failures = 0
        for path in files:
            try:
                document = parse_document(
                    path.read_bytes(), filename=path.name, max_bytes=settings.UPLOAD_MAX_BYTES
                )
            except (OSError, ParseError) as exc:
                failures += 1
                message = exc.message if isinstance(exc, ParseError) else str(exc)
                self.stderr.write(f"{path}: {message}")
                continue
            notes: list[tuple[int, str]] | None = [] if explain else None
            result = extractor.extract(document.text, document.published, notes)
            if notes is not None:
                self.stdout.write(render_explanation(str(path), document.text, notes, result))
                continue
            output = {
                "file": str(path),
                **result_to_schema(
                    result,
                    title=document.title,
                    published=document.published,
                    publisher=document.publisher,
                    author=document.author,
                ),
            }
            if format == "jsonl":
                self.stdout.write(json.dumps(output, ensure_ascii=False))
            elif format == "json":
                self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(render_table(output))
        if failures == len(files):
            raise CommandError("No file could be read.")


def render_explanation(name: str, text: str, notes: list[tuple[int, str]], result) -> str:
    """Per sentence: the rules that fired, what they added, why candidates were dropped."""
    lines = [f"== {name}"]
    by_offset: dict[int, list[str]] = {}
    for offset, why in notes:
        by_offset.setdefault(offset, []).append(why)
    for offset in sorted(by_offset):
        end = text.find("\n", offset)
        sentence = text[offset : end if end > 0 else len(text)][:140]
        lines.append(f"-- @{offset}: {sentence!r}")
        lines.extend(f"     {why}" for why in dict.fromkeys(by_offset[offset]))
    for label, pledges in (("pledge", result.pledges), ("possible", result.possible_pledges)):
        for p in pledges:
            lines.append(
                f"=> {label} {p.actor} -> {p.beneficiary or '—'} [{p.category}] by {p.rule}"
                f" ({p.confidence:.2f}) @{p.start}: {p.quote[:100]!r}"
            )
    return "\n".join(lines)


def render_table(output: dict) -> str:
    article = output["article"]
    lines = [
        f"== {output['file']}",
        f"   title: {article.get('title') or '—'} | published: {article.get('published') or '—'}"
        f" | publisher: {article.get('publisher') or '—'} | author: {article.get('author') or '—'}",
        "   countries: " + (", ".join(output["entities"]["countries"]) or "—"),
        "   people: " + (", ".join(output["entities"]["people"]) or "—"),
        "   organisations: " + (", ".join(output["entities"]["organizations"]) or "—"),
        f"   pledges: {len(output['pledges'])}",
    ]
    for i, pledge in enumerate(output["pledges"], 1):
        amount = pledge.get("amount")
        amount_text = ""
        if amount:
            amount_text = (
                f" {'~' if amount.get('approximate') else ''}{amount['value']:,.0f} {amount['unit']}"
            )
        by = f" ({pledge['actor_person']})" if pledge.get("actor_person") else ""
        lines.append(
            f"   {i:>2}. {pledge['actor']}{by} → {pledge.get('beneficiary') or '—'}"
            f" [{pledge['category']}]{amount_text}"
        )
        lines.append(f"       “{pledge['quote'][:150]}”")
        for condition in pledge.get("conditions") or []:
            lines.append(f"       if {condition['kind']}: {condition['text']}")
    return "\n".join(lines)
