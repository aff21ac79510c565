"""Accuracy of the metadata prefill and OCR time per page, on generated scans and real samples.

Usage: `.venv/bin/python bench/ocr/measure.py [--threads-only]` (needs Debian ocrmypdf,
tesseract-ocr-vie, poppler-utils and fonts-liberation2, and the test extra for fpdf2). Record the
printed tables in docs/benchmarks.md with the date and the machine.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinhquyenso.config.settings")

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from bench.ocr.documents import DOCUMENTS, truth  # noqa: E402
from bench.ocr.make_scans import DEFAULT_DIR, make_scans  # noqa: E402
from chinhquyenso.assist import pipeline  # noqa: E402
from chinhquyenso.assist.extract import extract_metadata  # noqa: E402
from chinhquyenso.core.text import fold  # noqa: E402

FIELDS = ("notation", "issued_date", "issuer", "doc_type", "subject")
SAMPLES = ROOT / "data" / "samples"
# What a clerk registers from each real sample (see docs/ocr.md for the resolution's stamp).
SAMPLE_TRUTH = {
    "nghi-quyet-chuyen-doi-so-quang-ngai-2023.txt": {
        "notation": "1040-BS/HU",
        "issued_date": "2023-09-13",
        "issuer": "HUYỆN ỦY BÌNH SƠN",
        "doc_type": "Nghị quyết",
        "subject": "về chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030",
    },
    "1677-NQ-UBTVQH15-sap-xep-xa-quang-ngai-2025.md": {
        "notation": "1677/NQ-UBTVQH15",
        "issued_date": "2025-06-16",
        "issuer": "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
        "doc_type": "Nghị quyết",
        "subject": "Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Quảng Ngãi năm 2025",
    },
}


def same(field: str, found, expected) -> bool:
    if field in {"issuer", "subject"}:
        return fold(found or "").strip(" .,;") == fold(expected).strip(" .,;")
    return found == expected


def score(result: dict, expected: dict) -> dict[str, bool]:
    return {field: same(field, result[field]["value"], expected[field]) for field in FIELDS}


def ocr(scan: Path) -> tuple[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "out.pdf"
        start = time.perf_counter()
        pipeline.make_searchable(scan, output, is_image=scan.suffix != ".pdf")
        text = pipeline.extract_text(output)
        return text, time.perf_counter() - start


def table(title: str, rows: dict[str, list[dict[str, bool]]]) -> None:
    print(f"\n{title}\n")
    print("| set | documents | " + " | ".join(FIELDS) + " |")
    print("|---|---|" + "---|" * len(FIELDS))
    for name, scores in rows.items():
        cells = [f"{sum(s[f] for s in scores)}/{len(scores)}" for f in FIELDS]
        print(f"| {name} | {len(scores)} | " + " | ".join(cells) + " |")


def parallelism(scans: list[Path], rounds: int = 3) -> None:
    """A 4-page image PDF read with three tesseract threading set-ups, interleaved, median."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "four-pages.pdf"
        pages = [Image.open(path).convert("L") for path in scans[:4]]
        pages[0].save(source, save_all=True, append_images=pages[1:], resolution=300)
        workers = str(pipeline.worker_count())
        setups = {
            f"OMP_THREAD_LIMIT=1, --jobs {workers} (ours)": ("1", workers),
            f"tesseract threads unlimited, --jobs {workers}": (None, workers),
            "tesseract threads unlimited, --jobs 1": (None, "1"),
        }
        timings: dict[str, list[float]] = defaultdict(list)
        for _round in range(rounds):
            for label, (omp, jobs) in setups.items():
                env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
                if omp:
                    env["OMP_THREAD_LIMIT"] = omp
                command = ["ocrmypdf", "-q", "-l", "vie", "--skip-text", "--output-type", "pdf"]
                start = time.perf_counter()
                subprocess.run(
                    [*command, "--jobs", jobs, str(source), str(Path(tmp) / "out.pdf")],
                    env=env,
                    check=True,
                )
                timings[label].append((time.perf_counter() - start) / 4)
        print(f"\n| set-up | seconds per page, 4-page scan (median of {rounds}) |\n|---|---|")
        for label, values in timings.items():
            print(f"| {label} | {statistics.median(values):.2f} |")


def main() -> None:
    if pipeline.missing_tools() or not pipeline.languages_installed():
        sys.exit("OCR tools missing: apt-get install ocrmypdf tesseract-ocr-vie poppler-utils")
    make_scans(DEFAULT_DIR)
    if "--threads-only" in sys.argv:
        parallelism(sorted(DEFAULT_DIR.glob("*.clean.png")))
        return
    rows: dict[str, list[dict[str, bool]]] = defaultdict(list)
    times: dict[str, list[float]] = defaultdict(list)
    misses = []
    for doc in DOCUMENTS:
        for variant, suffix in (
            ("clean 300 dpi PNG", "clean.png"),
            ("office 200 dpi JPEG", "office.jpg"),
        ):
            text, seconds = ocr(DEFAULT_DIR / f"{doc.name}.{suffix}")
            times[variant].append(seconds)
            result = extract_metadata(text)
            scores = score(result, truth(doc))
            rows[variant].append(scores)
            misses += [
                f"{doc.name} ({variant}) {f}: {result[f]['value']!r} != {truth(doc)[f]!r}"
                for f, ok in scores.items()
                if not ok
            ]
    for name, expected in SAMPLE_TRUTH.items():
        result = extract_metadata((SAMPLES / name).read_text(encoding="utf-8"))
        scores = score(result, expected)
        rows["real samples (text)"].append(scores)
        misses += [f"{name} {f}: {result[f]['value']!r}" for f, ok in scores.items() if not ok]
    table("Prefill accuracy (exact match; issuer and subject compared folded)", rows)
    print("\n| variant | OCR seconds per page (mean) | min | max |\n|---|---|---|---|")
    for variant, values in times.items():
        mean = sum(values) / len(values)
        print(f"| {variant} | {mean:.2f} | {min(values):.2f} | {max(values):.2f} |")
    parallelism(sorted(DEFAULT_DIR.glob("*.clean.png")))
    print("\nMisses:" if misses else "\nNo misses.")
    for miss in misses:
        print(" -", miss)


if __name__ == "__main__":
    main()
