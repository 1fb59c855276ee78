//! The consumers' own tools that check the CI formats: Microsoft's SARIF validator (npm) and
//! JUnit parsers (PyPI). Installed on first use, with the package manager at hand, into
//! `$OCSF_TOOLS_DIR` (default `~/.cache/ocsf-rs/tools`), never into the repository; `.ci/run`
//! installs them first. A test that cannot have its tool says so and skips, unless
//! `OCSF_REQUIRE_TOOLS=1` (set by `.ci/run`), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// `@microsoft/sarif-multitool`, the version the issue was reported with.
pub const SARIF_MULTITOOL: &str = "5.7.0";
/// The JUnit parsers: `junitparser` (read by many CI upload tools) and Codecov's
/// `test-results-parser` (the parser of its test analytics).
pub const JUNIT_PARSERS: &[&str] = &["junitparser==5.0.3", "test-results-parser==0.6.1"];
/// pyarrow, which writes Parquet as Security Lake's pipeline, Spark and most custom sources do
/// (the version `.ci/run` installs).
pub const PYARROW: &str = "pyarrow==26.0.1";

/// Installs are serialised within a test binary (test binaries run one after the other).
static INSTALL: Mutex<()> = Mutex::new(());

pub fn dir() -> PathBuf {
    if let Some(d) = std::env::var_os("OCSF_TOOLS_DIR") {
        return PathBuf::from(d);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("ocsf-rs").join("tools")
}

/// `None` after saying why the tool is missing, or a failure under `OCSF_REQUIRE_TOOLS=1`.
pub fn unavailable<T>(what: &str) -> Option<T> {
    if std::env::var_os("OCSF_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("{what}, and OCSF_REQUIRE_TOOLS=1");
    }
    eprintln!("skipped: {what}");
    None
}

fn run(cmd: &mut Command) -> Result<(), String> {
    match cmd.output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "{:?} failed: {}",
            cmd,
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Err(e) => Err(format!("{:?} cannot run: {e}", cmd.get_program())),
    }
}

/// The SARIF multitool's executable (the platform package's binary, called directly: the npm
/// wrapper passes its arguments through a shell).
pub fn sarif_multitool() -> Option<PathBuf> {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let platform = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64" | "aarch64") => "linux",
        ("macos", _) => "darwin",
        (os, arch) => {
            return unavailable(&format!(
                "@microsoft/sarif-multitool has no package for {os}/{arch}"
            ))
        }
    };
    let prefix = dir().join(format!("sarif-multitool-{SARIF_MULTITOOL}"));
    let exe = prefix
        .join("node_modules/@microsoft")
        .join(format!("sarif-multitool-{platform}"))
        .join("Sarif.Multitool");
    if !exe.is_file() {
        let _ = std::fs::create_dir_all(&prefix);
        eprintln!(
            "installing @microsoft/sarif-multitool@{SARIF_MULTITOOL} with npm into {}",
            prefix.display()
        );
        let installed = run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("@microsoft/sarif-multitool@{SARIF_MULTITOOL}")));
        if let Err(e) = installed {
            return unavailable(&format!("cannot install the SARIF multitool: {e}"));
        }
    }
    // The package makes its binary executable in a post-install script, which npm may skip.
    make_executable(&exe);
    if exe.is_file() {
        Some(exe)
    } else {
        unavailable(&format!("{} is missing after npm install", exe.display()))
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mut p = meta.permissions();
        p.set_mode(p.mode() | 0o755);
        let _ = std::fs::set_permissions(path, p);
    }
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) {}

/// A Python with `packages` installed (a virtual environment in the tools folder).
pub fn python_with(packages: &[&str]) -> Option<PathBuf> {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = dir().join("venv");
    let python = venv.join(if cfg!(windows) {
        "Scripts/python.exe"
    } else {
        "bin/python"
    });
    if !python.is_file() {
        let _ = std::fs::create_dir_all(dir());
        eprintln!(
            "creating a Python virtual environment in {}",
            venv.display()
        );
        if let Err(e) = run(Command::new("python3").args(["-m", "venv"]).arg(&venv)) {
            return unavailable(&format!("cannot create a Python environment: {e}"));
        }
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            let (name, version) = p.split_once("==").unwrap_or((p, ""));
            let shown = Command::new(&python)
                .args(["-m", "pip", "show", name])
                .output();
            !shown.is_ok_and(|o| {
                o.status.success()
                    && String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l == format!("Version: {version}") || version.is_empty())
            })
        })
        .collect();
    if !missing.is_empty() {
        eprintln!("installing {} with pip", missing.join(" "));
        if let Err(e) = run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(&missing))
        {
            return unavailable(&format!("cannot install {}: {e}", missing.join(" ")));
        }
    }
    Some(python)
}
