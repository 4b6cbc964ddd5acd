"""Checks PDFs against PDF/UA-1 with `page-validation` (PyPI), a validator
nobody on this project wrote: a Rust engine that passes the veraPDF corpus.

usage: python3 validate.py FILE.pdf ...   (exit 1 if any file fails)
"""
import sys

import page

failing = 0
for path in sys.argv[1:]:
    report = page.validate_pdf(path, profile="ua1")
    if report.is_compliant:
        continue
    failing += 1
    print(f"{path}: not PDF/UA-1")
    for failure in list(report.failures)[:10]:
        print(f"    {failure}")
print(f"page-validation {page.__version__}: {len(sys.argv) - 1} PDFs, {failing} not PDF/UA-1")
sys.exit(1 if failing else 0)
