"""Metadata stated in the text of a news article: headline, date, publisher, byline, credibility.

Uploads are pages copied from the web, PDFs and press releases, so the header is noisy: menus, government
banners, "Skip to main content", site names above the headline. The rules here are general habits of news
and government pages, applied conservatively: a field we are unsure about stays None rather than wrong.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .base import Metadata
from .dates import FULL_DATE_RE, WEEKDAY_RE, find_dates, find_month_day, make_date, match_numeric_date

HEADER_CHARS = 1500  # dates and headlines are looked for in the page header only
_MAX_HEADER_LINES = 40

# --------------------------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One line of the text: stripped content and where the raw line starts."""

    text: str
    start: int


_MAX_LINE_CHARS = 500  # header lines longer than this are body text; no need to inspect all of it


def split_lines(text: str, limit: int | None = None) -> list[Line]:
    """Non-empty lines (cut at 500 characters) with their offsets, those starting before ``limit``."""
    lines = []
    position = 0
    for raw in text.split("\n", text.count("\n", 0, limit) + 1 if limit is not None else -1):
        if limit is not None and position >= limit:
            break
        stripped = raw[:_MAX_LINE_CHARS].strip(" \t\r\f\v\u00a0\u200b\ufeff")
        if stripped:
            lines.append(Line(re.sub(r"\s+", " ", stripped), position))
        position += len(raw) + 1
    return lines


# ----------------------------------------------------------------------------------------- vocabulary

_BOILERPLATE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"skip to (?:the )?(?:main )?(?:content|navigation|search)\b.*",
        r"(?:main )?(?:menu|navigation|home|search|search form|share|share this(?: \w+)?|print|email|e-mail)",
        r"(?:tweet|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|copy link|subscribe|sign in|sign up"
        r"|log ?in|register|advertisement|sponsored|close|back|next|previous|more|related|read more|listen"
        r"|listen to this article|view settings|settings|images|font size:?|site colou?rs:?|toggle navigation"
        r"|breadcrumbs?|you are here:?|excerpt|top stories|latest news|most read|newsletter)",
        r"(?:press|news|media) (?:release|statement|advisory)s?",
        r"for immediate release",
        r"(?:statement|readout|speech|remarks|transcript|fact sheet|news|article|story|blog|opinion"
        r"|analysis)",
        r"\d+ ?min(?:ute)?s? read",
        r"an official website of the .*",
        r"here['’]s how you know",
        r"official websites use \.gov",
        r"secure \.gov websites use https",
        r"\.gov website belongs to an official government organization.*",
        r"a lock \(.*",
        r"(?:the )?official website of .*",
        r"this is historical material.*",
        r"you have accessed part of a historical collection.*",
        r"this (?:originally appeared|was (?:originally )?published) (?:on|in|under) .*",
        r"(?:we use )?cookies?\b.*",
        r"accept(?: all)? cookies",
        r"(?:categories|category|tags|topics|filed under|section|keywords)\s*:.*",
        r"(?:home|news)\s*[>/›»].*",
        r"\W*",
    )
]

_NON_PUBLICATION_LABELS = re.compile(
    r"^(?:who|what|when|where|why|how|contact|media contact|note|notes|photo|image|caption|credit|source|"
    r"location|venue|time|logo|participants|cities|venues|precedes|follows|tags|categories)\s*:",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-–•*·▪◦●►]\s|\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.,;:]$|[.!?][\"'”’)]?$")
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|CET|CEST|EET|EEST|BST|ET|EST|EDT|PT|PST|PDT|MSK))?\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"^\W*" + WEEKDAY_RE + r"\b\.?", re.IGNORECASE)

_CONNECTORS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "of.", "&"}

_ORG_WORDS = {
    "agency",
    "associated",
    "association",
    "authority",
    "board",
    "bureau",
    "cabinet",
    "centre",
    "center",
    "channel",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "daily",
    "department",
    "desk",
    "editorial",
    "embassy",
    "foundation",
    "government",
    "group",
    "herald",
    "house",
    "inc",
    "institute",
    "journal",
    "llc",
    "ltd",
    "media",
    "ministry",
    "mission",
    "nations",
    "network",
    "news",
    "newsroom",
    "office",
    "organization",
    "organisation",
    "post",
    "press",
    "radio",
    "reporters",
    "service",
    "services",
    "staff",
    "team",
    "times",
    "tribune",
    "tv",
    "union",
    "university",
    "wire",
    "writers",
}

_NOT_NAMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "the",
    "this",
    "that",
    "today",
    "our",
    "staff",
    "admin",
    "editor",
    "guest",
    "anonymous",
}

# Offices and honorifics that precede a speaker's name ("Remarks by Ambassador Jane Doe").
_TITLE_WORDS = {
    word.lower()
    for word in re.findall(
        r"\S+",
        """
        Ambassador Secretary Secretary-General Deputy Under Assistant Acting Senior President Vice Prime
        Minister Foreign Defence Defense National Security Advisor Adviser Spokesperson Spokesman
        Spokeswoman Press Department Senator Sen. Rep. Representative Congressman Congresswoman Governor
        Mayor Chancellor Commissioner Executive Executive-Vice-President High Special Envoy General Gen.
        Admiral Adm. Colonel Col. Major Lieutenant Lt. Captain Capt. Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Prof.
        Professor Sir Dame Lord Lady His Her Excellency H.E. Chief Director Director-General Administrator
        Chair Chairman Chairwoman Chairperson Head Queen King Prince Princess Crown Sheikh Emir Premier
        State Treasury Affairs Homeland Commerce Energy Health Education Agriculture Finance Development
        International Economic Trade Justice Interior Home Attorney Permanent U.S. US UN EU NATO UK
        United States Nations Union Ukrainian French British German American Russian Chinese
        Japanese Italian Spanish Polish Canadian European Former Incoming Outgoing Federal
        """,
    )
}

_NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "di",
    "du",
    "dos",
    "das",
    "del",
    "la",
    "le",
    "bin",
    "al",
    "ibn",
}

# ------------------------------------------------------------------------------------ line classes


def _is_boilerplate(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in _BOILERPLATE)


_LEADING_DATE_LABEL = re.compile(
    r"^(?:(?:date|dated|published|posted|updated|last updated|release date)(?:\s+on)?\s*[:\-–]?\s*"
    r"(?:" + FULL_DATE_RE.pattern + r")\s*)+",
    re.IGNORECASE,
)


_LEADING_LABEL_WORD = re.compile(r"(?:date|published|posted|updated|last|release)", re.IGNORECASE)


def _strip_leading_date_labels(text: str) -> str:
    """' date 2024-01-07 Published: Jan 7, 2024 Foo' -> 'Foo' (flattened page headers glue these on)."""
    if not _LEADING_LABEL_WORD.match(text):
        return text
    return _LEADING_DATE_LABEL.sub("", text).strip()


_BRACKETED_TAIL = re.compile(r"\s*[\[(][^\[\]()]*[\])]\s*$")


def _strip_bracketed_tail(text: str) -> str:
    """Remove trailing '[February 2, 2022]' / '[open pdf - 164KB]' annotations, keep '[EN/AR]'."""
    while True:
        match = _BRACKETED_TAIL.search(text)
        if not match:
            return text
        inner = match.group(0)
        if not (find_dates(inner) or re.search(r"\b(?:pdf|kb|mb|open|download|video|audio)\b", inner, re.I)):
            return text
        text = text[: match.start()].rstrip()


def _is_date_line(text: str) -> bool:
    """A line that carries a date and little else ('23 February 2024 - 15:57', 'June 9, 2023 | By ...')."""
    dates = find_dates(text)
    if not dates:
        return False
    first = dates[0]
    if first.start == 0 or (first.start < 16 and _WEEKDAY.match(text[: first.start] + " ")):
        rest = text[first.end :]
        if not rest.strip() or re.match(r"\s*[|•·–—-]", rest):
            return True
    remainder = text
    for found in reversed(dates):
        remainder = remainder[: found.start] + " " + remainder[found.end :]
    remainder = _TIME.sub(" ", remainder)
    remainder = re.sub(r"\b" + WEEKDAY_RE + r"\b\.?", " ", remainder, flags=re.IGNORECASE)
    remainder = re.sub(
        r"\b(?:published|posted|updated|last|on|at|press release|news release|release|date|\d+ ?min read"
        r"|read|min)\b",
        " ",
        remainder,
        flags=re.IGNORECASE,
    )
    if text.endswith(".") and dates[-1].end < len(text.rstrip(". ")):
        return False  # a sentence that mentions a date, not a date line
    return len(re.findall(r"[A-Za-z]{2,}", remainder)) <= 3 and len(text) <= 100


_ROLE_WORDS = (
    r"spokesperson|spokesman|spokeswoman|correspondent|reporter|editor|writer|journalist|columnist|"
    r"contributor|analyst|secretary|minister|ambassador|director|press officer|press secretary"
)
# "Matthew Miller, Department Spokesperson" / "Jane Doe, Diplomatic Correspondent": a signed line.
_NAME_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3}),\s+(?:[A-Z][\w&-]*\s+){0,4}"
    r"(?:" + _ROLE_WORDS + r")\b[^.]*$",
    re.IGNORECASE,
)


def _is_byline(text: str) -> bool:
    if re.match(r"(?:by|written by|reporting by|words by|author|authors)\b\s*:?\s+\S", text, re.I):
        return True
    match = _NAME_ROLE.match(text)
    return bool(match and _name_tokens(match.group("name"), speaker=False))


def _word_count(text: str) -> int:
    return len(text.split())


def _is_heading(text: str) -> bool:
    """A headline-shaped line: a few words, no sentence punctuation at the end, starts like a title."""
    words = text.split()
    if not 4 <= len(words) <= 40 or len(text) > 260:
        return False
    if _SENTENCE_END.search(text) and not text.endswith(("?", "!", "?”", "!”", '?"', '!"')):
        return False
    if text.endswith(("...", "…")):
        return False
    if not re.match(r"[\"'“‘¿¡]?[A-Z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]", text):
        return False
    if sum(ch.isalpha() for ch in text) < 0.5 * len(text.replace(" ", "")):
        return False
    return not find_dates(text)


def _is_masthead(text: str) -> bool:
    """A site or institution name on its own line: 'President of Ukraine', 'The White House', 'GOV.UK'."""
    words = text.split()
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z][A-Za-z0-9]*\.[A-Za-z.]{2,}", text))
    if not 2 <= len(words) <= 6 or re.search(r"[\d:;,!?|]", text) or text.endswith("."):
        return False
    return all(word[0].isupper() or word.lower() in _CONNECTORS for word in words)


_ORG_PREFIX = re.compile(
    r"^(?:the )?(?:office|department|ministry|embassy|bureau|mission|permanent mission|government|"
    r"president|prime minister|representation|delegation|secretariat|council|cabinet) (?:of|for|to|in)\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------- title


@dataclass
class _Header:
    title: str | None = None
    masthead: str | None = None
    body_line: int | None = None  # index of the first body line, where the header ends


def _scan_header(lines: list[Line]) -> _Header:
    """Walk the header lines until the article body starts; pick the headline and a masthead above it."""
    kinds: list[tuple[str, str]] = []
    for index, line in enumerate(lines[:_MAX_HEADER_LINES]):
        if line.start >= HEADER_CHARS:
            break
        text = line.text
        if not kinds:
            wiki = re.fullmatch(r"=+\s*(.+?)\s*=+", text)
            if wiki:
                return _Header(title=wiki.group(1), body_line=index + 1)
        text = _strip_leading_date_labels(text)
        if not text:
            kinds.append(("date", line.text))
            continue
        kind = _classify(text)
        kinds.append((kind, text))
        if kind == "body":
            break

    header = _Header(body_line=len(kinds) - 1 if kinds and kinds[-1][0] == "body" else None)
    # Only the first line of the page (after banners) can be the site's masthead.
    first = next((i for i, (kind, _) in enumerate(kinds) if kind not in ("boilerplate", "date")), None)
    masthead = None
    for index, (kind, text) in enumerate(kinds):
        if kind not in ("heading", "short"):
            continue
        is_masthead = _is_masthead(text)
        if kind == "heading" and not _ORG_PREFIX.match(text):
            following = _next_significant(kinds, index)
            # A short name line directly above a longer headline is the masthead, not the title.
            above_headline = (
                following is not None
                and following[0] == "heading"
                and _word_count(following[1]) > _word_count(text)
            )
            if not (is_masthead and above_headline):
                header.title = _clean_title(text)
                break
        if is_masthead and index == first:
            masthead = text
    if header.title:
        header.masthead = masthead
    return header


def first_line_title(text: str) -> str | None:
    """A plain-text upload's first line, when it reads like a headline: the title editors expect.

    Looser than the header scan (two words are enough, and a date may stand in it), because in a
    .txt file the first line is the headline far more often than not; a sentence, a byline or a
    date line is still refused.
    """
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return None
    if re.search(r"[.,;:]$", line) or _is_byline(line) or _is_date_line(line):
        return None
    if not re.match(r"[\"'“‘]?[A-Z0-9\u00c0-\u024f]", line):
        return None
    if sum(ch.isalpha() for ch in line) < 0.5 * len(line.replace(" ", "")):
        return None
    return _clean_title(line) or None


def _next_significant(kinds: list[tuple[str, str]], index: int) -> tuple[str, str] | None:
    for kind, text in kinds[index + 1 :]:
        if kind in ("boilerplate", "short", "label", "other"):
            continue
        return kind, text
    return None


def _classify(text: str) -> str:
    if _is_boilerplate(text):
        return "boilerplate"
    if _BULLET.match(text):
        return "body"
    if _NON_PUBLICATION_LABELS.match(text):
        return "label"
    cleaned = _strip_bracketed_tail(text)
    if _is_date_line(text) and not _is_heading(cleaned):
        return "date"
    if _is_byline(text):
        return "byline"
    if _is_heading(cleaned):
        return "heading"
    if _word_count(text) < 4 and not _SENTENCE_END.search(text):
        return "short"
    if _word_count(text) < 4 and text.endswith(":"):
        return "label"
    if _SENTENCE_END.search(text) or _word_count(text) > 40:
        return "body"
    return "other"  # neither a sentence nor a headline: a tag line, a caption credit...


def _clean_title(text: str) -> str:
    text = _strip_bracketed_tail(text)
    return re.sub(r"\s+", " ", text).strip(" -–—|:")


# ------------------------------------------------------------------------------------------ published

_LABELLED_DATE = re.compile(
    r"(?P<label>\b(?:first published|originally published|published(?:\s+(?:on|at))?|publication date|"
    r"posted(?:\s+on)?|release date|released(?:\s+on)?|dated?|issued(?:\s+on)?|last updated|"
    r"updated(?:\s+on)?|last modified|modified(?:\s+on)?)"
    r"|for immediate release)\b\s*[:\-–—|]?\s*(?:on\s+)?(?:" + WEEKDAY_RE + r"\.?,?\s+)?",
    re.IGNORECASE,
)

_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z\u00c0-\u024f.'’\-]*(?:\s+[A-Z][A-Za-z\u00c0-\u024f.'’\-]*){0,3}"
    r"(?:,\s*[A-Z][A-Za-z\u00c0-\u024f.'’\-]*(?:\s+[A-Z][A-Za-z\u00c0-\u024f.'’\-]*){0,2})?)"
    r"\s*(?:,|\s[–—-])\s*(?:" + WEEKDAY_RE + r"\.?,?\s+)?"
)

_RANK_PUBLISHED, _RANK_DATELINE, _RANK_LINE, _RANK_WEEKDAY_LINE, _RANK_UPDATED, _RANK_TITLE = range(6)

# "The press release issued by the Foreign Office on 2 December 2023."
_ISSUED_BY = re.compile(
    r"\b(?:press release|news release|statement|speech|release)\s+(?:was\s+)?(?:issued|published|released)"
    r"\s+by\s+[^.\n]{2,80}?\s+on\s+",
    re.IGNORECASE,
)
# a title that ends on its date ("PM meeting with President Biden: 8 June 2023", "… Summit, 17 February
# 2022", "Remarks … on 15 December 2014")
_TITLE_DATE = re.compile(r"(?:[:,–—|-]|\bon)\s+(?P<date>" + FULL_DATE_RE.pattern + r")\s*$", re.IGNORECASE)


def _find_published(text: str, lines: list[Line]) -> datetime.date | None:
    """The publication date from the header (or a 'Published' line anywhere); never a date in the body."""
    candidates: list[tuple[int, int, datetime.date]] = []

    for match in _LABELLED_DATE.finditer(text):
        label = match.group("label") or "for immediate release"
        line_start = max(
            text.rfind("\n", max(0, match.start() - 200), match.start()) + 1, match.start() - 200
        )
        prefix = text[line_start : match.start()]
        if _BULLET.match(prefix.lstrip()) or _NON_PUBLICATION_LABELS.match(prefix.lstrip()):
            continue
        at_line_start = not prefix.strip()
        if match.start() >= HEADER_CHARS and not (at_line_start and "publish" in label.lower()):
            continue
        if label.lower() == "for immediate release":
            # US government releases: the date follows on the same line, sometimes after a contact.
            line_end = text.find("\n", match.end())
            window_end = min(match.end() + 120, line_end if line_end != -1 else len(text))
            found = find_dates(text, match.end(), window_end)
            if found:
                candidates.append((_RANK_PUBLISHED, match.start(), found[0].date))
            continue
        value = _date_at(text, match.end())
        if value is None:
            continue
        lowered = label.lower()
        rank = _RANK_UPDATED if ("updated" in lowered or "modified" in lowered) else _RANK_PUBLISHED
        if lowered.startswith("date") and not at_line_start and match.start() > 200:
            continue  # "to date, ..." style mentions deep in a sentence
        candidates.append((rank, match.start(), value))

    for match in _ISSUED_BY.finditer(text, 0, HEADER_CHARS):
        if (value := _date_at(text, match.end())) is not None:
            candidates.append((_RANK_PUBLISHED, match.start(), value))

    for number, line in enumerate(lines):
        if line.start >= HEADER_CHARS:
            break
        if _BULLET.match(line.text) or _NON_PUBLICATION_LABELS.match(line.text):
            continue
        if number < 2 and len(line.text) <= 160 and (titled := _TITLE_DATE.search(line.text)):
            found = find_dates(titled.group("date"))
            if found:
                candidates.append((_RANK_TITLE, line.start, found[0].date))
        dateline = _dateline_date(line.text, text)
        if dateline is not None:
            candidates.append((_RANK_DATELINE, line.start, dateline))
            continue
        if _is_date_line(line.text):
            found = find_dates(line.text)
            rank = _RANK_WEEKDAY_LINE if _WEEKDAY.match(line.text) else _RANK_LINE
            candidates.append((rank, line.start, found[0].date))
            continue
        for bracketed in re.finditer(r"\[([^\[\]]{6,40})\]", line.text):
            found = find_dates(bracketed.group(1))
            if found and len(line.text) <= 260:
                candidates.append((_RANK_LINE, line.start, found[0].date))
    if not candidates:
        return None
    candidates.sort(key=lambda item: (item[0], item[1]))
    return candidates[0][2]


def _date_at(text: str, position: int) -> datetime.date | None:
    """The date that starts exactly at ``position`` (after a label), written in words or numbers."""
    date_match = FULL_DATE_RE.match(text, position)
    if date_match is not None:
        found = find_dates(date_match.group(0))
        return found[0].date if found else None
    numeric = match_numeric_date(text, position)
    return numeric[0] if numeric else None


def _dateline_date(line: str, text: str) -> datetime.date | None:
    """'Brussels, 8 March 2024' / 'WASHINGTON, May 3, 2024 —' / 'KYIV, Feb 24 (Reuters) -'."""
    match = _DATELINE.match(line)
    if match is None or _word_count(match.group("place")) > 5:
        return None
    if any(
        word.lower() in _NOT_NAMES or word.lower() in ("press", "release")
        for word in match.group("place").split()
    ):
        return None
    full = FULL_DATE_RE.match(line, match.end())
    if full is not None:
        rest = line[full.end() :]
        if rest.strip() and not re.match(r"\s*(?:[(\[]|[–—-]|\||/|$)", rest):
            return None
        found = find_dates(full.group(0))
        return found[0].date if found else None
    month_day = find_month_day(line, match.end(), min(len(line), match.end() + 12))
    if month_day is None or month_day[2] != match.end():
        return None
    rest = line[month_day[3] :]
    if not re.match(r"\s*(?:\([A-Z][\w .&-]*\)\s*)?[–—-]", rest):
        return None
    year = _infer_year(text)
    return make_date(year, month_day[0], month_day[1]) if year else None


def _infer_year(text: str) -> int | None:
    """Year for a yearless dateline: the latest year of any full date in the text, else the copyright year."""
    years = [found.date.year for found in find_dates(text)]
    if years:
        return max(years)
    copyright_year = re.search(r"(?:©|\(c\)|copyright)\s*((?:19|20)\d\d)", text, re.IGNORECASE)
    return int(copyright_year.group(1)) if copyright_year else None


# ------------------------------------------------------------------------------------------- people


def _name_tokens(fragment: str, *, speaker: bool) -> str | None:
    """The person's name at the start of ``fragment``, titles skipped; None if it is not a person.

    Leading offices and honorifics are skipped ('Ambassador', 'Dr.'). ``speaker`` mode (a name inside a
    headline) takes first and last name only, because the words after the name are title-cased too
    ('Linda Thomas-Greenfield Announcing ...').
    """
    tokens = fragment.split()
    index = 0
    while index < len(tokens) and (
        tokens[index].lower().strip(",") in _TITLE_WORDS
        or (tokens[index].lower() in ("of", "the", "for", "and") and index + 1 < len(tokens))
    ):
        index += 1
    name: list[str] = []
    stop_after = False
    for token in tokens[index:]:
        core = token.strip("()[]")
        trailing = re.search(r"[,;:|]+$|(?<=[a-z]{2})\.$", core)
        if trailing:
            core = core[: trailing.start()]
            stop_after = True
        if re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", core):
            if name:
                name.append(core)  # middle initial, dropped below
            else:
                break
        elif core.lower() in _NAME_PARTICLES and name:
            name.append(core.lower() if core.islower() else core)
        elif re.fullmatch(r"[A-Z\u00c0-\u00de][\w'’\-]*[a-z\u00df-\u00ff][\w'’\-]*|[A-Z][A-Z'’\-]{2,}", core):
            name.append(core)
        else:
            break
        proper = [word for word in name if not re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", word)]
        if stop_after or (speaker and len([w for w in proper if w.lower() not in _NAME_PARTICLES]) >= 2):
            break
        if len(proper) >= 4:
            break
    while name and (re.fullmatch(r"[A-Z]\.", name[-1]) or name[-1].lower() in _NAME_PARTICLES):
        name.pop()
    kept = [word for word in name if not re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", word)]
    return _valid_person(kept)


def person_name(raw: str) -> str | None:
    """A person's name from a byline-like string ('Jane Q. Doe, Reuters' -> 'Jane Doe'), else None."""
    return _name_tokens(re.sub(r"^\s*by\s+", "", raw, flags=re.IGNORECASE), speaker=False)


def _valid_person(words: list[str]) -> str | None:
    real = [word for word in words if word.lower() not in _NAME_PARTICLES]
    if not 2 <= len(real) <= 4:
        return None
    for word in words:
        lowered = word.lower().strip(".")
        if lowered in _ORG_WORDS or lowered in _NOT_NAMES:
            return None
    if all(word.isupper() for word in real):
        words = [word.capitalize() if word.isupper() else word for word in words]
    return " ".join(words)


_BYLINE = re.compile(
    r"(?:^|\|)[ \t]*(?:by|written by|words by|story by|text by)[ \t]*:?[ \t]+(?P<rest>[^\n|]{2,120})",
    re.IGNORECASE | re.MULTILINE,
)
_REPORTING_BY = re.compile(
    r"(?<!additional )(?<!editing )\b(?:reporting|reported|written|writing)\s+by\s+(?P<rest>[^\n;|]{2,120})",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^[ \t]*(?:author|authors|byline|writer)[ \t]*:[ \t]*(?P<rest>[^\n]{2,120})", re.I | re.M
)
_SPEAKER = re.compile(
    r"\b(?:remarks|statement|speech|address|testimony|op-ed|keynote|interview|message|briefing)\s+"
    r"(?:by|of|from)\s+(?P<rest>[^\n]{2,160})"
    r"|\battributable to\s+(?P<rest2>[^\n]{2,120})",
    re.IGNORECASE,
)


def _byline_parts(rest: str) -> list[str]:
    return [
        part.strip() for part in re.split(r"\s*(?:,|;|\||\band\b|\s[–—-]\s|\u2022)\s*", rest) if part.strip()
    ]


@dataclass
class _People:
    author: str | None = None
    byline_org: str | None = None


def _find_people(text: str, header_text: str, title: str | None) -> _People:
    people = _People()
    for match in _AUTHOR_LABEL.finditer(text):
        parts = _byline_parts(match.group("rest"))
        if parts:
            people.author = people.author or _name_tokens(parts[0], speaker=False)
    for match in _BYLINE.finditer(text):
        line = _line_around(text, match.start())
        if _word_count(line) > 16 and not line.lstrip().lower().startswith("by"):
            continue
        parts = _byline_parts(match.group("rest"))
        if not parts:
            continue
        person = _name_tokens(parts[0], speaker=False)
        if person:
            people.author = people.author or person
            orgs = parts[1:]
        else:
            orgs = parts[:1] if _word_count(line) <= 10 else []
        for org in orgs:
            if _looks_like_org(org) and people.byline_org is None:
                people.byline_org = clean_org(org)
    for line in split_lines(header_text):
        match = _NAME_ROLE.match(line.text)
        if match and people.author is None:
            people.author = _name_tokens(match.group("name"), speaker=False)
    for match in _REPORTING_BY.finditer(text):
        parts = _byline_parts(match.group("rest"))
        if parts and people.author is None:
            people.author = _name_tokens(parts[0], speaker=False)
    if people.author is None:
        for source in (title or "", header_text):
            for match in _SPEAKER.finditer(source):
                rest = match.group("rest") or match.group("rest2")
                person = _name_tokens(rest, speaker=True)
                if person:
                    people.author = person
                    break
            if people.author:
                break
    return people


def _line_around(text: str, index: int, reach: int = 300) -> str:
    """The line containing ``index``, looking at most ``reach`` characters either way."""
    start = max(text.rfind("\n", max(0, index - reach), index) + 1, index - reach)
    end = text.find("\n", index, index + reach)
    return text[start : end if end != -1 else min(len(text), index + reach)]


def _looks_like_org(fragment: str) -> bool:
    words = fragment.split()
    if not 1 <= len(words) <= 8 or not fragment[:1].isupper():
        return False
    if re.search(r"[.!?]$", fragment) and not re.search(r"\b[A-Z]\.$", fragment):
        return False
    lowered = {word.lower().strip(".,") for word in words}
    return bool(lowered & _ORG_WORDS) or bool(_ORG_PREFIX.match(fragment))


# ----------------------------------------------------------------------------------------- publisher

_LEGAL_SUFFIX = re.compile(
    r"(?:[,\s]+(?:LLC|L\.L\.C\.|Ltd\.?|Limited|Inc\.?|Incorporated|Corp\.?|Corporation|plc|PLC|GmbH|AG|"
    r"S\.A\.?|SA|S\.p\.A\.?|SpA|SAS|LLP|Pty|B\.V\.?|N\.V\.?|s\.r\.o\.?|a\.s\.?|AB|Oy|ASA|Co\.?|Company|"
    r"Media Group|Media Holdings|Group|Holdings))+$"
)

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|\bcopyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?)?\s*[,.]?\s*"
    r"(?:by\s+)?(?P<name>[A-Z0-9](?:[^\n.;|©,]|\.(?=\S))*?)(?=\s*(?:\.\s|\.$|,|;|\||all rights|\n|$))",
    re.IGNORECASE,
)
_OFFICIAL_SITE = re.compile(
    r"^(?:the )?official (?:web ?site|portal|page) of (?:the )?(?P<name>[^\n.|]{3,80})$", re.I
)
_RETRIEVED_FROM = re.compile(r"retrieved from:?\s*\n?\s*(?P<name>[A-Z][^:\n]{2,80}):\s*https?://", re.I)
_PUBLISHED_BY = re.compile(
    r"^[ \t]*(?:published by|publisher)[ \t]*:?[ \t]+(?P<name>[A-Z][^\n]{1,80})$", re.I | re.M
)


def clean_org(name: str) -> str:
    """A publisher name without legal suffixes: 'Naija247news Media Group LLC' -> 'Naija247news'."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—|")
    cleaned = _LEGAL_SUFFIX.sub("", name).strip(" .,")
    name = cleaned or name
    name = re.sub(r"^(?:United States|US|U\.S)\s+(?=Department\b)", "U.S. ", name)
    return name


def _find_publisher(text: str, lines: list[Line], masthead: str | None, byline_org: str | None) -> str | None:
    for line in lines:
        if line.start >= HEADER_CHARS:
            break
        match = _OFFICIAL_SITE.match(line.text)
        if match and not re.fullmatch(r"united states government", match.group("name").strip(), re.I):
            return clean_org(match.group("name"))
    for match in _COPYRIGHT.finditer(text):
        name = match.group("name").strip()
        if not name or re.search(r"\b(?:copyright|rights|reserved|crown)\b", name, re.I):
            continue
        if _word_count(name) > 8 or re.fullmatch(r"[\d\s\-–]+", name):
            continue
        return clean_org(name)
    if byline_org:
        return byline_org
    for pattern in (_RETRIEVED_FROM, _PUBLISHED_BY):
        match = pattern.search(text)
        if match and _word_count(match.group("name")) <= 8:
            return clean_org(match.group("name"))
    if masthead:
        return clean_org(masthead)
    return None


# --------------------------------------------------------------------------------- credibility, url

_CREDIBILITY = re.compile(
    r"\bcredibility(?:\s+(?:score|rating|index|level))?\s*[:=\-–]?\s*(?P<value>\d{1,3}(?:[.,]\d+)?)\s*"
    r"(?P<unit>%|percent\b|/\s*100\b|/\s*10\b|/\s*5\b|out of (?:100|10|5)\b)?",
    re.IGNORECASE,
)


def _find_credibility(text: str) -> float | None:
    match = _CREDIBILITY.search(text)
    if match is None:
        return None
    value = float(match.group("value").replace(",", "."))
    unit = (match.group("unit") or "").replace(" ", "").lower()
    if unit in ("%", "percent", "/100", "outof100"):
        value /= 100
    elif unit in ("/10", "outof10"):
        value /= 10
    elif unit in ("/5", "outof5"):
        value /= 5
    elif value > 1:
        value /= 100
    return round(value, 4) if 0 <= value <= 1 else None


_SOURCE_URL = re.compile(
    r"^[ \t]*(?:source(?: url)?|url|link|original(?:ly published)?(?: at| on)?|read (?:more|the original)"
    r"(?: at)?|canonical)[ \t]*:?[ \t]*<?(?P<url>https?://[^\s<>\"']+)",
    re.IGNORECASE | re.MULTILINE,
)


def _find_source_url(text: str) -> str | None:
    match = _SOURCE_URL.search(text)
    return match.group("url").rstrip(".,;)>]") if match else None


# ------------------------------------------------------------------------------------------- public


def extract_metadata(text: str) -> Metadata:
    """Metadata a text states about itself; fields it does not state stay None (we never guess a date)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header_lines = split_lines(text, HEADER_CHARS)
    header = _scan_header(header_lines)
    # Speakers ("Remarks by ...", "attributable to ...") are read from the header and the first body lines.
    speaker_end = HEADER_CHARS
    if header.body_line is not None and header.body_line + 2 < len(header_lines):
        speaker_end = min(speaker_end, header_lines[header.body_line + 2].start)
    people = _find_people(text, text[:speaker_end], header.title)
    return Metadata(
        title=header.title,
        published=_find_published(text, header_lines),
        publisher=_find_publisher(text, header_lines, header.masthead, people.byline_org),
        author=people.author,
        credibility=_find_credibility(text),
        source_url=_find_source_url(text),
    )
