"""Loaders for every supported format, and a clear message for every bad input (the rest is still indexed)."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load
from tests.ingest.conftest import Ingester
from tests.ingest.documents import make_docx, make_pdf, markdown, meta, write_sidecar


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(make_pdf(["Staff must not share Cabinet material online.", "Official accounts are records."]))
    write_sidecar(pdf, meta("pdf-policy"))
    doc = load(pdf)
    assert doc.source_id == "pdf-policy"
    assert [b.locator for b in doc.blocks] == ["p. 1", "p. 2"]
    assert "Official accounts are records." in doc.text[doc.blocks[1].start : doc.blocks[1].end]


def test_docx_keeps_headings(tmp_path: Path) -> None:
    path = tmp_path / "policy.docx"
    make_docx(
        path,
        [
            ("Heading 1", "Personal use"),
            ("Normal", "Staff may post in a personal capacity."),
            ("Heading 2", "Political content"),
            ("Normal", "Do not share party material."),
        ],
    )
    write_sidecar(path, meta("docx-policy"))
    doc = load(path)
    sections = [b.section for b in doc.blocks]
    assert sections == ["Personal use", "Personal use > Political content"]


def test_html_and_markdown(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><nav>menu</nav><h2>Records</h2><p>Posts are State records.</p></body></html>")
    write_sidecar(page, meta("html-page"))
    doc = load(page)
    assert doc.blocks[0].section == "Records" and "menu" not in doc.text
    md = tmp_path / "note.md"
    md.write_text(markdown(meta("md-note"), "# Title\n\n## Scope\n\nThis applies to all staff.\n"))
    doc = load(md)
    assert doc.blocks[0].section == "Scope" and doc.text.endswith("This applies to all staff.\n")


def _problems(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.file.split("/")[-1]: p.reason for p in report.errors}


def test_each_bad_input_is_named_and_skipped_and_the_rest_indexed(ingester: Ingester, knowledge: Path) -> None:
    src = knowledge / "sources"
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    write_sidecar(src / "corrupt.pdf", meta("corrupt-pdf"))
    (src / "empty.md").write_text("")
    (src / "slides.pptx").write_bytes(b"PK\x03\x04")
    (src / "no-id.md").write_text(markdown({k: v for k, v in meta("x").items() if k != "id"}, "Body text here.\n"))
    (src / "dup.md").write_text(markdown(meta("apsc-public-comment"), "Another document with a taken id.\n"))
    (src / "bad-yaml.md").write_text("---\nid: [unclosed\n---\nBody.\n")
    (src / "bad-enum.md").write_text(markdown(meta("bad-enum", authority="rumour"), "Body text.\n"))
    (src / "no-meta.txt").write_text("A text file with no sidecar.")
    report = ingester.run()
    problems = _problems(report)
    assert "not a readable PDF" in problems["corrupt.pdf"]
    assert "empty" in problems["empty.md"]
    assert "unsupported file type .pptx" in problems["slides.pptx"]
    assert "id" in problems["no-id.md"] and "Field required" in problems["no-id.md"]
    # The duplicate is whichever file comes second in path order; both names appear in the message.
    dup_file = next(name for name, reason in problems.items() if "duplicate id" in reason)
    assert "apsc-public-comment" in problems[dup_file]
    assert "not valid YAML" in problems["bad-yaml.md"]
    assert "authority" in problems["bad-enum.md"]
    assert "no metadata" in problems["no-meta.txt"] and "no-meta.meta.yaml" in problems["no-meta.txt"]
    assert report.added == 3  # the good documents are all indexed
    assert {c.source_id for c in ingester.chunks()} == {
        "nsw-ombudsman-social-media",
        "apsc-public-comment",
        "nsw-ombudsman-article",
    }


def test_a_broken_new_version_keeps_the_indexed_one(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    paper = knowledge / "sources" / "apsc-public-comment.md"
    paper.write_text("---\nid: apsc-public-comment\n---\nno title or dates\n")
    report = ingester.run()
    assert report.removed == 0 and len(report.errors) == 1
    assert "apsc-public-comment" in {c.source_id for c in ingester.chunks()}


def test_pdf_and_docx_are_indexed_with_locators(ingester: Ingester, knowledge: Path) -> None:
    src = knowledge / "sources"
    (src / "policy.pdf").write_bytes(make_pdf(["Page one text about official accounts.", "Page two on records."]))
    write_sidecar(src / "policy.pdf", meta("agency-pdf"))
    make_docx(src / "rules.docx", [("Heading 1", "Approvals"), ("Normal", "Managers approve official posts.")])
    write_sidecar(src / "rules.docx", meta("agency-docx"))
    report = ingester.run()
    assert report.errors == [] and report.added == 5
    chunks = ingester.chunks()
    assert [c.get("locator") for c in chunks if c.source_id == "agency-pdf"] == ["p. 1", "p. 2"]
    assert [c.get("section") for c in chunks if c.source_id == "agency-docx"] == ["Approvals"]


def test_a_new_file_reusing_an_indexed_id_is_a_duplicate_whatever_its_name(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    original = (knowledge / "sources" / "apsc-public-comment.md").read_text()
    (knowledge / "sources" / "aaa-copy.md").write_text(original.replace("Making public comment", "An impostor"))
    report = ingester.run()
    assert report.updated == 0 and report.added == 0 and report.unchanged == 3
    assert "duplicate id 'apsc-public-comment'" in _problems(report)["aaa-copy.md"]
    titles = {c.get("title") for c in ingester.chunks() if c.source_id == "apsc-public-comment"}
    assert titles and all("impostor" not in str(t) for t in titles)
