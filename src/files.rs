//! Writing files so that a crash or a full disk never leaves a half-written target: write a
//! temporary file in the same folder, sync it, rename it over the target, sync the folder.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `path` atomically with what `fill` writes. On any error the target is unchanged and
/// the temporary file is removed.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_seekable(path, |w| fill(w))
}

/// [`write_atomic`] for a writer that also goes back to fill in what it learns at the end,
/// such as a checksum in a file's head.
pub fn write_atomic_seekable(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let file = File::create(&tmp)?;
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        pause_point("write");
        fs::rename(&tmp, path)?;
        // Make the rename itself durable. Not all platforms can open a folder; that is fine.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether an error means the disk (or the user's quota) is full: ENOSPC or EDQUOT, which
/// people should read as "the disk is full", not as a generic I/O error.
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// What runs at a pause point: nothing, except in the crash test's child.
static PAUSE: std::sync::OnceLock<fn(&str)> = std::sync::OnceLock::new();

/// Sets what runs at the pause points (once per process). The crash test's child holds itself
/// there, so that its parent kills it inside a write on a machine of any speed.
pub fn set_pause_hook(hook: fn(&str)) {
    let _ = PAUSE.set(hook);
}

/// A point in the middle of a write that must survive being killed there: a commit before it is
/// committed (`commit`), a version file synced but not yet renamed (`write`), a version being
/// recorded (`record`).
pub fn pause_point(name: &str) {
    if let Some(hook) = PAUSE.get() {
        hook(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_target_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("plan.csv");
        fs::write(&target, "old").unwrap();
        let err = write_atomic(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file left behind"
        );
        write_atomic(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }
}
