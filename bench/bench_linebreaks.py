#!/usr/bin/env python
"""Where the PA1's lines break, read back from the PDF.

    .venv/bin/python bench/bench_linebreaks.py [--save DIR] [--json FILE] [--list N]
    .venv/bin/python bench/bench_linebreaks.py --measure FILE.pdf ...   # PDFs rendered elsewhere

Renders the demo agreements (fixtures/demo/agreement-complete.json, the same cut to a line a
cell, and the long-text fixture of reports/tests/factories.py) on a throw-away SQLite database,
reads every text line of every page back (`pdftotext -bbox-layout`), and counts the line breaks
inside a cell that fall inside a word of pythainlp's newmm segmentation with the portal's word
list (reports/thaiwords.py); goal: at most 5 %. A break inside a word wider than the narrowest
column (thaiwords.MAX_WORD_WIDTH_PT) cannot be avoided and is counted apart too. Also prints
each document's pages. `--list N` prints N of the breaks inside a word, `--save DIR` keeps the
PDFs, `--measure` reads PDFs rendered elsewhere (an older checkout's, for a before/after).
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pdf import django_setup  # noqa: E402

CASES = ("demo", "short", "long")


def prepare() -> dict:
    from django.core.management import call_command

    from agreements.management.commands.load_policies import load_policy_files
    from reports import tasks
    from reports.tests.factories import compact_data, complete_data, deputy, long_data, submitted_agreement
    from standards.services import standards_load_all

    tasks.agreement_pdf_prerender.delay = lambda *args, **kwargs: None  # rendered here, once
    call_command("migrate", verbosity=0)
    standards_load_all()
    load_policy_files()
    data = {"demo": complete_data(), "short": compact_data(), "long": long_data()}
    return {case: submitted_agreement(deputy(), data=data[case]).pk for case in CASES}


def measure(path: Path) -> dict:
    from reports import thaiwords
    from reports.documents import GROUP_LABELS
    from reports.tests import pdfcheck

    breaks = pdfcheck.soft_line_breaks(path, hard=set(GROUP_LABELS.values()))
    inside = [(b, thaiwords.word_across(*b)) for b in breaks]
    inside = [(b, word) for b, word in inside if word]
    wide = [word for _, word in inside if thaiwords.width_pt(word) > thaiwords.MAX_WORD_WIDTH_PT]
    return {
        "pages": len(pdfcheck.page_texts(path)),
        "breaks": len(breaks),
        "inside": len(inside),
        "inside_wide_words": len(wide),
        "examples": [f"{left[-12:]}⏎{right[:12]}" for (left, right), _ in inside],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--save", help="keep the PDFs in this directory")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--list", type=int, default=0, help="print this many breaks inside a word")
    parser.add_argument("--measure", nargs="+", help="measure these PDFs instead of rendering")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pa-bench-linebreaks-"))
    results = {}
    try:
        django_setup(workdir)
        if args.measure:
            results = {Path(name).stem: measure(Path(name)) for name in args.measure}
        else:
            from reports import documents

            for case, submission in prepare().items():
                path = Path(args.save or workdir) / f"pa1-{case}.pdf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(documents.render(documents.load("pa1", submission), thai_digits=False))
                results[case] = measure(path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(
        "| PA1 | pages | line breaks in text | inside a word | share | of which in a word wider than a column |"
    )
    print("|---|---|---|---|---|---|")
    for case, r in results.items():
        share = r["inside"] / r["breaks"] if r["breaks"] else 0
        print(
            f"| {case} | {r['pages']} | {r['breaks']} | {r['inside']} | {share:.1%} | {r['inside_wide_words']} |"
        )
        for example in r["examples"][: args.list]:
            print(f"    {example}")


if __name__ == "__main__":
    main()
