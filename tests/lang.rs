//! The language of the command line, driven through the real binary: `--help` of the top
//! level and of every subcommand follows `LANG`, `DISCLOSE_LANG`, the site's `language`
//! and `--lang`, in that order of strength; summary lines follow it too.

mod common;

use assert_cmd::Command;
use common::*;

const SUBCOMMANDS: [&str; 9] = [
    "build", "check", "serve", "init", "new", "import", "deploy", "keygen", "verify",
];

/// The binary with only `LANG` set (no `DISCLOSE_LANG`), run in an empty folder so no
/// site's `language` is read.
fn with_locale(locale: &str, dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("disclose").unwrap();
    cmd.env_remove("DISCLOSE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .current_dir(dir);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn is_chinese(text: &str) -> bool {
    text.contains("用法：")
        && text.contains("选项:")
        && !text.contains("Usage")
        && !text.contains("Options")
        && !text.contains("Print help")
}

fn is_english(text: &str) -> bool {
    text.contains("Usage: ") && text.contains("Options:") && !text.contains("用法") && !text.contains("选项")
}

#[test]
fn help_follows_the_locale_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let top = stdout(with_locale("zh_CN.UTF-8", dir.path()).arg("--help"));
    assert!(is_chinese(&top), "{top}");
    assert!(top.contains("命令:"), "{top}");
    let top = stdout(with_locale("en_US.UTF-8", dir.path()).arg("--help"));
    assert!(is_english(&top), "{top}");
    for sub in SUBCOMMANDS {
        let zh = stdout(with_locale("zh_CN.UTF-8", dir.path()).args([sub, "--help"]));
        assert!(is_chinese(&zh), "{sub}:\n{zh}");
        assert!(zh.contains(&format!("disclose {sub}")), "{sub}:\n{zh}");
        let en = stdout(with_locale("en_US.UTF-8", dir.path()).args([sub, "--help"]));
        assert!(is_english(&en), "{sub}:\n{en}");
        // `disclose help <sub>` is the same text as `disclose <sub> --help`.
        let via_help = stdout(with_locale("zh_CN.UTF-8", dir.path()).args(["help", sub]));
        assert_eq!(via_help, zh, "{sub}");
    }
}

#[test]
fn the_lang_flag_beats_the_locale_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let en = stdout(with_locale("zh_CN.UTF-8", dir.path()).args(["--lang", "en", "build", "--help"]));
    assert!(is_english(&en), "{en}");
    let zh = stdout(
        with_locale("en_US.UTF-8", dir.path())
            .env("DISCLOSE_LANG", "en")
            .args(["check", "--help", "--lang=zh-CN"]),
    );
    assert!(is_chinese(&zh), "{zh}");
    // DISCLOSE_LANG beats the locale.
    let en = stdout(
        with_locale("zh_CN.UTF-8", dir.path())
            .env("DISCLOSE_LANG", "en")
            .arg("--help"),
    );
    assert!(is_english(&en), "{en}");
}

#[test]
fn the_sites_language_beats_the_locale() {
    let site = site_copy("good");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let yaml = yaml
        .lines()
        .filter(|l| !l.starts_with("language:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.path().join("site.yaml"), format!("{yaml}\nlanguage: en\n")).unwrap();
    let en = stdout(with_locale("zh_CN.UTF-8", site.path()).arg("--help"));
    assert!(is_english(&en), "{en}");
    // The site named by --root counts too, and the check's summary follows it.
    let dir = tempfile::tempdir().unwrap();
    let out = with_locale("zh_CN.UTF-8", dir.path())
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("check ok: "), "{stderr}");
}

#[test]
fn summaries_and_usage_errors_are_chinese() {
    let site = site_copy("good");
    let out = disclose_in("zh-CN")
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("检查完成："), "{stderr}");
    assert!(stderr.contains("条记录"), "{stderr}");
    assert!(stderr.contains("0 个错误"), "{stderr}");

    let out = disclose_in("zh-CN")
        .args(["build", "--outt", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("错误：没有这个选项：--outt"), "{stderr}");
    assert!(stderr.contains("您是否要写：--out"), "{stderr}");

    let out = disclose_in("zh-CN")
        .args(["check", "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("zh-CN, en"), "{stderr}");
}
