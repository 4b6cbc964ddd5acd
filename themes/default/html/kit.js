// The kit's only script, and an optional one: every page works and reads
// without it. It reveals the print, save and open buttons of the forms,
// keeps empty date fields blank on paper, and on the leader
// briefing moves from slide to slide with the left and right arrow keys
// and Page Up/Down, as presentation software does.
"use strict";

document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// Empty date fields print blank rather than as "dd.mm.yyyy".
document.querySelectorAll('input[type="date"]').forEach((input) => {
  const mark = () => input.classList.toggle("is-empty", input.value === "");
  input.addEventListener("input", mark);
  mark();
});

const slides = Array.from(document.querySelectorAll("[data-slide]"));
if (slides.length > 0) {
  // The slide whose top has passed the upper third of the window; -1
  // above the first slide, so the first "next" shows slide 1.
  const current = () => {
    const line = window.innerHeight / 3;
    return slides.findLastIndex((s) => s.getBoundingClientRect().top <= line);
  };
  const go = (index) => {
    const slide = slides[Math.max(0, Math.min(slides.length - 1, index))];
    slide.scrollIntoView({ block: "start" });
    slide.focus({ preventScroll: true });
  };
  slides.forEach((s) => s.setAttribute("tabindex", "-1"));
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, button, a")) return;
    const forward = ["ArrowRight", "PageDown"].includes(event.key);
    const back = ["ArrowLeft", "PageUp"].includes(event.key);
    if (!forward && !back) return;
    event.preventDefault();
    go(current() + (forward ? 1 : -1));
  });
}

// Save to file and open a saved file, on the forms. What is typed leaves
// the page only as a file the user downloads; nothing is sent, and nothing
// is kept in the browser. The file carries the form's identifiers (the
// page's samtale-form meta), so `samtale collect` can read it with the PDFs.
const identity = document.querySelector('meta[name="samtale-form"]');
const main = document.querySelector("main");
const status = document.querySelector("[data-status]");

/// The form's identifiers, from `key=value, …` (values percent-encoded).
const formId = () => {
  const id = {};
  for (const word of identity.content.split(",")) {
    const at = word.indexOf("=");
    if (at > 0) id[word.slice(0, at).trim()] = decodeURIComponent(word.slice(at + 1).trim());
  }
  return id;
};

const fieldValues = () => {
  const fields = {};
  main.querySelectorAll("input[name], textarea[name], select[name]").forEach((el) => {
    if (el.type === "file") return;
    if (el.type === "checkbox") fields[el.name] = el.checked;
    else if (el.type === "radio") {
      if (el.checked) fields[el.name] = el.value;
    } else fields[el.name] = el.value;
  });
  return fields;
};

const fill = (fields) => {
  main.querySelectorAll("input[name], textarea[name], select[name]").forEach((el) => {
    if (el.type === "file" || !(el.name in fields)) return;
    const value = fields[el.name];
    if (el.type === "checkbox") el.checked = value === true;
    else if (el.type === "radio") el.checked = String(value) === el.value;
    else el.value = typeof value === "string" ? value : "";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
};

const say = (message) => {
  if (status) status.textContent = message;
};

if (identity && main) {
  const save = document.querySelector("[data-save]");
  const open = document.querySelector("[data-open]");
  const file = document.querySelector("[data-open-file]");
  if (save) {
    save.hidden = false;
    save.addEventListener("click", () => {
      const id = formId();
      const saved = { samtale: "saved-form", version: 1, form: id, fields: fieldValues() };
      const blob = new Blob([JSON.stringify(saved, null, 2)], { type: "application/json" });
      const who = (saved.fields.employee || "").toLowerCase().normalize("NFKD")
        .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${id.document || "form"}${who ? "-" + who : ""}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    });
  }
  if (open && file) {
    open.hidden = false;
    file.addEventListener("change", async () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      try {
        const saved = JSON.parse(await chosen.text());
        const here = formId();
        if (saved.samtale !== "saved-form" || !saved.form || saved.form.document !== here.document
            || typeof saved.fields !== "object" || saved.fields === null) {
          say(status.dataset.notThisForm);
        } else {
          fill(saved.fields);
          say(status.dataset.opened);
        }
      } catch {
        say(status.dataset.notThisForm);
      }
      file.value = "";
    });
  }
}
