//! Input that a slow frame bundles together, delivered in the order it happened.
//!
//! On a slow laptop (software rendering, long frames) the last keys of a word and the click or
//! Enter that follows arrive in one frame. egui hands a click elsewhere to the widgets before
//! the focused text field reads its keys, so the field would lose focus first and the keys
//! with it. Splitting such a frame where it switches between keyboard and pointer, and
//! delivering the rest on the next frame, gives every event the frame a fast machine would.

use egui::{Event, RawInput};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keyboard,
    Pointer,
    Other,
}

fn kind(e: &Event) -> Kind {
    match e {
        Event::Text(_)
        | Event::Paste(_)
        | Event::Copy
        | Event::Cut
        | Event::Key { .. }
        | Event::Ime(_) => Kind::Keyboard,
        Event::PointerButton { .. } | Event::MouseWheel { .. } | Event::Touch { .. } => {
            Kind::Pointer
        }
        _ => Kind::Other,
    }
}

/// Events held back from the last frame, to go first in the next.
#[derive(Default)]
pub struct Pending(Vec<Event>);

impl Pending {
    /// Puts held-back events before this frame's, then keeps back everything after the first
    /// switch between keyboard and pointer events. Returns whether events were held back (the
    /// caller asks for another frame at once).
    pub fn split(&mut self, raw: &mut RawInput) -> bool {
        let mut events = std::mem::take(&mut self.0);
        events.append(&mut raw.events);
        let mut seen = Kind::Other;
        let cut = events.iter().position(|e| match kind(e) {
            Kind::Other => false,
            k if seen == Kind::Other => {
                seen = k;
                false
            }
            k => k != seen,
        });
        if let Some(cut) = cut {
            // A pointer press starts with the move to where it was pressed.
            let cut = if cut > 0 && matches!(events[cut - 1], Event::PointerMoved(_)) {
                cut - 1
            } else {
                cut
            };
            self.0 = events.split_off(cut);
        }
        raw.events = events;
        !self.0.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click() -> [Event; 3] {
        let at = egui::pos2(10.0, 10.0);
        let button = |pressed| Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        [Event::PointerMoved(at), button(true), button(false)]
    }

    #[test]
    fn keys_then_a_click_in_one_frame_become_two_frames_in_order() {
        let mut p = Pending::default();
        let mut raw = RawInput::default();
        raw.events.push(Event::Text("Teste".into()));
        raw.events.push(Event::Text("r".into()));
        raw.events.extend(click());
        assert!(p.split(&mut raw));
        assert_eq!(
            raw.events,
            vec![Event::Text("Teste".into()), Event::Text("r".into())]
        );
        let mut next = RawInput::default();
        next.events.push(Event::Text("x".into()));
        // The click goes first in the next frame; the keys typed since wait for the one after.
        assert!(p.split(&mut next));
        assert_eq!(next.events, click().to_vec());
        let mut last = RawInput::default();
        assert!(!p.split(&mut last));
        assert_eq!(last.events, vec![Event::Text("x".into())]);
        assert!(p.is_empty());
    }

    #[test]
    fn a_frame_of_one_kind_is_left_alone() {
        let mut p = Pending::default();
        let mut raw = RawInput::default();
        raw.events.push(Event::Text("abc".into()));
        raw.events.push(Event::Key {
            key: egui::Key::Enter,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        });
        let before = raw.events.clone();
        assert!(!p.split(&mut raw));
        assert_eq!(raw.events, before);
        let mut raw = RawInput::default();
        raw.events.extend(click());
        raw.events.extend(click());
        assert!(!p.split(&mut raw));
        assert_eq!(raw.events.len(), 6);
    }
}
