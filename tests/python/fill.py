"""Fills a PDF form with pypdf (PyPI), a third filler nobody on this project
wrote, and writes the whole file anew, as pypdf does.

usage: python3 fill.py IN.pdf OUT.pdf VALUES.json
VALUES.json maps field names to text, or `true` to tick a check box.
"""
import json
import sys

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

source, target, values_file = sys.argv[1:4]
with open(values_file, encoding="utf-8") as f:
    values = json.load(f)
writer = PdfWriter(clone_from=PdfReader(source))
texts = {k: v for k, v in values.items() if isinstance(v, str)}
ticks = [k for k, v in values.items() if v is True]
for page in writer.pages:
    writer.update_page_form_field_values(page, texts, auto_regenerate=False)
    for annot in page.get("/Annots", []):
        widget = annot.get_object()
        if widget.get("/T") in ticks:
            widget[NameObject("/V")] = NameObject("/Yes")
            widget[NameObject("/AS")] = NameObject("/Yes")
writer.set_need_appearances_writer(True)
with open(target, "wb") as f:
    writer.write(f)
