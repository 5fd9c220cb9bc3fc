"""``mesadiagram export --size``: figures at a column's, a page's or a slide's size, their
text in points never below the floors, measured from the files written (the PDF's
content stream, the SVG's font sizes and viewBox, the PNG's pixels), never from the
constants of the code under test."""

from __future__ import annotations

import random
import re
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from mesadiagram.cli import main
from mesadiagram.formats import save
from mesadiagram.model import Annotation, Document, Edge, Node
from tests.conftest import EXAMPLE
from tests.export_support import have, svg_groups

SVG = "{http://www.w3.org/2000/svg}"
# What the issue asks, written out here rather than read from the code under test.
ASKED = {  # width, height (None: as needed, at most 9 in), label floor, text floor
    "column": (3.3 * 72, None, 7.0, 6.0),
    "page": (7 * 72, None, 9.0, 8.0),
    "slide": (960.0, 540.0, 20.0, 14.0),
}
needs_poppler = pytest.mark.skipif(not have("pdfinfo"), reason="needs poppler-utils")


# -- measuring the output -----------------------------------------------------------------
def pdf_page_pt(path: Path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout)
    assert m, out.stdout
    return float(m.group(1)), float(m.group(2))


_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")


def pdf_font_sizes(path: Path) -> list[float]:
    """The size in points on the page of every piece of text the PDF shows: each ``Tf``
    size through the text matrix and the graphics state's transformation (q, Q, cm)."""
    sizes = []
    pdf = path.read_bytes()
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            body = zlib.decompress(m.group(1))
        except zlib.error:
            continue  # (fonts and images)
        ctm, stack, size, tm, operands = [1.0, 0, 0, 1.0, 0, 0], [], 0.0, [1.0, 0, 0, 1.0], []
        for token in _TOKEN.findall(body):
            if _NUMBER.fullmatch(token):
                operands.append(float(token))
                continue
            if token == b"q":
                stack.append(ctm)
            elif token == b"Q":
                ctm = stack.pop()
            elif token == b"cm":  # the new matrix times the current one
                a, b, c, d, e, f = operands[-6:]
                m0, m1, m2, m3, m4, m5 = ctm
                ctm = [a * m0 + b * m2, a * m1 + b * m3, c * m0 + d * m2, c * m1 + d * m3,
                       e * m0 + f * m2 + m4, e * m1 + f * m3 + m5]  # fmt: skip
            elif token == b"Tf":
                size = operands[-1]
            elif token == b"Tm":
                tm = operands[-6:-2]
            elif token in (b"Tj", b"TJ", b"'", b'"'):
                c, d = tm[2], tm[3]  # the text's vertical, on the page
                m0, m1, m2, m3 = ctm[:4]
                sizes.append(size * ((c * m0 + d * m2) ** 2 + (c * m1 + d * m3) ** 2) ** 0.5)
            if not token.startswith((b"/", b"(", b"<", b"[", b"]")):
                operands = []
    return sizes


def svg_text_pt(svg: str) -> tuple[dict[str, float], list[float]]:
    """Each stage label's size (by stage id) and every text's size, in points: the
    font size in user units times the points per unit (width in pt over the viewBox)."""
    root = ET.fromstring(svg)
    width_pt = float(root.get("width").removesuffix("pt"))
    view_width = float(root.get("viewBox").split()[2])
    scale = width_pt / view_width
    every = [float(t.get("font-size")) * scale for t in root.iter(f"{SVG}text")]
    labels = {}
    for group in svg_groups(svg, "node"):
        first = group.find(f"{SVG}text")  # a stage's label is drawn before its other text
        labels[group.get("id").removeprefix("node-")] = float(first.get("font-size")) * scale
    return labels, every


def ink_box(image: QImage, background: QColor) -> tuple[int, int, int, int]:
    """The box around every pixel that is not the background."""
    xs, ys = [], []
    bg = background.rgb()
    for y in range(image.height()):
        row = [x for x in range(image.width()) if image.pixel(x, y) != bg]
        if row:
            xs += [row[0], row[-1]]
            ys.append(y)
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def export(tmp_path: Path, name: str, *args: str, model: Path = EXAMPLE) -> tuple[int, Path]:
    out = tmp_path / name
    return main(["export", str(model), "-o", str(out), *args]), out


# -- the seed at each size ------------------------------------------------------------------
@needs_poppler
@pytest.mark.parametrize("size", ["column", "page", "slide"])
def test_the_seed_at_each_size_is_legible_on_a_page_of_that_size(
    tmp_path: Path, size: str, seed_doc
) -> None:
    width, height, label_floor, text_floor = ASKED[size]
    status, pdf = export(tmp_path, f"seed-{size}.pdf", "--size", size)
    assert status == 0
    page_w, page_h = pdf_page_pt(pdf)
    assert page_w == pytest.approx(width, abs=0.01)
    if height is None:
        assert page_h <= 9 * 72 + 0.01
    else:
        assert page_h == pytest.approx(height, abs=0.01)
    sizes = pdf_font_sizes(pdf)
    assert len(sizes) > 50 and min(sizes) >= text_floor - 0.01

    status, svg_path = export(tmp_path, f"seed-{size}.svg", "--size", size)
    assert status == 0
    svg = svg_path.read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(width, abs=0.01)
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(page_h, abs=0.01)
    labels, every = svg_text_pt(svg)
    assert set(labels) == {n.id for n in seed_doc.nodes}
    assert min(labels.values()) >= label_floor - 0.01
    assert min(every) >= text_floor - 0.01
    assert min(every) == pytest.approx(min(sizes), abs=0.05)  # PDF and SVG agree


def test_the_seed_as_a_slide_fills_the_frame(tmp_path: Path) -> None:
    """The frame is filled (the floors are the test above's: forced here, so that this
    one checks the choice of layout on its own)."""
    status, png = export(tmp_path, "slide.png", "--size", "slide", "--dpi", "30", "--force")
    assert status == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (400, 225)
    left, top, right, bottom = ink_box(image, QColor("#FFFFFF"))
    share = (right - left) * (bottom - top) / (image.width() * image.height())
    assert share >= 0.6, f"the figure covers {share:.0%} of the slide"


def test_a_slide_at_144_dpi_is_exactly_1920_by_1080(tmp_path: Path) -> None:
    """16:9 at 960 x 540 pt: a slide PNG at 144 dpi is a full-HD image to the pixel (13.33
    in made it 1919.52 wide, rounded to 1920 only by luck of the rounding)."""
    status, png = export(tmp_path, "slide.png", "--size", "slide", "--dpi", "144")
    assert status == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1920, 1080)
    if have("pdfinfo"):
        status, pdf = export(tmp_path, "slide.pdf", "--size", "slide")
        assert status == 0
        assert pdf_page_pt(pdf) == (960.0, 540.0)  # exactly, as pdfinfo prints it


def test_png_svg_and_pdf_have_the_size_asked(tmp_path: Path) -> None:
    status, png = export(tmp_path, "page.png", "--size", "page", "--dpi", "100")
    assert status == 0
    image = QImage(str(png))
    assert image.width() == 700
    assert image.dotsPerMeterX() == round(100 / 0.0254)
    status, pdf = export(tmp_path, "custom.pdf", "--size", "180mmx120mm", "--force")
    assert status == 0
    if have("pdfinfo"):
        assert pdf_page_pt(pdf) == pytest.approx((180 / 25.4 * 72, 120 / 25.4 * 72), abs=0.01)
    status, svg = export(tmp_path, "custom.svg", "--size", "7inx4in", "--force")
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert (root.get("width"), root.get("height")) == ("504pt", "288pt")


def test_the_model_file_is_never_changed(tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_bytes(EXAMPLE.read_bytes())
    status, _ = export(tmp_path, "page.pdf", "--size", "page", model=model)
    assert status == 0 and model.read_bytes() == EXAMPLE.read_bytes()


def test_the_same_size_gives_the_same_bytes(tmp_path: Path) -> None:
    first = export(tmp_path, "a.svg", "--size", "page")[1].read_bytes()
    assert export(tmp_path, "b.svg", "--size", "page")[1].read_bytes() == first


def test_without_a_size_nothing_changes(tmp_path: Path) -> None:
    """The natural size as before: 0.75 pt per unit, the viewBox as wide as the figure."""
    root = ET.fromstring(export(tmp_path, "natural.svg")[1].read_text(encoding="utf-8"))
    view_w, view_h = (float(v) for v in root.get("viewBox").split()[2:])
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(view_w * 0.75, abs=0.01)
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(view_h * 0.75, abs=0.01)


# -- what does not fit --------------------------------------------------------------------
def star(tmp_path: Path, leaves: int = 30) -> Path:
    """One stage leading to ``leaves`` others: a layer too tall for a column at 7 pt."""
    doc = Document("Star")
    doc.insert_node(Node("hub", "The hub of it all", position=(0.0, 0.0)))
    for i in range(leaves):
        doc.insert_node(Node(f"leaf-{i}", f"Leaf number {i}", position=(300.0, i * 80.0)))
        doc.insert_edge(Edge("hub", f"leaf-{i}"))
    path = tmp_path / "star.yaml"
    save(doc, path)
    return path


def test_a_model_too_big_for_a_column_says_which_floor_and_writes_nothing(
    tmp_path: Path, capsys
) -> None:
    model = star(tmp_path)
    out = tmp_path / "star.pdf"
    out.write_bytes(b"the figure from before")
    status, _ = export(tmp_path, "star.pdf", "--size", "column", model=model)
    assert status == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    m = re.search(r"star.pdf: at column size the stage labels would be ([\d.]+) pt \(floor 7", err)
    assert m and float(m.group(1)) < 7, err
    assert "try --force" in err  # (not --size page: it was tried, and refuses too)
    assert export(tmp_path, "star-page.pdf", "--size", "page", model=model)[0] == 1
    capsys.readouterr()
    assert out.read_bytes() == b"the figure from before"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["star.yaml", "star.pdf"])

    status, _ = export(tmp_path, "star.pdf", "--size", "column", "--force", model=model)
    assert status == 0
    err = capsys.readouterr().err
    assert "star.pdf: at column size: stage labels" in err and "below the floor" in err
    assert out.read_bytes().startswith(b"%PDF-")
    if have("pdfinfo"):
        assert pdf_page_pt(out)[0] == pytest.approx(3.3 * 72, abs=0.01)


def test_a_refusal_advises_only_what_fits(tmp_path: Path, capsys) -> None:
    """The detailed seed is refused at a column and at a page alike: the advice names
    compact (which fits a column), never ``--size page`` (which refuses too)."""
    status, out = export(tmp_path, "seed.pdf", "--size", "column", "--detail", "detailed")
    assert status == 1 and not out.exists()
    err = capsys.readouterr().err
    assert "seed.pdf: at column size the stage labels would be" in err, err
    assert "try --detail compact, or --force" in err and "--size page" not in err, err
    status, _ = export(tmp_path, "page.pdf", "--size", "page", "--detail", "detailed")
    assert status == 1  # (what it would have advised)
    assert "--size" not in capsys.readouterr().err.split("try")[1]


def test_detail_auto_turns_compact_to_fit_and_detailed_is_kept(tmp_path: Path, capsys) -> None:
    status, out = export(tmp_path, "auto.svg", "--size", "page", "--detail", "auto")
    assert status == 0
    assert not svg_groups(out.read_text(encoding="utf-8"), "callout")
    assert "compact instead of detailed" in capsys.readouterr().err
    status, out = export(tmp_path, "detailed.svg", "--size", "page", "--detail", "detailed")
    assert status == 1 and not out.exists()
    assert "try --detail compact, or --force" in capsys.readouterr().err
    status, out = export(tmp_path, "natural.svg", "--detail", "auto")  # no size: it fits
    assert status == 0 and svg_groups(out.read_text(encoding="utf-8"), "callout")


@pytest.mark.parametrize(
    "size", ["7", "7furlongs", "0in", "200in", "x4in", "7inx", "-3in", "7in\nfake line"]
)
def test_a_bad_size_is_one_line_and_exit_2(tmp_path: Path, capsys, size: str) -> None:
    status, out = export(tmp_path, "bad.pdf", f"--size={size}")
    assert status == 2 and not out.exists()
    err = capsys.readouterr().err
    assert err.startswith("mesadiagram export: --size ") and err.count("\n") == 1


def test_size_and_page_are_not_both_taken(tmp_path: Path, capsys) -> None:
    status, out = export(tmp_path, "both.pdf", "--size", "page", "--page", "a4")
    assert status == 2 and not out.exists()
    assert "--size and --page" in capsys.readouterr().err


# -- reflowing random models --------------------------------------------------------------
def random_model(seed: int) -> Document:
    rng = random.Random(seed)
    doc = Document(f"Random {seed}")
    n = rng.randrange(3, 12)
    for i in range(n):
        label = f"Stage {i} " + "word " * rng.randrange(3)
        doc.insert_node(Node(f"s{i}", label.strip(), position=(i * 250.0, 0.0)))
    for i in range(1, n):
        doc.insert_edge(Edge(f"s{rng.randrange(i)}", f"s{i}", label=rng.choice(("", "p = 0.5"))))
    for i in rng.sample(range(n), min(n, 3)):
        doc.set_annotations(f"s{i}", [Annotation("kind", "Proxy"), Annotation("caveat", "If not")])
    return doc


@pytest.mark.parametrize("seed", range(6))
def test_random_models_at_a_page_hold_the_floors_or_refuse(tmp_path: Path, seed: int) -> None:
    model = tmp_path / "model.yaml"
    doc = random_model(seed)
    save(doc, model)
    status, out = export(tmp_path, "fig.svg", "--size", "page", model=model)
    if status == 1:
        assert not out.exists()
        return
    assert status == 0
    labels, every = svg_text_pt(out.read_text(encoding="utf-8"))
    assert set(labels) == {n.id for n in doc.nodes}
    assert min(labels.values()) >= 9 - 0.01 and min(every) >= 8 - 0.01


def test_the_text_measure_knows_every_drawing_call() -> None:
    """``fit.TextSizes`` measures what a figure draws: a drawing call added to the Surface
    protocol must be added there too, or its text would escape the floors."""
    from mesadiagram.render.fit import TextSizes
    from mesadiagram.render.surface import Surface

    calls = {name for name in vars(Surface) if not name.startswith("_")}
    assert calls and calls <= {name for name in vars(TextSizes) if not name.startswith("_")}
