// The pipeline allocates many small strings and vectors from all threads at
// once; mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    provtrace::cli::main()
}
