"""Builds real documents for tests: a small valid PDF (written by hand, per the PDF 1.4 format) and a DOCX."""

from __future__ import annotations

from pathlib import Path

import yaml


def make_pdf(pages: list[str]) -> bytes:
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        content_id = page_ids[i] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx(path: Path, parts: list[tuple[str, str]]) -> None:
    """parts: (style, text) with style 'Heading 1', 'Heading 2' or 'Normal'."""
    import docx

    document = docx.Document()
    for style, text in parts:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text)
    document.save(str(path))


def meta(source_id: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": source_id,
        "title": f"Test document {source_id}",
        "publisher": "Test agency",
        "jurisdiction": "Agency",
        "date": "2026-01-01",
        "url": "https://example.org/policy",
        "kind": "agency-policy",
        "authority": "agency-policy",
        "verified": "written for the tests",
    }
    data.update(extra)
    return data


def write_sidecar(path: Path, data: dict[str, object]) -> None:
    path.with_name(path.stem + ".meta.yaml").write_text(yaml.safe_dump(data))


def markdown(data: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(data) + "---\n" + body
