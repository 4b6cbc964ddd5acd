// Fills a PDF form with pdf-lib, as a third-party tool would, and saves it
// whole (object streams and a cross-reference stream, pdf-lib's default).
//   node fill-pdf.mjs in.pdf out.pdf values.json
// values.json maps field names to text, `true` (tick a check box), or the
// option of a radio group. An unknown field name is an error.
import { readFile, writeFile } from "node:fs/promises";
import { PDFDocument, PDFCheckBox, PDFRadioGroup, PDFTextField } from "pdf-lib";

const [input, output, valuesFile] = process.argv.slice(2);
const values = JSON.parse(await readFile(valuesFile, "utf8"));
const pdf = await PDFDocument.load(await readFile(input));
const form = pdf.getForm();
for (const [name, value] of Object.entries(values)) {
  const field = form.getField(name);
  if (field instanceof PDFTextField) field.setText(String(value));
  else if (field instanceof PDFCheckBox) value ? field.check() : field.uncheck();
  else if (field instanceof PDFRadioGroup) field.select(String(value));
  else throw new Error(`${name}: not a field pdf-lib fills`);
}
await writeFile(output, await pdf.save());
