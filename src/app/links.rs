//! Links from activities to the reference frameworks (GCM objectives and actions, SDG
//! targets): records like any other, saved at once, undone, carried in plan files, compared
//! and merged.

use super::{App, Edit};
use crate::i18n::{tr, trf};
use crate::model::edit as model_edit;
use crate::reference::Reference;

impl App {
    /// Adds or removes a link as one undo step; says what happened in the status bar.
    pub(crate) fn link_edit(&mut self, edit: Edit) -> bool {
        let r = Reference::builtin();
        let (ops, message) = match edit {
            Edit::AddLink { activity, target } => {
                let Some(code) = self.activity(activity).map(|a| a.code.clone()) else {
                    self.fail(tr("links.no_activity").to_owned());
                    return false;
                };
                if r.entry(&target).is_none() {
                    self.fail(trf("links.unknown", &[("key", &target)]));
                    return false;
                }
                let what = r.code(&target);
                match model_edit::add_link(&self.plan, activity, &target, uuid::Uuid::new_v4()) {
                    Ok(ops) if ops.is_empty() => {
                        self.say(trf("links.already", &[("code", &code), ("what", &what)]));
                        return false;
                    }
                    Ok(ops) => (ops, trf("links.added", &[("code", &code), ("what", &what)])),
                    Err(_) => {
                        self.fail(trf("links.unknown", &[("key", &target)]));
                        return false;
                    }
                }
            }
            Edit::RemoveLink(id) => {
                let Some(l) = self.plan.links.iter().find(|l| l.id == id).cloned() else {
                    self.fail(tr("links.no_link").to_owned());
                    return false;
                };
                let code = self
                    .activity(l.activity_id)
                    .map(|a| a.code.clone())
                    .unwrap_or_default();
                match model_edit::remove_link(&self.plan, id) {
                    Ok(ops) => (
                        ops,
                        trf(
                            "links.removed",
                            &[("code", &code), ("what", &r.code(&l.target))],
                        ),
                    ),
                    Err(_) => {
                        self.fail(tr("links.no_link").to_owned());
                        return false;
                    }
                }
            }
            _ => return false,
        };
        if !self.perform(&ops) {
            return false;
        }
        self.history.undo.push(ops);
        self.history.redo.clear();
        self.say(message);
        true
    }
}
