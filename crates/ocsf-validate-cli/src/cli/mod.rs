//! The main command: arguments, inputs, parallel validation, rendering, exit codes.

mod args;
mod baseline;
mod config;
mod fix;
mod input;
mod json_text;
mod lake;
mod locate;
mod parquet;
mod pipeline;
mod redact;
mod render;

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context, Result};
use ocsf_validate::Severity;

pub use args::Args;

use args::FailOn;
use render::{Item, Summary};

pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

pub fn run(args: Args) -> Result<u8> {
    let started = Instant::now();
    let mut policy = if args.no_config {
        ocsf_validate::Policy::default()
    } else {
        let path = match &args.config {
            Some(p) => Some(p.clone()),
            None => config::discover(&std::env::current_dir()?),
        };
        match path {
            Some(p) => config::load(&p)?,
            None => ocsf_validate::Policy::default(),
        }
    };
    let settings = args.settings();
    settings.apply(&mut policy);
    let mode = settings.version_mode(&policy)?;
    let pii_level = settings.pii_level(&policy);
    if args.redact {
        return redact::run(&args, mode, pii_level, policy);
    }
    let mut builder = settings
        .builder(policy)
        .context("cannot build the personal-data rules")?;
    if args.security_lake {
        // Registered for SARIF and policy files; the command judges them per file (lake.rs).
        builder = builder.with_rule(ocsf_validate::lake::registry_rule());
    }
    let validator = builder.build().context("cannot build the validator")?;
    let fail_at = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let render_opts = render::Options {
        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        fail_on: fail_at,
        source: !args.no_source,
        mask_values: args.mask_values,
        pii_level,
    };
    if args.fix {
        return fix::run(&args, &validator, mode, render_opts);
    }

    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            anyhow::bail!("no input: give files or directories, or `-` for stdin (see --help)");
        }
        paths.push("-".into());
    }
    let (mut sources, unreadable) = input::expand(&paths)?;
    // A baseline kept beside the events is no event file.
    let baseline_file = args.baseline.as_ref().or(args.write_baseline.as_ref());
    if let Some(b) = baseline_file.and_then(|p| std::fs::canonicalize(p).ok()) {
        sources.retain(|s| match s {
            input::Source::File { path, .. } => {
                std::fs::canonicalize(path).ok().as_ref() != Some(&b)
            }
            input::Source::Stdin => true,
        });
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);

    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut renderer = render::new(args.format, render_opts, &validator);
    let progress = (!args.no_progress && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} events {per_sec} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });

    let mut summary = Summary {
        files: sources.len(),
        ..Summary::default()
    };
    let writing = args.write_baseline.is_some();
    let mut baseline = match (&args.baseline, &args.write_baseline) {
        (Some(p), _) => Some(baseline::Baseline::load(p)?),
        (None, Some(p)) => Some(baseline::Baseline::create(p)?),
        _ => None,
    };
    let mut failed = false;
    let mut printed = 0usize;
    let max = args.max_diagnostics.unwrap_or(usize::MAX);
    if !writing {
        renderer.begin(&mut out)?;
    }
    // Rendered by the workers where the lines depend on the event alone; `--max-diagnostics`
    // and the baseline decide in order what is printed, so they render in order.
    // The Security Lake rules judge files in order, adding to events after the workers: those
    // events render in order too.
    let work = pipeline::Work {
        prerender: renderer.prerender().filter(|_| {
            args.max_diagnostics.is_none() && baseline.is_none() && !args.security_lake
        }),
        keep_event: renderer.needs_event() || baseline.is_some(),
        lake_facts: args.security_lake,
    };
    let mut lake = args.security_lake.then(lake::Files::default);
    let mut io_errors = pipeline::run(&validator, &sources, jobs, work, |mut item: Item| {
        if let Some(lake) = lake.as_mut() {
            lake.judge(&validator, &mut item);
        }
        if let Some(b) = baseline.as_mut() {
            let ds = &mut item.report.diagnostics;
            if writing {
                b.record(&item.file, item.event.as_deref(), ds);
                ds.clear();
            } else {
                b.filter(&item.file, item.event.as_deref(), ds);
            }
        }
        summary.events += 1;
        if let Some(v) = item.report.schema_version {
            *summary.by_version.entry(v).or_default() += 1;
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        if writing {
            // Recorded, not reported.
            return Ok(());
        }
        for d in &item.report.diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            failed |= d.severity >= fail_at;
            summary
                .by_code
                .add(d.code, || validator.rule(d.code).map_or("", |r| r.name));
        }
        let room = max.saturating_sub(printed);
        if item.report.diagnostics.len() > room {
            item.report.diagnostics.truncate(room);
        }
        printed += item.report.diagnostics.len();
        match item.rendered.take() {
            Some(bytes) => renderer.rendered(&mut out, &item, &bytes)?,
            None => renderer.item(&mut out, &item)?,
        }
        Ok::<(), anyhow::Error>(())
    })?;
    // Directories that could not be read fail the run like files that could not be.
    io_errors.extend(unreadable);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    summary.duration_ms = started.elapsed().as_millis() as u64;
    summary.omitted = (summary.errors + summary.warnings + summary.infos).saturating_sub(printed);
    if let (Some(path), Some(b)) = (&args.write_baseline, baseline.take_if(|_| writing)) {
        let (findings, distinct) = b.size();
        let keyed = b.keyed_by_env();
        b.write(path)?;
        eprintln!(
            "ocsf-validate: wrote {}: {findings} findings ({distinct} fingerprints) in {} events of {} file(s){}",
            path.display(),
            summary.events,
            summary.files,
            if keyed {
                ""
            } else {
                "; its value hashes are keyed by a random key kept in the file (set $OCSF_BASELINE_KEY for a secret one)"
            }
        );
        for e in &io_errors {
            eprintln!("ocsf-validate: {e:#}");
        }
        return Ok(if io_errors.is_empty() { 0 } else { 2 });
    }
    if let Some(b) = &baseline {
        let stats = render::BaselineStats {
            matched: b.matched,
            gone: b.gone(sources.iter().map(input::Source::display)),
        };
        summary.baseline = Some(stats);
        if !matches!(args.format, args::Format::Human | args::Format::Json) {
            eprintln!(
                "ocsf-validate: {} findings in the baseline not reported; {} baselined findings are gone",
                stats.matched, stats.gone
            );
        }
    }
    renderer.end(&mut out, &summary)?;
    out.flush()?;
    for e in &io_errors {
        eprintln!("ocsf-validate: {e:#}");
    }
    Ok(if !io_errors.is_empty() {
        2
    } else if failed {
        1
    } else {
        0
    })
}
