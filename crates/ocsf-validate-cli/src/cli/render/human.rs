//! `file:line: pointer: CODE severity: message`, then an excerpt of the event with a caret
//! under the offending member (unless `--no-source`), then the help indented.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use ocsf_validate::pii::PiiLevel;
use ocsf_validate::Severity;

use super::source::{self, paint, Shown};
use super::{plural, Item, Options, Place, Renderer, Summary};
use crate::cli::pipeline::Prerender;

pub struct Human {
    opts: Options,
}

impl Human {
    pub fn new(opts: Options) -> Human {
        Human { opts }
    }
}

/// One event's diagnostics: the line of each, the excerpt under it, its help.
fn write_item(opts: &Options, out: &mut dyn Write, item: &Item) -> std::io::Result<()> {
    let color = opts.color;
    let event = item.event.as_deref();
    let (places, class_uid) = item.places_and(Some("/class_uid"));
    let shown = event.map(|e| Shown::of_event(e, &item.report, &places, class_uid, opts));
    // A row of a table has no text to quote: its JSON is the mapping's, not the file's.
    let source = opts.source && item.row.is_none();
    let lines = event.filter(|_| source).map(source::Lines::of);
    // The excerpt of the diagnostic before, with what it was made of: the findings in one
    // value (a log line of many email addresses) share theirs.
    let mut last_excerpt: Option<(Place, &str, String)> = None;
    for (d, place) in item.report.diagnostics.iter().zip(places) {
        let (sev, sev_color) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let message = match (event, &shown) {
            (Some(e), Some(s)) => source::message(d, e, place.found.as_ref(), s),
            _ => Cow::Borrowed(d.message.as_str()),
        };
        writeln!(
            out,
            "{}: {}: {} {}: {}",
            item.where_at(place.line),
            super::shown_pointer(d),
            paint(color, "1", d.code),
            paint(color, sev_color, sev),
            message
        )?;
        if let (Some(e), Some(lines), Some(s)) = (event, &lines, &shown) {
            let same = last_excerpt
                .as_ref()
                .is_some_and(|(p, c, _)| *p == place && *c == sev_color);
            if !same {
                let text = source::excerpt(item, e, lines, &place, s, color, sev_color);
                last_excerpt = Some((place, sev_color, text));
            }
            if let Some((_, _, text)) = &last_excerpt {
                out.write_all(text.as_bytes())?;
            }
        }
        if let Some(help) = &d.help {
            writeln!(out, "    {} {help}", paint(color, "1;32", "help:"))?;
        }
    }
    Ok(())
}

/// The options a worker renders with, as bits of a const parameter: the workers take a plain
/// `fn`, one per combination ([`PRERENDER`]).
const COLOR: u8 = 1;
const SOURCE: u8 = 2;
const MASK: u8 = 4;
const STRICT: u8 = 8;

fn flags(o: &Options) -> u8 {
    let bit = |on: bool, b: u8| if on { b } else { 0 };
    bit(o.color, COLOR)
        | bit(o.source, SOURCE)
        | bit(o.mask_values, MASK)
        | bit(o.pii_level == PiiLevel::Strict, STRICT)
}

fn prerendered<const F: u8>(item: &Item, buf: &mut Vec<u8>) {
    let opts = Options {
        color: F & COLOR != 0,
        fail_on: Severity::Error,
        source: F & SOURCE != 0,
        mask_values: F & MASK != 0,
        pii_level: if F & STRICT != 0 {
            PiiLevel::Strict
        } else {
            PiiLevel::Default
        },
    };
    // Writing into a Vec cannot fail.
    let _ = write_item(&opts, buf, item);
}

const PRERENDER: [Prerender; 16] = [
    prerendered::<0>,
    prerendered::<1>,
    prerendered::<2>,
    prerendered::<3>,
    prerendered::<4>,
    prerendered::<5>,
    prerendered::<6>,
    prerendered::<7>,
    prerendered::<8>,
    prerendered::<9>,
    prerendered::<10>,
    prerendered::<11>,
    prerendered::<12>,
    prerendered::<13>,
    prerendered::<14>,
    prerendered::<15>,
];

impl Renderer for Human {
    fn item(&mut self, out: &mut dyn Write, item: &Item) -> Result<()> {
        write_item(&self.opts, out, item)?;
        Ok(())
    }

    fn needs_event(&self) -> bool {
        true
    }

    fn prerender(&self) -> Option<Prerender> {
        Some(PRERENDER[usize::from(flags(&self.opts))])
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> Result<()> {
        writeln!(
            out,
            "{} in {}: {}, {}, {} ({} ms)",
            plural(s.events, "event"),
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            s.duration_ms
        )?;
        if !s.by_version.is_empty() {
            writeln!(out, "judged by OCSF version: {}", s.versions_line())?;
        }
        if !s.by_code.is_empty() {
            let (line, more) = s.codes_line(5);
            let more = match more {
                0 => String::new(),
                n => format!(", and {}", plural(n, "other code")),
            };
            writeln!(out, "most frequent: {line}{more}")?;
        }
        if let Some(b) = &s.baseline {
            writeln!(
                out,
                "baseline: {} not shown; {} gone{}",
                plural(b.matched, "finding"),
                plural(b.gone, "finding"),
                if b.gone > 0 {
                    " (--write-baseline records the findings of today)"
                } else {
                    ""
                }
            )?;
        }
        if s.omitted > 0 {
            writeln!(
                out,
                "{} not shown (--max-diagnostics)",
                plural(s.omitted, "diagnostic")
            )?;
        }
        Ok(())
    }
}
