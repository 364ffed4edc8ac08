"""Loaders: one per file type. Each returns the document's text and its blocks (section, locator, span).

The text a loader returns is what citations quote: for Markdown and plain text it is the file's own text (the
body after the front matter), for PDF the text pypdf extracts page by page, for DOCX the paragraphs, for HTML the
visible text. Every block is a span of that text, so every chunk is verbatim text of its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.metadata import (
    MetadataError,
    SourceMeta,
    parse_meta,
    read_sidecar,
    sidecar_path,
    split_front_matter,
)

SUPPORTED = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


class LoadError(ValueError):
    """A file that cannot be indexed; the message names the file and the reason."""


@dataclass
class Block:
    start: int
    end: int
    section: str | None = None
    locator: str | None = None


@dataclass
class SourceDoc:
    path: Path
    meta: SourceMeta
    text: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        return self.meta.id


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    trail: list[tuple[int, str]] = []
    pos, section = 0, None
    for match in _HEADING.finditer(text):
        if text[pos : match.start()].strip():
            blocks.append(Block(pos, match.start(), section))
        level = len(match.group(1))
        trail = [(lvl, title) for lvl, title in trail if lvl < level] + [(level, match.group(2))]
        # The document title (a single #) is not part of the section path.
        names = [title for lvl, title in trail if lvl > 1 or len(trail) == 1]
        section = " > ".join(names) or None
        pos = match.end()
    if text[pos:].strip():
        blocks.append(Block(pos, len(text), section))
    return blocks


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}: not UTF-8 text") from exc


def load_markdown(path: Path) -> tuple[str, list[Block], dict | None]:
    raw = _read_text(path)
    front, body = split_front_matter(raw, path.name)
    return body, _markdown_blocks(body), front


def load_text(path: Path) -> tuple[str, list[Block], dict | None]:
    text = _read_text(path)
    return text, [Block(0, len(text))], None


def load_html(path: Path) -> tuple[str, list[Block], dict | None]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    parts: list[str] = []
    blocks: list[Block] = []
    section: str | None = None
    pos = 0
    for element in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "blockquote", "pre"]):
        piece = " ".join(element.get_text(" ", strip=True).split())
        if not piece:
            continue
        if element.name in {"h1", "h2", "h3", "h4"}:
            section = piece
        else:
            blocks.append(Block(pos, pos + len(piece), section))
        parts.append(piece)
        pos += len(piece) + 2
    return "\n\n".join(parts), blocks, None


def load_pdf(path: Path) -> tuple[str, list[Block], dict | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"{path.name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for number, page_text in enumerate(pages, start=1):
        page_text = page_text.strip()
        if page_text:
            blocks.append(Block(pos, pos + len(page_text), None, f"p. {number}"))
        parts.append(page_text)
        pos += len(page_text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise LoadError(f"{path.name}: the PDF has no extractable text (a scan? run OCR first)")
    return text, blocks, None


def load_docx(path: Path) -> tuple[str, list[Block], dict | None]:
    import zipfile

    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(f"{path.name}: not a readable DOCX ({exc.__class__.__name__})") from exc
    parts: list[str] = []
    blocks: list[Block] = []
    trail: list[tuple[int, str]] = []
    pos = 0
    for paragraph in document.paragraphs:
        piece = paragraph.text.strip()
        if not piece:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("Heading") or style == "Title":
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            trail = [(lvl, t) for lvl, t in trail if lvl < level] + [(level, piece)]
        else:
            section = " > ".join(t for _, t in trail) or None
            blocks.append(Block(pos, pos + len(piece), section, None))
        parts.append(piece)
        pos += len(piece) + 2
    return "\n\n".join(parts), blocks, None


LOADERS: dict[str, Callable[[Path], tuple[str, list[Block], dict | None]]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def is_candidate(path: Path) -> bool:
    """A file under sources/ that ingest should look at (sidecars, README and hidden files are not)."""
    name = path.name
    return (
        path.is_file() and not name.startswith(".") and not name.endswith(".meta.yaml") and name.lower() != "readme.md"
    )


def load(path: Path) -> SourceDoc:
    """Loads one document with its metadata. Raises LoadError naming the file and the reason."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"{path.name}: unsupported file type {path.suffix or '(none)'}; use {', '.join(SUPPORTED)}")
    try:
        if path.stat().st_size == 0:
            raise LoadError(f"{path.name}: the file is empty")
        text, blocks, front = loader(path)
        side = read_sidecar(path)
        data = front if front is not None else side
        if data is None:
            raise LoadError(
                f"{path.name}: no metadata; add front matter (Markdown) or a sidecar {sidecar_path(path).name}"
            )
        meta = parse_meta(data, path.name)
    except MetadataError as exc:
        raise LoadError(str(exc)) from exc
    if not text.strip() or not blocks:
        raise LoadError(f"{path.name}: no text to index")
    return SourceDoc(path=path, meta=meta, text=text, blocks=blocks)
