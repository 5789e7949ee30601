//! The progress display: a line per stage on standard error, when it is a
//! terminal, that counts the stage's own units and, once the stage is over,
//! stays on screen at its final count with its time; notes and warnings
//! printed during a run go above the lines, never through them. With
//! `--timings`, each stage's wall time, CPU time and memory are printed as
//! it ends, terminal or not.
#![allow(clippy::print_stderr)]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressState, ProgressStyle};

use crate::pipeline::Progress;

/// More stages than a run has; a stage begun past them is not shown.
const SLOTS: usize = 32;

/// Every stage of a run, each drawn on its own line.
pub struct Bars {
    multi: Option<MultiProgress>,
    timings: bool,
    next: AtomicUsize,
    stages: [OnceLock<Shown>; SLOTS],
}

/// A stage begun.
struct Shown {
    name: &'static str,
    unit: &'static str,
    bar: Option<ProgressBar>,
    start: Instant,
    cpu: Option<f64>,
}

impl Bars {
    /// Bars drawn when `show` (standard error is a terminal and the run is
    /// not quiet), and stage times printed when `timings`.
    pub fn new(show: bool, timings: bool) -> Bars {
        Bars {
            multi: show.then(MultiProgress::new),
            timings,
            next: AtomicUsize::new(0),
            stages: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    /// Prints `line` on standard error, above the bars when they are drawn.
    pub fn note(&self, line: &str) {
        match &self.multi {
            // `println` draws nothing when the target is hidden; suspend
            // prints in every case.
            Some(multi) => multi.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Ends the display: every line stays as it is.
    pub fn done(&self) {
        for shown in self.stages.iter().filter_map(OnceLock::get) {
            if let Some(bar) = &shown.bar
                && !bar.is_finished()
            {
                bar.abandon();
            }
        }
    }
}

/// `{secs}`: the stage's time so far, to a tenth of a second.
fn seconds(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.1}s", state.elapsed().as_secs_f64());
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("secs", seconds)
        .progress_chars("=> ")
        .tick_chars("⠁⠂⠄⡀⢀⠠⠐⠈ ")
}

/// A stage with a known count, under way or over.
const COUNTED: &str = "{prefix:>20} [{bar:30}] {human_pos}/{human_len} {msg} {secs}";
/// One whose count is known only at its end (a stream read).
const OPEN: &str = "{prefix:>20} {spinner} {human_pos} {msg} {secs}";
/// A stage that is one step.
const SINGLE: &str = "{prefix:>20} {spinner} {secs}";
/// That stage, over.
const SINGLE_DONE: &str = "{prefix:>20} done {secs}";

impl Progress for Bars {
    fn begin(&self, name: &'static str, unit: &'static str, steps: u64) -> usize {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let Some(slot) = self.stages.get(number) else { return number };
        let bar = self.multi.as_ref().map(|multi| {
            let template = match (unit, steps) {
                ("", _) => SINGLE,
                (_, 0) => OPEN,
                _ => COUNTED,
            };
            let bar = ProgressBar::new(steps)
                .with_style(style(template))
                .with_prefix(name)
                .with_message(unit);
            let bar = multi.add(bar);
            // Drawn on a clock, so that a slow step still moves.
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        let cpu = self.timings.then(cpu_seconds).flatten();
        let _ = slot.set(Shown { name, unit, bar, start: Instant::now(), cpu });
        number
    }

    fn advance(&self, stage: usize, steps: u64) {
        if let Some(bar) =
            self.stages.get(stage).and_then(OnceLock::get).and_then(|s| s.bar.as_ref())
        {
            bar.inc(steps);
        }
    }

    fn resize(&self, stage: usize, steps: u64) {
        let Some(shown) = self.stages.get(stage).and_then(OnceLock::get) else { return };
        if let Some(bar) = &shown.bar {
            bar.set_length(steps);
            bar.set_style(style(COUNTED));
        }
    }

    fn end(&self, stage: usize) {
        let Some(shown) = self.stages.get(stage).and_then(OnceLock::get) else { return };
        if let Some(bar) = &shown.bar {
            if shown.unit.is_empty() {
                bar.set_style(style(SINGLE_DONE));
            } else if bar.length() == Some(0) {
                // A count known only now: shown as its total.
                bar.set_length(bar.position());
                bar.set_style(style(COUNTED));
            }
            bar.finish();
        }
        if self.timings {
            self.note(&timing(shown));
        }
    }
}

/// The `--timings` line of a stage that has ended.
fn timing(shown: &Shown) -> String {
    use std::fmt::Write as _;
    let seconds = shown.start.elapsed().as_secs_f64();
    let mut line = format!("{:>20} {seconds:8.3} s", shown.name);
    if let (Some(then), Some(now)) = (shown.cpu, cpu_seconds()) {
        let _ = write!(line, " {:8.2} s CPU", now - then);
    }
    if let Some((now, peak)) = memory() {
        let _ = write!(line, " {now:>7} MiB resident, {peak:>7} MiB peak");
    }
    line
}

/// User and system CPU seconds of every thread of the process so far,
/// where the system says (`/proc/self/stat` on Linux, in the 100 ticks a
/// second that Linux reports to programs on every architecture).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may
    // hold spaces: state is the first, user and system time the 12th and
    // 13th.
    let mut fields = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// Resident memory now and at its peak, in MiB, where the system says
/// (`/proc/self/status` on Linux).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
