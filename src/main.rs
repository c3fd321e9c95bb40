use std::process::ExitCode;

fn main() -> ExitCode {
    release_large_buffers();
    framework_planner::cli::main(std::env::args_os().skip(1).collect())
}

/// glibc's allocator raises its threshold for taking memory straight from the system each time
/// such a block is freed, up to 32 MiB: after one large plan file or export, the next buffers
/// of that size come from the heap and stay with the process once freed. Fixed thresholds keep
/// every block over a megabyte (a large plan's lists and indexes, a file's pieces) returned to
/// the system when freed, and the heap's top trimmed only past 16 MiB of free space, so that a
/// frame's allocations do not go back and forth to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_large_buffers() {
    // SAFETY: mallopt only sets tuning values of the allocator, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_large_buffers() {}
