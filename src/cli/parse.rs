//! `--help` and usage errors in the run's language. clap's derive gives the shape of the
//! command line (see [`super`]); this walks the built `Command` and sets every
//! about, help, heading, value name and usage line from the catalogue, so the English doc
//! comments there are for maintainers and the catalogue is what a clerk reads.
//!
//! Keys: `cli` (the top level's about), `cli-<sub>` (a subcommand's), `cli-<sub>-<arg>`
//! (an argument's help; `cli-arg-<arg>` when every subcommand shares it), `cli-value-<arg>`
//! (its value name, where the catalogue has one), `cli-heading-*`, `cli-error-*`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use disclose::i18n::{Choice, Lang, choose, has, system_locale};
use disclose::t;

use super::Cli;

/// What the command line asked for: a run in a language, or a text to print and an exit
/// code (help, version, or a usage error).
#[derive(Debug)]
pub enum Parsed {
    /// Run the command.
    Run(Box<Cli>, Lang),
    /// Print `text` (to stdout when `code` is 0, else stderr) and exit with `code`.
    Exit {
        /// Help, version or the error message.
        text: String,
        /// 0 for help and version, 2 for a usage error.
        code: u8,
    },
}

/// Parses the process's arguments, choosing the language from `--lang`, `DISCLOSE_LANG`,
/// the site's `language` (of `--root`, else the current folder) and the system locale.
pub fn parse_env() -> Parsed {
    let args: Vec<OsString> = std::env::args_os().collect();
    let env = std::env::var("DISCLOSE_LANG").ok();
    let locale = system_locale();
    let site = site_language(&args);
    let lang = choose(Choice {
        flag: flag_value(&args, "--lang").as_deref(),
        env: env.as_deref(),
        site: site.as_deref(),
        locale: locale.as_deref(),
    });
    parse(args, lang)
}

/// Parses `args` with help and errors in `lang`.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Parsed {
    let mut command = command(lang);
    // The help subcommand is ours (clap's has an English about): `disclose help build`.
    let words = words(&args);
    if words.first() == Some(&"help") {
        let target = words.get(1).copied().unwrap_or("");
        let mut shown = match command.find_subcommand_mut(target) {
            Some(sub) => sub.clone(),
            None => command.clone(),
        };
        return Parsed::Exit {
            text: shown.render_help().to_string(),
            code: 0,
        };
    }
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return exit(e, lang),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => {
            let lang = cli.lang.unwrap_or(lang);
            Parsed::Run(Box::new(cli), lang)
        }
        Err(e) => exit(e.format(&mut command), lang),
    }
}

fn exit(error: clap::Error, lang: Lang) -> Parsed {
    let code = if error.use_stderr() { 2 } else { 0 };
    let text = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => error.render().to_string(),
        _ => usage_error(&error, lang),
    };
    Parsed::Exit { text, code }
}

/// A usage error in the clerk's language: what is wrong, a suggestion where clap has
/// one, the usage line and where to read more.
fn usage_error(error: &clap::Error, lang: Lang) -> String {
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(&t!(lang, "list-separator")),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let key = match error.kind() {
        ErrorKind::UnknownArgument => "cli-error-unknown-argument",
        ErrorKind::InvalidSubcommand => "cli-error-unknown-command",
        ErrorKind::InvalidValue => "cli-error-invalid-value",
        ErrorKind::ValueValidation => "cli-error-bad-value",
        ErrorKind::MissingRequiredArgument => "cli-error-missing",
        ErrorKind::ArgumentConflict => "cli-error-conflict",
        ErrorKind::MissingSubcommand => "cli-error-missing-command",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            "cli-error-values"
        }
        _ => "cli-error-other",
    };
    let subject = match error.kind() {
        ErrorKind::InvalidSubcommand => context(ContextKind::InvalidSubcommand),
        _ => arg,
    };
    let text = if key == "cli-error-other" {
        // No catalogue text for this kind: clap's own words, without its heading.
        let raw = error.render().to_string();
        raw.lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string()
    } else {
        t!(lang, key, arg = subject.as_str(), value = value.as_str())
    };
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(context)
    .find(|s| !s.is_empty());
    let valid = context(ContextKind::ValidValue);
    // A value parser of ours says why in its error (`zh-CN, en`, a date's problem).
    let reason = match error.kind() {
        ErrorKind::ValueValidation => std::error::Error::source(error).map(ToString::to_string),
        _ => None,
    };
    let mut out = format!("{}{text}\n", t!(lang, "cli-error-prefix"));
    if !valid.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            t!(lang, "cli-error-valid", values = valid.as_str())
        ));
    }
    if let Some(reason) = reason {
        out.push_str(&format!("  {}\n", t!(lang, "cli-error-reason", reason = reason)));
    }
    if let Some(s) = suggestion {
        out.push_str(&format!(
            "  {}\n",
            t!(lang, "cli-error-suggest", suggestion = s.as_str())
        ));
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage
            .split_once(' ')
            .map_or(usage.as_str(), |(_, rest)| rest)
            .trim();
        out.push_str(&format!("\n{}{usage}\n", t!(lang, "cli-heading-usage")));
    }
    out.push_str(&format!("\n{}\n", t!(lang, "cli-error-more")));
    out
}

/// The whole command line, every text from `lang`'s catalogue.
pub fn command(lang: Lang) -> Command {
    let top = localize(Cli::command(), lang, None)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t!(lang, "cli-arg-version"))
                .help_heading(t!(lang, "cli-heading-options")),
        )
        .disable_help_subcommand(true)
        .subcommand(
            Command::new("help")
                .about(t!(lang, "cli-help"))
                .arg(Arg::new("command").value_name(t!(lang, "cli-value-command"))),
        );
    let mut top = top;
    top.build();
    usages(top, lang)
}

/// Sets the about, the heading words, the help flag and every argument of `command` (and
/// of its subcommands) from the catalogue.
fn localize(command: Command, lang: Lang, parent: Option<&str>) -> Command {
    let name = command.get_name().to_string();
    let key = match parent {
        None => "cli".to_string(),
        Some(_) => format!("cli-{name}"),
    };
    let template = format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        t!(lang, "cli-heading-usage")
    );
    let sub = parent.map(|_| name.clone());
    let command = command
        .about(t!(lang, &key))
        .long_about(None)
        .help_template(template)
        .subcommand_help_heading(t!(lang, "cli-heading-commands"))
        .subcommand_value_name(t!(lang, "cli-value-command"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(false),
        )
        .mut_args(|arg| localize_arg(arg, lang, sub.as_deref()));
    command.mut_subcommands(|sub| localize(sub, lang, Some(&name)))
}

fn localize_arg(arg: Arg, lang: Lang, sub: Option<&str>) -> Arg {
    let id = arg.get_id().as_str().replace('_', "-");
    let own = sub.map(|s| format!("cli-{s}-{id}"));
    let key = own
        .filter(|k| has(lang, k))
        .unwrap_or_else(|| format!("cli-arg-{id}"));
    let mut help = t!(lang, &key);
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let separator = t!(lang, "list-separator");
    if !possible.is_empty() && arg.get_action().takes_values() {
        help.push_str(&t!(lang, "cli-possible", values = possible.join(&separator)));
    }
    // A flag's implicit `false` is no default worth printing.
    if !defaults.is_empty() && arg.get_action().takes_values() {
        help.push_str(&t!(lang, "cli-default", value = defaults.join(&separator)));
    }
    let heading = if arg.is_positional() {
        "cli-heading-arguments"
    } else {
        "cli-heading-options"
    };
    let value_key = format!("cli-value-{id}");
    let arg = if has(lang, &value_key) {
        arg.value_name(t!(lang, &value_key))
    } else {
        arg
    };
    let takes_values = arg.get_action().takes_values();
    let arg = arg.help(help).long_help(None).help_heading(t!(lang, heading));
    // clap's `[default: …]` and `[possible values: …]` are English; the help says them.
    if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// Usage lines name `[OPTIONS]` in English whatever the help says; write them again with
/// the catalogue's word.
fn usages(mut command: Command, lang: Lang) -> Command {
    let options = t!(lang, "cli-value-options");
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(' ')
        .map_or(usage.as_str(), |(_, rest)| rest)
        .trim();
    let usage = usage.replace("[OPTIONS]", &format!("[{options}]"));
    command = command.override_usage(usage);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| usages(sub, lang));
    }
    command
}

/// The words of `args` that are not flags nor the value of a top-level flag: the
/// subcommand first.
fn words(args: &[OsString]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--lang" {
            iter.next();
        } else if !arg.starts_with('-') {
            out.push(arg);
        }
    }
    out
}

/// The value of `--flag VALUE` or `--flag=VALUE` among `args`, read before clap parses
/// so that clap's own help and errors are already in the right language.
fn flag_value(args: &[OsString], flag: &str) -> Option<String> {
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            return None;
        }
        if arg == flag {
            return iter.next().map(str::to_string);
        }
        if let Some(value) = arg.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            return Some(value.to_string());
        }
    }
    None
}

/// The `language:` of the site the command is about (`--root DIR`, else the current
/// folder), when its `site.yaml` can be read; any problem with the file is `check`'s to
/// report, not the help's.
fn site_language(args: &[OsString]) -> Option<String> {
    let root = flag_value(args, "--root").map_or_else(|| PathBuf::from("."), PathBuf::from);
    let text = std::fs::read_to_string(root.join(disclose::source::CONFIG_FILE)).ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    value.get("language")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(lang: Lang, args: &[&str]) -> String {
        let args = std::iter::once("disclose")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        match parse(args, lang) {
            Parsed::Exit { text, code: 0 } => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_command_and_argument_has_catalogue_help() {
        for lang in Lang::ALL {
            let mut missing = Vec::new();
            let cli = Cli::command();
            for sub in cli.get_subcommands() {
                let name = sub.get_name();
                if !has(lang, &format!("cli-{name}")) {
                    missing.push(format!("cli-{name}"));
                }
                for arg in sub.get_arguments() {
                    let id = arg.get_id().as_str().replace('_', "-");
                    let own = format!("cli-{name}-{id}");
                    let shared = format!("cli-arg-{id}");
                    if !has(lang, &own) && !has(lang, &shared) {
                        missing.push(own);
                    }
                }
            }
            assert!(missing.is_empty(), "{lang}: no help text for {missing:?}");
        }
    }

    #[test]
    fn chinese_help_has_no_english_headings() {
        let text = help(Lang::ZhCn, &["--help"]);
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Print help",
            "[OPTIONS]",
            "<COMMAND>",
        ] {
            assert!(!text.contains(english), "{english} in:\n{text}");
        }
        assert!(text.contains("用法"), "{text}");
        let text = help(Lang::ZhCn, &["build", "--help"]);
        assert!(text.contains("输出文件夹"), "{text}");
        assert!(!text.contains("[default"), "{text}");
        let text = help(Lang::ZhCn, &["help", "check"]);
        assert!(text.contains("检查"), "{text}");
    }

    #[test]
    fn english_help_is_english() {
        let text = help(Lang::En, &["build", "--help"]);
        assert!(text.contains("Usage: disclose build"), "{text}");
        assert!(text.contains("Output folder"), "{text}");
        assert!(!text.contains("用法"), "{text}");
    }

    #[test]
    fn usage_errors_are_in_the_language_and_exit_2() {
        let text = help(Lang::En, &["--lang", "en", "help", "import"]);
        assert!(text.contains("Usage: disclose import"), "{text}");
        let args = ["disclose", "build", "--outt", "x"].map(OsString::from).to_vec();
        match parse(args, Lang::ZhCn) {
            Parsed::Exit { text, code: 2 } => {
                assert!(text.contains("错误"), "{text}");
                assert!(text.contains("--outt"), "{text}");
                assert!(text.contains("--out"), "{text}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_lang_flag_is_read_before_parsing() {
        let args: Vec<OsString> = ["disclose", "--lang=en", "check"].map(OsString::from).to_vec();
        assert_eq!(flag_value(&args, "--lang").as_deref(), Some("en"));
        let args: Vec<OsString> = ["disclose", "check", "--lang", "zh-CN"]
            .map(OsString::from)
            .to_vec();
        assert_eq!(flag_value(&args, "--lang").as_deref(), Some("zh-CN"));
        let args: Vec<OsString> = ["disclose", "check", "--", "--lang", "en"]
            .map(OsString::from)
            .to_vec();
        assert_eq!(flag_value(&args, "--lang"), None);
    }
}
