//! Temporary files that an interrupt must not leave behind.
//!
//! Reports are staged in temporary files beside their final names, and
//! standard input is spooled to one; each is listed here while it exists.
//! [`remove_on_signal`] starts a thread that, on SIGINT, SIGTERM or SIGHUP,
//! removes every listed file and ends the process with 128 + the signal's
//! number (130, 143, 129), as a shell reports a process killed by it.
//!
//! The list's lock also guards the step that renames a report set into
//! place ([`rename_all`]): a signal that comes during it waits for the last
//! rename, so an interrupt leaves the whole old set or the whole new one.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

static LISTED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// What to say when a signal ends the run, and a directory the run made,
/// removed then if still empty.
static ON_SIGNAL: Mutex<(Option<String>, Option<PathBuf>)> = Mutex::new((None, None));

/// Sets what is said on standard error when a signal ends the run (after
/// "interrupted: ", "terminated: " or "hung up: ").
pub fn on_signal(message: String) {
    ON_SIGNAL.lock().unwrap_or_else(PoisonError::into_inner).0 = Some(message);
}

/// Names a directory this run made, to be removed on a signal if it is
/// still empty.
pub fn remove_dir_on_signal(dir: &Path) {
    ON_SIGNAL.lock().unwrap_or_else(PoisonError::into_inner).1 = Some(dir.to_path_buf());
}

fn listed() -> MutexGuard<'static, Vec<PathBuf>> {
    LISTED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts the thread that removes the listed files on an interrupt or a
/// termination signal, then exits. Does nothing where signals cannot be
/// caught.
pub fn remove_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new().name("signals".to_string()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let files = listed();
                for path in files.iter() {
                    let _ = std::fs::remove_file(path);
                }
                let (message, dir) =
                    std::mem::take(&mut *ON_SIGNAL.lock().unwrap_or_else(PoisonError::into_inner));
                if let Some(dir) = dir {
                    let _ = std::fs::remove_dir(dir);
                }
                let what = match signal {
                    SIGINT => "interrupted",
                    SIGTERM => "terminated",
                    _ => "hung up",
                };
                // On a line of its own, below any progress line.
                #[allow(clippy::print_stderr)]
                match message {
                    Some(message) => eprintln!("\n{what}: {message}"),
                    None => eprintln!("\n{what}"),
                }
                std::process::exit(128 + signal);
            }
        });
    }
}

/// A temporary file in `dir` (the system's temporary directory when
/// `None`), listed until it is dropped or renamed by [`rename_all`].
pub fn create(dir: Option<&Path>) -> std::io::Result<Temporary> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".provtrace-").suffix(".tmp");
    // Created and listed under the lock, so that no signal falls between.
    let mut files = listed();
    let file = match dir {
        Some(dir) => builder.tempfile_in(dir)?,
        None => builder.tempfile()?,
    };
    files.push(file.path().to_path_buf());
    Ok(Temporary { file: Some(file) })
}

/// A listed temporary file, removed when dropped.
#[derive(Debug)]
pub struct Temporary {
    file: Option<tempfile::NamedTempFile>,
}

impl Temporary {
    /// The open file.
    pub fn file_mut(&mut self) -> &mut std::fs::File {
        self.file.as_mut().unwrap_or_else(|| unreachable!("present until dropped")).as_file_mut()
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.file.as_ref().unwrap_or_else(|| unreachable!("present until dropped")).path()
    }
}

/// Renames each temporary file to its path, in order, holding the list's
/// lock, so that no signal ends the process between two renames. Stops at
/// the first rename that fails and returns its path and error; the files
/// not renamed are removed.
pub fn rename_all(files: Vec<(Temporary, PathBuf)>) -> Result<(), (PathBuf, std::io::Error)> {
    let mut failed = None;
    let mut left = Vec::new();
    {
        let mut listed = listed();
        let mut files = files.into_iter();
        for (mut temporary, path) in files.by_ref() {
            let file =
                temporary.file.take().unwrap_or_else(|| unreachable!("present until dropped"));
            let from = file.path().to_path_buf();
            match file.persist(&path) {
                Ok(_) => listed.retain(|p| *p != from),
                Err(e) => {
                    temporary.file = Some(e.file);
                    left.push(temporary);
                    failed = Some((path, e.error));
                    break;
                }
            }
        }
        left.extend(files.map(|(temporary, _)| temporary));
    }
    // Dropped (and removed) once the lock is released: dropping takes it.
    drop(left);
    failed.map_or(Ok(()), Err)
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut listed = listed();
            let path = file.path().to_path_buf();
            drop(file);
            listed.retain(|p| *p != path);
        }
    }
}
