// The pipeline allocates many small strings and vectors from all threads at
// once; mimalloc serves them faster than the system allocator. Its 2.x line
// (the `v2` feature) holds less memory than 3.x here: 330 MiB rather than
// 400 MiB peak on the Reuters corpus, and first touches of memory are costly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    provtrace::cli::main()
}
