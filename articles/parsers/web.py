"""HTML pages: the article's main text and the metadata the page declares about itself."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from .base import TEXT_HTML, ParsedDocument
from .dates import parse_date
from .metadata import clean_org, extract_metadata, person_name

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (<meta charset> or http-equiv)."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None


class _MetaCollector(HTMLParser):
    """Reads <meta>, <title>, canonical link and (as a fallback) the visible text of a page."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "figcaption",
        "main",
        "aside",
        "nav",
        "form",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.page_title: str | None = None
        self._in_title = False
        self._skip_depth = 0
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            key = (
                attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
            ).lower()
            content = attributes.get("content", "").strip()
            if key and content and key not in self.meta:
                self.meta[key] = content
            return
        if tag == "link" and "canonical" in attributes.get("rel", "").lower() and attributes.get("href"):
            self.canonical = self.canonical or attributes["href"].strip()
            return
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip_depth += 1
        if tag in self._BLOCK:
            self._chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in self._BLOCK:
            self._chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title = ((self.page_title or "") + data).strip() or None
            return
        if not self._skip_depth:
            self._chunks.append(data)

    def visible_text(self) -> str:
        raw = "".join(self._chunks)
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def _first(meta: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None


def parse_html(html: str, *, encoding: str | None) -> ParsedDocument:
    """Main text via trafilatura (stdlib fallback when it finds nothing), metadata from meta tags first."""
    import trafilatura  # imported lazily: slow to import and only HTML needs it

    collector = _MetaCollector()
    collector.feed(html)
    collector.close()
    meta = collector.meta

    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not body:
        body = collector.visible_text()
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    from_text = extract_metadata(body)

    def traf(field: str) -> str | None:
        value = getattr(extracted, field, None) if extracted is not None else None
        return value.strip() if isinstance(value, str) and value.strip() else None

    title = _first(meta, "og:title", "twitter:title", "dc.title") or traf("title") or collector.page_title
    published = None
    for candidate in (
        _first(
            meta, "article:published_time", "datepublished", "dc.date.issued", "dc.date", "date", "pubdate"
        ),
        traf("date"),
    ):
        if candidate and (published := parse_date(candidate)):
            break
    site_name = _first(meta, "og:site_name", "application-name", "publisher", "dc.publisher")
    publisher = site_name or traf("sitename")
    author_raw = _first(meta, "author", "article:author", "dc.creator", "parsely-author") or traf("author")
    author = person_name(author_raw) if author_raw and not author_raw.startswith("http") else None
    source_url = _first(meta, "og:url") or collector.canonical or traf("url")

    return ParsedDocument(
        text=body,
        content_type=TEXT_HTML,
        title=title or from_text.title,
        published=published or from_text.published,
        publisher=clean_org(publisher) if publisher else from_text.publisher,
        author=author or from_text.author,
        credibility=from_text.credibility,
        source_url=source_url or from_text.source_url,
        encoding=encoding,
    )
