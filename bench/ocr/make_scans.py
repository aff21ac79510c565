"""Render the benchmark documents to PDF and rasterise them into scans a clerk would upload.

Each document gives two scans: `clean` (300 dpi PNG, straight) and `office` (200 dpi JPEG,
quality 60, turned 0.7°, with speckle noise), the second standing for a tired office scanner.
Usage: `.venv/bin/python bench/ocr/make_scans.py [OUTPUT_DIR]` (default var/bench/ocr/scans).
"""

import io
import logging
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageFilter  # noqa: E402 - fpdf2 (test extra) brings Pillow

from bench.ocr.documents import DOCUMENTS  # noqa: E402
from chinhquyenso.assist.testing import rasterise, render_pdf  # noqa: E402

DEFAULT_DIR = ROOT / "var" / "bench" / "ocr" / "scans"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting chatter


def degrade(png: bytes, seed: int) -> bytes:
    """A 200 dpi greyscale page, slightly turned, speckled and JPEG-compressed."""
    rng = random.Random(seed)
    page = Image.open(io.BytesIO(png)).convert("L")
    page = page.rotate(0.7, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = page.load()
    width, height = page.size
    for _ in range(width * height // 400):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 160))
    page = page.filter(ImageFilter.GaussianBlur(0.4))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=60, dpi=(200, 200))
    return out.getvalue()


def make_scans(directory: Path = DEFAULT_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for index, doc in enumerate(DOCUMENTS):
        pdf = render_pdf(doc)
        (directory / f"{doc.name}.pdf").write_bytes(pdf)
        clean = directory / f"{doc.name}.clean.png"
        clean.write_bytes(rasterise(pdf, dpi=300)[0])
        office = directory / f"{doc.name}.office.jpg"
        office.write_bytes(degrade(rasterise(pdf, dpi=200)[0], seed=index))
        written += [clean, office]
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    for path in make_scans(target):
        print(path)
