//! Which language a run speaks: `--lang`, else `DISCLOSE_LANG`, else the site's
//! `language`, else the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`; on Windows and
//! macOS the user's UI language), else Chinese.

use super::Lang;

/// Where each candidate for the language came from; the first that names a language the
/// catalogue has wins. Empty strings count as unset, as the shells treat them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Choice<'a> {
    /// `--lang`.
    pub flag: Option<&'a str>,
    /// `DISCLOSE_LANG`.
    pub env: Option<&'a str>,
    /// `site.yaml` `language:`.
    pub site: Option<&'a str>,
    /// The system locale, from [`system_locale`].
    pub locale: Option<&'a str>,
}

/// The language of this run.
pub fn choose(choice: Choice<'_>) -> Lang {
    [choice.flag, choice.env, choice.site, choice.locale]
        .into_iter()
        .flatten()
        .find_map(Lang::parse)
        .unwrap_or_default()
}

/// The system locale: the POSIX variables in their order of precedence (`LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`), or where none is set (Windows, a macOS app) the user's UI
/// language as the OS reports it (`sys-locale` asks `GetUserDefaultUILanguage` there).
pub fn system_locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .or_else(sys_locale::get_locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_everything() {
        let choice = Choice {
            flag: Some("en"),
            env: Some("zh-CN"),
            site: Some("zh-CN"),
            locale: Some("zh_CN.UTF-8"),
        };
        assert_eq!(choose(choice), Lang::En);
    }

    #[test]
    fn each_source_is_asked_in_turn() {
        let env = Choice {
            env: Some("en"),
            site: Some("zh-CN"),
            ..Choice::default()
        };
        assert_eq!(choose(env), Lang::En);
        let site = Choice {
            site: Some("en"),
            locale: Some("zh_CN.UTF-8"),
            ..Choice::default()
        };
        assert_eq!(choose(site), Lang::En);
        let locale = Choice {
            locale: Some("en_US.UTF-8"),
            ..Choice::default()
        };
        assert_eq!(choose(locale), Lang::En);
        assert_eq!(choose(Choice::default()), Lang::ZhCn);
    }

    #[test]
    fn a_locale_the_catalogue_lacks_falls_through() {
        let c = Choice {
            env: Some(""),
            site: Some("fr"),
            locale: Some("C.UTF-8"),
            ..Choice::default()
        };
        assert_eq!(choose(c), Lang::ZhCn);
        let c = Choice {
            flag: Some("POSIX"),
            locale: Some("en_GB.UTF-8"),
            ..Choice::default()
        };
        assert_eq!(choose(c), Lang::En);
    }

    #[test]
    fn locale_names_are_read_like_tags() {
        for zh in [
            "zh-CN",
            "zh_CN.UTF-8",
            "zh",
            "zh-Hans-CN",
            "zh_CN.GB18030",
            "ZH_cn",
            "zh_CN:en",
        ] {
            assert_eq!(Lang::parse(zh), Some(Lang::ZhCn), "{zh}");
        }
        for en in ["en", "en_US.UTF-8", "en-GB", "en_US.utf8@euro"] {
            assert_eq!(Lang::parse(en), Some(Lang::En), "{en}");
        }
        for none in ["", "C", "POSIX", "C.UTF-8", "fr_FR.UTF-8", "zhx"] {
            assert_eq!(Lang::parse(none), None, "{none}");
        }
    }
}
