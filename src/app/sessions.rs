//! Workshop sessions: starting one (every change is then tagged with it), ending it (and
//! offering to save a version), and its report, shown in the app or exported as HTML.

use chrono::Utc;

use super::{App, MainView};
use crate::export::session::{self as report, SessionReport};
use crate::i18n::{tr, trf};
use crate::messages::errors::{export_error, store_error};
use crate::model::Id;
use crate::store::{Session, StoreError};

/// The "start a session" form, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionForm {
    pub title: String,
    pub date: String,
    pub place: String,
    pub facilitator: String,
    /// As typed; a whole number, or empty for none given.
    pub participants: String,
    pub notes: String,
    pub error: Option<String>,
}

impl SessionForm {
    /// The session the form describes, starting now, or the sentence saying what is missing.
    pub fn session(&self) -> Result<Session, String> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(tr("session.err_title").to_owned());
        }
        let participants = match self.participants.trim() {
            "" => 0,
            n => n
                .parse::<u32>()
                .map_err(|_| tr("session.err_participants").to_owned())?,
        };
        Ok(Session {
            id: uuid::Uuid::new_v4(),
            title: title.to_owned(),
            held_on: self.date.trim().to_owned(),
            place: self.place.trim().to_owned(),
            facilitator: self.facilitator.trim().to_owned(),
            participants,
            notes: self.notes.trim().to_owned(),
            started_at: Utc::now(),
            ended_at: None,
        })
    }
}

impl App {
    /// Opens the form, with today's date and the remembered name filled in.
    pub fn open_session_form(&mut self) {
        if self.view.session.is_some() {
            self.fail(tr("session.err_running").to_owned());
            return;
        }
        self.view.session_form = Some(SessionForm {
            date: chrono::Local::now().format("%Y-%m-%d").to_string(),
            facilitator: self.view.author.clone(),
            ..SessionForm::default()
        });
    }

    /// Starts the session the form describes; a form with a mistake stays open and says so.
    pub fn start_session(&mut self, mut form: SessionForm) -> bool {
        if self.view.session.is_some() {
            self.fail(tr("session.err_running").to_owned());
            return false;
        }
        let session = match form.session() {
            Ok(s) => s,
            Err(e) => {
                form.error = Some(e);
                self.view.session_form = Some(form);
                return false;
            }
        };
        if let Err(e) = self.store.start_session(&session, &self.plan) {
            form.error = Some(store_error(&e));
            self.view.session_form = Some(form);
            return false;
        }
        self.view.session_form = None;
        self.reload_saved();
        self.say(trf("session.started", &[("title", &session.title)]));
        self.view.session = Some(session);
        true
    }

    /// Ends the running session, keeping the plan as it is now for its report, and opens the
    /// form to save a version.
    pub fn end_session(&mut self) -> Option<Session> {
        match self.store.end_session(&self.plan) {
            Ok(Some(s)) => {
                self.view.session = None;
                self.reload_saved();
                self.open_save_form();
                self.say(trf("session.ended", &[("title", &s.title)]));
                Some(s)
            }
            Ok(None) => {
                self.view.session = None;
                None
            }
            Err(e) => {
                self.fail(store_error(&e));
                None
            }
        }
    }

    /// The report of a session: from its start to its end, or to now while it runs.
    pub fn session_report(&self, id: Id) -> Result<SessionReport, StoreError> {
        let session = self
            .store
            .sessions()?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| StoreError::BadData {
                path: self.store.path().to_path_buf(),
                detail: format!("there is no session {id}"),
            })?;
        let (start, end) = self.store.session_plans(id)?;
        let end = end.unwrap_or_else(|| self.plan.clone());
        let log = self.store.changes_in(id)?;
        Ok(report::build(&session, &start, &end, log))
    }

    pub fn show_session_report(&mut self, id: Id) {
        match self.session_report(id) {
            Ok(r) => {
                self.view.report_path = format!(
                    "{}{}",
                    if self.view.folder.is_empty() {
                        String::new()
                    } else {
                        format!("{}/", self.view.folder.trim_end_matches('/'))
                    },
                    report_file_name(&r.session)
                );
                self.view.report = Some(r);
                self.view.main = MainView::Sessions;
            }
            Err(e) => self.fail(store_error(&e)),
        }
    }

    pub fn export_session_report(&mut self, id: Id, path: &str) {
        let path = std::path::PathBuf::from(path.trim());
        let result = self
            .session_report(id)
            .map_err(|e| store_error(&e))
            .and_then(|r| report::write(&r, &path).map_err(|e| export_error(&e)));
        match result {
            Ok(()) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.view.folder = dir.display().to_string();
                }
                self.say(trf("session.exported", &[("path", &path.display())]))
            }
            Err(e) => self.fail(e),
        }
    }
}

/// A file name for a session's report, e.g. `session-2026-11-22-validation-day-1.html`.
pub fn report_file_name(s: &Session) -> String {
    let slug: String = s
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let date = s
        .started_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d");
    format!("session-{date}-{slug}.html")
}
