//! The message catalogue: every text a clerk reads in the terminal (`--help`, summary
//! lines, progress, prompts and, by code, diagnostics) in zh-CN and en.
//!
//! The texts live in Fluent files under `i18n/<lang>/*.ftl` at the repository root, so a
//! translator edits them without touching Rust; they are embedded in the binary (no file
//! is read at run time). [`Lang`] is chosen once per run by [`choose`] from `--lang`,
//! `DISCLOSE_LANG`, the site's `language` and the system locale, and then passed down:
//! nothing here holds a "current language".

pub mod diagnostics;
mod locale;

pub use locale::{Choice, choose, system_locale};

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the catalogue has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, the default: the people who run disclose are Chinese clerks.
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order `--help` lists them.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as `site.yaml` `language:` and `--lang` write it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Reads a language tag or a POSIX locale name: `zh-CN`, `zh_CN.UTF-8`, `zh`,
    /// `zh-Hans-CN`, `en`, `en_US.UTF-8`, `en-GB`… `None` for anything else (`C`,
    /// `POSIX`, `fr_FR`), so that the next source of the choice is asked.
    pub fn parse(text: &str) -> Option<Lang> {
        let text = text.trim();
        // `zh_CN.UTF-8@euro` → `zh_CN`; `LANGUAGE=zh_CN:en` lists several, first wins.
        let first = text.split(':').next().unwrap_or("");
        let base = first.split(['.', '@']).next().unwrap_or("");
        let primary = base.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// Declares the catalogue files once; a test checks that this list and the files under
/// `i18n/` agree, so a new file cannot be forgotten here.
macro_rules! catalogue_files {
    ($($name:literal),+ $(,)?) => {
        /// The `.ftl` file names every language has.
        pub const FILES: &[&str] = &[$($name),+];
        const ZH_CN: &[&str] = &[$(include_str!(concat!("../../i18n/zh-CN/", $name))),+];
        const EN: &[&str] = &[$(include_str!(concat!("../../i18n/en/", $name))),+];
    };
}

catalogue_files!("cli.ftl", "diagnostics.ftl", "run.ftl", "slips.ftl");

/// The embedded sources of `lang`'s catalogue, with their file names.
pub fn sources(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    let texts = match lang {
        Lang::ZhCn => ZH_CN,
        Lang::En => EN,
    };
    FILES.iter().copied().zip(texts.iter().copied())
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    // Built once on first use and never changed: a cache of constant data, not state.
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Lang::ALL.map(build_bundle));
    &bundles[Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0)]
}

fn build_bundle(lang: Lang) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: terminals print them as boxes.
    bundle.set_use_isolating(false);
    for (_, text) in sources(lang) {
        // A syntax error in a catalogue is caught by the tests; what parses is kept.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// True when `lang`'s catalogue has a message `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The message `key` in `lang`, with `args` filled in. A key missing in `lang` falls back
/// to English, then to the key itself (the both-languages test keeps that from shipping).
pub fn text(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    for lang in [lang, Lang::En] {
        let bundle = bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            continue;
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.to_fluent());
        }
        let mut errors = Vec::new();
        return bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
    }
    key.to_string()
}

/// A value for a placeholder: text, or a number (so that plural selectors work).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Shown as it is.
    Str(std::borrow::Cow<'a, str>),
    /// A count or a size; `{ $n -> [one] … *[other] … }` selects on it.
    Num(f64),
}

impl Arg<'_> {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Str(s) => FluentValue::from(s.as_ref()),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s.into())
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(s.into())
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s.as_str().into())
    }
}

macro_rules! num_arg {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg<'_> {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )+};
}
num_arg!(usize, u64, u32, i64, i32, f64);

/// `t!(lang, "key")` or `t!(lang, "key", name = value, …)`: the catalogue text.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::text($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests;
