//! Where the time of a roster's forms goes, for `forms --timings` and the
//! benchmark: every worker adds the time each stage of each form took.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The stages one form passes through, in order.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Typst evaluates the theme and lays out the pages.
    Layout,
    /// Typst writes the tagged PDF (krilla: fonts, compression, tags), or
    /// the copy is printed from its plate.
    Export,
    /// samtale adds the fillable fields.
    Fields,
    /// The file is written.
    Write,
}

const STAGES: usize = 4;

/// Nanoseconds per stage, summed over workers and forms.
#[derive(Default)]
pub struct Timings {
    nanos: [AtomicU64; STAGES],
    forms: AtomicUsize,
    stencilled: AtomicUsize,
    plated: AtomicUsize,
}

impl Timings {
    /// Adds the time since `since` to `stage`; returns now, for the next.
    pub fn lap(&self, stage: Stage, since: Instant) -> Instant {
        let now = Instant::now();
        let nanos = u64::try_from((now - since).as_nanos()).unwrap_or(u64::MAX);
        self.nanos[stage as usize].fetch_add(nanos, Ordering::Relaxed);
        now
    }

    /// The last stage of a form: its file was written since `since`.
    pub fn written(&self, since: Instant) {
        self.lap(Stage::Write, since);
        self.forms.fetch_add(1, Ordering::Relaxed);
    }

    /// A form was made from its stencil rather than laid out in full.
    pub fn count_stencilled(&self) {
        self.stencilled.fetch_add(1, Ordering::Relaxed);
    }

    /// A form's PDF was printed from its plate rather than exported.
    pub fn count_plated(&self) {
        self.plated.fetch_add(1, Ordering::Relaxed);
    }

    /// The mean per form; `None` when no form was timed (leader packs).
    pub fn per_form(&self) -> Option<StageTimes> {
        let forms = self.forms.load(Ordering::Relaxed);
        let mean = |stage: Stage| {
            Duration::from_nanos(self.nanos[stage as usize].load(Ordering::Relaxed))
                / u32::try_from(forms).unwrap_or(u32::MAX)
        };
        (forms > 0).then(|| StageTimes {
            forms,
            stencilled: self.stencilled.load(Ordering::Relaxed),
            plated: self.plated.load(Ordering::Relaxed),
            layout: mean(Stage::Layout),
            export: mean(Stage::Export),
            fields: mean(Stage::Fields),
            write: mean(Stage::Write),
        })
    }
}

/// The mean time of each stage of one form, on one worker thread.
#[derive(Debug, Clone, Copy)]
pub struct StageTimes {
    pub forms: usize,
    /// How many of the forms were made from a stencil.
    pub stencilled: usize,
    /// How many of those were printed from the form's PDF made once.
    pub plated: usize,
    pub layout: Duration,
    pub export: Duration,
    pub fields: Duration,
    pub write: Duration,
}

impl std::fmt::Display for StageTimes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "per form, on one worker: evaluation and layout {:.2} ms, PDF export with tags {:.2} ms, \
             fillable fields {:.2} ms, writing the file {:.2} ms (mean of {} forms, {} of them \
             from the form laid out once, {} of those printed from its PDF made once)",
            ms(self.layout),
            ms(self.export),
            ms(self.fields),
            ms(self.write),
            self.forms,
            self.stencilled,
            self.plated
        )
    }
}
