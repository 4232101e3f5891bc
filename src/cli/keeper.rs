//! Keeps the draft of an entry being written on disk while it is typed:
//! every answer at once, every keystroke within a few tenths of a second
//! ([`Keeper::save`]), and whatever is still unwritten when the terminal
//! closes (SIGHUP), the process is asked to stop (SIGTERM) or interrupted
//! from outside (SIGINT): a thread waits for those signals, writes the
//! draft, puts the terminal back and exits ([`Keeper::watch_signals`]).

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use crate::cli::prompt::Pace;
use crate::store::{Store, StoreError};

/// At most this often is a draft written while someone types.
const INTERVAL: Duration = Duration::from_millis(300);

/// One draft file, shared with the signal thread.
#[derive(Clone)]
pub struct Keeper {
    shared: Arc<Mutex<Kept>>,
}

struct Kept {
    store: Store,
    started: DateTime<FixedOffset>,
    /// The draft file, once the first answer made one.
    path: Option<PathBuf>,
    /// The newest text, when it is not on disk yet.
    pending: Option<String>,
    /// What is on disk.
    written: Option<String>,
    last: Option<Instant>,
    /// The entry was saved or thrown away: nothing more is written.
    done: bool,
}

impl Kept {
    fn write(&mut self, text: String) -> Result<(), StoreError> {
        self.pending = None;
        if self.written.as_ref() == Some(&text) || self.done {
            return Ok(());
        }
        match &self.path {
            Some(p) => self.store.save_draft(p, text.as_bytes())?,
            None => self.path = Some(self.store.create_draft(&self.started, text.as_bytes())?),
        }
        self.last = Some(Instant::now());
        self.written = Some(text);
        Ok(())
    }
}

impl Keeper {
    /// A keeper for the draft at `path`, or for a new one named after
    /// `started` once there is something to keep.
    pub fn new(store: Store, started: DateTime<FixedOffset>, path: Option<PathBuf>) -> Keeper {
        Keeper {
            shared: Arc::new(Mutex::new(Kept {
                store,
                started,
                path,
                pending: None,
                written: None,
                last: None,
                done: false,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `text` as the draft: now, or for a keystroke when the last
    /// write is at least [`INTERVAL`] old (else it waits for the next save,
    /// a [`Keeper::flush`] or a signal).
    pub fn save(&self, text: String, pace: Pace) -> Result<(), StoreError> {
        let mut kept = self.lock();
        let due = pace == Pace::Now || kept.last.is_none_or(|t| t.elapsed() >= INTERVAL);
        if due {
            kept.write(text)
        } else {
            kept.pending = Some(text);
            Ok(())
        }
    }

    /// Writes whatever is waiting.
    pub fn flush(&self) -> Result<(), StoreError> {
        let mut kept = self.lock();
        match kept.pending.take() {
            Some(text) => kept.write(text),
            None => Ok(()),
        }
    }

    /// The draft file, once there is one.
    pub fn path(&self) -> Option<PathBuf> {
        self.lock().path.clone()
    }

    /// The entry is saved or thrown away: the draft is removed, and no
    /// late keystroke or signal writes it again.
    pub fn finish(&self) -> Result<(), StoreError> {
        let mut kept = self.lock();
        kept.done = true;
        kept.pending = None;
        if let Some(p) = kept.path.take() {
            kept.store.remove_draft(&p)?;
        }
        Ok(())
    }

    /// Starts the thread that keeps the draft when the process is told to
    /// stop: it writes what is pending, restores the terminal, says where
    /// the draft is and exits with 128 + the signal's number.
    pub fn watch_signals(&self) {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT]) else {
            return;
        };
        let keeper = self.clone();
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let saved = keeper.flush();
                crate::cli::prompt::restore_now();
                let why = match signal {
                    SIGHUP => "the terminal closed",
                    SIGTERM => "asked to stop",
                    _ => "interrupted",
                };
                let kept = match (saved, keeper.path()) {
                    (Ok(()), Some(p)) => format!(
                        "your answers are kept in {}; `logbook add --resume` carries on",
                        crate::cli::ui::clean(&p.display().to_string())
                    ),
                    (Ok(()), None) => "nothing had been answered yet".to_string(),
                    (Err(e), _) => format!(
                        "the draft could not be saved: {}",
                        crate::cli::ui::clean(&e.to_string())
                    ),
                };
                // The terminal may be gone: a failed write must not stop the exit.
                let _ = writeln!(std::io::stderr(), "stopped ({why}); {kept}");
                std::process::exit(128 + signal);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystrokes_wait_answers_do_not_and_flush_writes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let started = DateTime::parse_from_rfc3339("2026-11-28T10:00:00+00:00").unwrap();
        let keeper = Keeper::new(store.clone(), started, None);
        assert_eq!(keeper.path(), None);
        keeper.save("a".into(), Pace::Soon).unwrap();
        let path = keeper.path().expect("the first keystroke makes the draft");
        keeper.save("ab".into(), Pace::Soon).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a", "too soon");
        keeper.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ab");
        keeper.save("abc".into(), Pace::Now).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "abc");
        std::thread::sleep(INTERVAL);
        keeper.save("abcd".into(), Pace::Soon).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "abcd", "due again");
        keeper.finish().unwrap();
        assert!(!path.exists());
        keeper.save("late".into(), Pace::Now).unwrap();
        assert!(!path.exists() && store.drafts().is_empty());
    }

    #[test]
    fn every_autosave_is_a_whole_private_file_in_drafts() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let started = DateTime::parse_from_rfc3339("2026-11-28T10:00:00+00:00").unwrap();
        let keeper = Keeper::new(store.clone(), started, None);
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let mut text = String::new();
        for c in "A customer rang about a late refund.".chars() {
            text.push(c);
            keeper.save(text.clone(), Pace::Now).unwrap();
            let path = keeper.path().unwrap();
            assert_eq!(path.parent(), Some(store.drafts_dir().as_path()));
            assert_eq!(mode(&path), 0o600, "{}", path.display());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
            // Written beside itself and renamed into place: nothing else is
            // ever left in drafts/, so a reader sees the old text or the new.
            let names: Vec<_> = std::fs::read_dir(store.drafts_dir())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 1, "{names:?}");
        }
        assert_eq!(mode(&store.drafts_dir()), 0o700);
        keeper.finish().unwrap();
    }
}
