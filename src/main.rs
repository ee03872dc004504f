//! The `disclose` binary: parse the command line in the run's language and hand it to the
//! command's file in [`cmd`], which calls the library, prints and picks the exit code
//! (0 ok, 1 the site has errors, 2 a usage error). The clap types live in [`cli`], on
//! this side: the library's API has none.

mod cli;
mod cmd;

use std::process::ExitCode;

use cli::Command;
use cli::parse::Parsed;

// A build allocates many short-lived strings on two threads at once (template values, rows,
// search tokens); mimalloc's thread-local pages measured a large share of the build's time
// below glibc malloc's (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if let Some(code) = disclose::launch::double_clicked() {
        return code;
    }
    let (cli, lang) = match cli::parse::parse_env() {
        Parsed::Run(cli, lang) => (cli, lang),
        Parsed::Exit { text, code } => {
            // Help and version go to stdout (exit 0), usage errors to stderr (exit 2).
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(args, lang),
        Command::Check(args) => cmd::check::run(&args, lang),
        Command::Serve(args) => cmd::serve::run(args, lang),
        Command::Init(args) => cmd::init::init(&args, lang),
        Command::New(args) => cmd::init::new(&args, lang),
        Command::Import(args) => cmd::import::run(&args, lang),
        Command::Deploy(args) => cmd::deploy::run(args, lang),
        Command::Keygen(args) => cmd::keys::keygen(&args, lang),
        Command::Verify(args) => cmd::verify::run(&args, lang),
    }
}
