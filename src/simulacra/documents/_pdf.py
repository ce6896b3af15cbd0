"""PDF documents with a real layout, drawn with reportlab from a small line markup.

A PDF template renders text in sections; each section starts with a line
``@name`` and runs to the next one::

    @brand Acme Shop                 issuer, top left of the header band
    @title Invoice                   document title, top right
    @from Sold by                    address block (label optional), one line per line
    @to Bill to                      the other address block, beside it
    @meta                            "Label: value" lines, a key/value block on the right
    @table                           "a | b | c" lines; the first is the header row
    @totals                          "Label: value" lines; the last one is the grand total
    @text                            paragraphs (blank lines between them)
    @footer Thank you                a line at the bottom of every page

The same markup, with its ``@`` lines dropped, is the document's plain text in
the index (where its entity spans are counted).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as xml_escape

__all__ = ["Layout", "parse_layout", "plain_layout_text", "render_pdf"]

_DIRECTIVE = re.compile(r"^@(brand|title|from|to|meta|table|totals|text|footer)\b[ \t]*(.*)$")
_NUMERIC = re.compile(r"^[-+]?[^\d\s]{0,3}\s?[\d][\d.,\u00a0\u202f ]*(\s?[^\d\s]{0,3})?$")
_MARKS = re.compile("\ue000\\d+\ue001|\ue002")
_CJK = re.compile(r"([\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)")


class LayoutError(ValueError):
    """A PDF template's markup is not understood (a line outside any section)."""


@dataclass
class Layout:
    brand: str = ""
    title: str = ""
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, lines) for @from/@to
    meta: list[tuple[str, str]] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    totals: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    footer: str = ""


def plain_layout_text(marked: str) -> str:
    """The markup without its ``@`` lines: the document's text for the index (markers kept)."""
    out: list[str] = []
    for line in marked.split("\n"):
        mt = _DIRECTIVE.match(line)
        if mt:
            if mt.group(2):
                out.append(mt.group(2))
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out) + "\n"


def _kv(line: str) -> tuple[str, str]:
    k, sep, v = line.partition(": ")
    return (k.strip(), v.strip()) if sep else ("", line.strip())


def parse_layout(text: str) -> Layout:
    """Sections of the (marker-free) markup."""
    lay = Layout()
    kind: str | None = None
    para: list[str] = []
    for n, line in enumerate(text.split("\n"), 1):
        mt = _DIRECTIVE.match(line)
        if mt:
            if para:
                lay.paragraphs.append(" ".join(para))
                para = []
            kind, arg = mt.group(1), mt.group(2).strip()
            if kind == "brand":
                lay.brand = arg
            elif kind == "title":
                lay.title = arg
            elif kind == "footer":
                lay.footer = arg
            elif kind in ("from", "to"):
                lay.blocks.append((arg, []))
            elif kind == "table":
                lay.tables.append([])
            continue
        if not line.strip():
            if kind == "text" and para:
                lay.paragraphs.append(" ".join(para))
                para = []
            continue
        if kind in ("from", "to"):
            lay.blocks[-1][1].append(line.strip())
        elif kind == "meta":
            lay.meta.append(_kv(line))
        elif kind == "totals":
            lay.totals.append(_kv(line))
        elif kind == "table":
            lay.tables[-1].append([c.strip() for c in line.split(" | ")])
        elif kind == "text":
            para.append(line.strip())
        else:
            raise LayoutError(
                f"line {n} is outside any section ({line.strip()[:40]!r}); start sections with @brand, @title, @from, @to, @meta, @table, @totals, @text or @footer"
            )
    if para:
        lay.paragraphs.append(" ".join(para))
    return lay


# ---------------------------------------------------------------- drawing


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str, str | None]:
    """(regular, bold, CJK fallback) font names; DejaVu (from matplotlib's data) covers most scripts."""
    from reportlab.pdfbase import pdfmetrics

    regular, bold = "Helvetica", "Helvetica-Bold"
    try:
        import importlib.util
        from pathlib import Path

        from reportlab.pdfbase.ttfonts import TTFont

        spec = importlib.util.find_spec("matplotlib")
        if spec is not None and spec.submodule_search_locations:
            base = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
            if (base / "DejaVuSans.ttf").exists() and (base / "DejaVuSans-Bold.ttf").exists():
                pdfmetrics.registerFont(TTFont("SimDejaVu", str(base / "DejaVuSans.ttf")))
                pdfmetrics.registerFont(TTFont("SimDejaVu-Bold", str(base / "DejaVuSans-Bold.ttf")))
                regular, bold = "SimDejaVu", "SimDejaVu-Bold"
    except Exception:  # a font that cannot be read: the built-in fonts still draw Latin text
        pass
    cjk: str | None = None
    try:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
        cjk = "HeiseiKakuGo-W5"
    except Exception:
        cjk = None
    return regular, bold, cjk


def _para_markup(text: str) -> str:
    s = xml_escape(text)
    cjk = _fonts()[2]
    if cjk is not None:
        s = _CJK.sub(lambda m: f'<font name="{cjk}">{m.group(1)}</font>', s)
    return s


def _is_numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.strip())) if cell.strip() else False


def render_pdf(layout: Layout, *, title: str, page: str = "A4") -> bytes:
    """The PDF bytes of a layout: header band, addresses side by side, details, items, totals, text, footer."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold, _ = _fonts()
    ink = colors.HexColor("#1f2933")
    accent = colors.HexColor("#0b6e69")
    muted = colors.HexColor("#616e7c")
    rule = colors.HexColor("#cbd2d9")
    zebra = colors.HexColor("#f3f5f7")
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=ink)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=muted)
    label = ParagraphStyle("label", parent=small, fontName=bold, textColor=accent)
    brand_st = ParagraphStyle("brand", parent=body, fontName=bold, fontSize=15, leading=19, textColor=accent)
    title_st = ParagraphStyle(
        "title", parent=body, fontName=bold, fontSize=19, leading=23, alignment=TA_RIGHT, textColor=ink
    )
    cell_st = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    cell_r = ParagraphStyle("cellr", parent=cell_st, alignment=TA_RIGHT)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    right_bold = ParagraphStyle("rightb", parent=right, fontName=bold)
    head = ParagraphStyle("head", parent=body, fontName=bold, fontSize=8.5, textColor=colors.white)
    head_r = ParagraphStyle("headr", parent=head, alignment=TA_RIGHT)

    size = LETTER if page.lower() == "letter" else A4
    width = size[0] - 36 * mm
    story: list[Any] = []

    band = Table(
        [[Paragraph(_para_markup(layout.brand), brand_st), Paragraph(_para_markup(layout.title), title_st)]],
        colWidths=[width * 0.55, width * 0.45],
    )
    band.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, accent),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [band, Spacer(1, 7 * mm)]

    if layout.blocks or layout.meta:
        cells: list[Any] = []
        for lab, lines in layout.blocks[:2]:
            cell = [Paragraph(_para_markup(lab.upper()), label)] if lab else []
            cell.append(Paragraph("<br/>".join(_para_markup(x) for x in lines), body))
            cells.append(cell)
        if layout.meta:
            meta = Table(
                [[Paragraph(_para_markup(k), small), Paragraph(_para_markup(v), right)] for k, v in layout.meta],
                colWidths=[width * 0.15, width * 0.2],
            )
            meta.setStyle(
                TableStyle(
                    [
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ]
                )
            )
            cells.append(meta)
        n = len(cells)
        widths = [width * 0.32] * (n - 1) + [width - width * 0.32 * (n - 1)] if n > 1 else [width]
        top = Table([cells], colWidths=widths)
        top.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
                ]
            )
        )
        story += [top, Spacer(1, 8 * mm)]

    for rows in layout.tables:
        if not rows:
            continue
        ncol = max(len(r) for r in rows)
        rows = [r + [""] * (ncol - len(r)) for r in rows]
        numeric = (
            [sum(_is_numeric(r[c]) for r in rows[1:]) > (len(rows) - 1) / 2 for c in range(ncol)]
            if len(rows) > 1
            else [False] * ncol
        )
        data = [[Paragraph(_para_markup(c), head_r if numeric[j] else head) for j, c in enumerate(rows[0])]]
        data += [
            [Paragraph(_para_markup(c), cell_r if numeric[j] else cell_st) for j, c in enumerate(r)] for r in rows[1:]
        ]
        # columns as wide as their longest cell (within bounds), the first one taking what is left
        need = [min(max(len(r[j]) for r in rows), 40) for j in range(ncol)]
        widths = [max(n * 5.4 + 18, 44.0) for n in need]
        rest = width - sum(widths[1:])
        if rest < width * 0.3:
            scale = (width * 0.7) / sum(widths[1:])
            widths = [w * scale for w in widths]
            rest = width * 0.3
        table = Table(data, colWidths=[rest] + widths[1:], repeatRows=1)
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, rule),
        ]
        style += [("BACKGROUND", (0, i), (-1, i), zebra) for i in range(2, len(data), 2)]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 4 * mm)]

    if layout.totals:
        trows = []
        for i, (k, v) in enumerate(layout.totals):
            last = i == len(layout.totals) - 1
            trows.append(
                [
                    Paragraph(_para_markup(k), right_bold if last else right),
                    Paragraph(_para_markup(v), right_bold if last else right),
                ]
            )
        totals = Table(trows, colWidths=[width * 0.25, width * 0.2], hAlign="RIGHT")
        totals.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, len(trows) - 1), (-1, len(trows) - 1), 1, ink),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story += [totals, Spacer(1, 6 * mm)]

    for p in layout.paragraphs:
        story += [Paragraph(_para_markup(p), body), Spacer(1, 2.5 * mm)]

    footer = layout.footer

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(rule)
        canvas.line(18 * mm, 14 * mm, size[0] - 18 * mm, 14 * mm)
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(muted)
        if footer:
            canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(size[0] - 18 * mm, 10 * mm, f"{doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="simulacra (synthetic data)",
        subject=title,
        keywords="",
        creator="simulacra",
        invariant=1,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def strip_markers(text: str) -> str:
    return _MARKS.sub("", text)
