//! Links from activities to the reference frameworks (GCM objectives and actions, SDG
//! targets). For now they change `plan.links` in memory; the record model replaces this body
//! with operations that are saved, undone and carried in plan files like every other change.

use super::{App, Edit};
use crate::i18n::{tr, trf};
use crate::model::Link;
use crate::reference::Reference;

impl App {
    /// Adds or removes a link; says what happened in the status bar.
    pub(crate) fn link_edit(&mut self, edit: Edit) -> bool {
        if self.store.is_read_only() {
            self.fail(trf(
                "msg.read_only",
                &[("path", &self.store.path().display())],
            ));
            return false;
        }
        let r = Reference::builtin();
        match edit {
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
                if self
                    .plan
                    .links
                    .iter()
                    .any(|l| l.activity_id == activity && l.target == target)
                {
                    self.say(trf("links.already", &[("code", &code), ("what", &what)]));
                    return false;
                }
                self.plan.links.push(Link {
                    id: uuid::Uuid::new_v4(),
                    activity_id: activity,
                    target,
                });
                self.say(trf("links.added", &[("code", &code), ("what", &what)]));
            }
            Edit::RemoveLink(id) => {
                let Some(i) = self.plan.links.iter().position(|l| l.id == id) else {
                    self.fail(tr("links.no_link").to_owned());
                    return false;
                };
                let l = self.plan.links.remove(i);
                let code = self
                    .activity(l.activity_id)
                    .map(|a| a.code.clone())
                    .unwrap_or_default();
                self.say(trf(
                    "links.removed",
                    &[("code", &code), ("what", &r.code(&l.target))],
                ));
            }
            _ => return false,
        }
        self.links_changed();
        true
    }

    /// The views' caches (coverage) are keyed on the revision: links count as a change.
    pub(crate) fn links_changed(&mut self) {
        self.derived.revision += 1;
    }
}
