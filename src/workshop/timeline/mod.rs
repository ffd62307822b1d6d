//! The timeline's renderers: terminal table, Markdown and JSON
//! ([`render`]), and iCalendar ([`ics`]). The timeline itself is built
//! below the renderers, in `assessment::timeline`, from the one schedule.

mod ics;
mod render;

pub use ics::ics;
pub use render::render;

#[cfg(test)]
mod tests;
