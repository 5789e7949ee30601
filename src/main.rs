// The pipeline allocates many small strings and vectors from all threads at
// once; mimalloc serves them faster than the system allocator. Its 2.x line
// (the `v2` feature) holds less memory than 3.x here: 330 MiB rather than
// 400 MiB peak on the Reuters corpus, and first touches of memory are costly.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    provtrace::cli::main()
}

/// Turns transparent huge pages off for this process, unless
/// `MIMALLOC_ALLOW_THP` says otherwise. mimalloc asks for huge pages, and
/// the kernel then zeroes, and may first compact, two megabytes at each
/// first touch: on a machine whose memory other processes have broken up,
/// Reuters `analyze` took 9% longer with them (median 2.22 rather than
/// 2.02 s, eight runs each, alternating, beside the peer benchmark).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // A kernel without the setting runs as before.
        let _ = nix::sys::prctl::set_thp_disable(true);
    }
}
