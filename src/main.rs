use std::process::ExitCode;

fn main() -> ExitCode {
    framework_planner::cli::main(std::env::args_os().skip(1).collect())
}
