fn main() -> std::process::ExitCode {
    provtrace::cli::main()
}
