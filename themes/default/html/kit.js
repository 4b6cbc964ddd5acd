// The kit's only script, and an optional one: every page works and reads
// without it. It reveals the print buttons of the forms, keeps empty date
// fields blank on paper, and on the leader
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
