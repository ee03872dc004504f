//! Themes: templates, static files and UI strings. The default theme is embedded in the
//! binary so an installed `disclose` works without a repository checkout; a site's own
//! `themes/<name>/` replaces it, and the site's `templates/` and `static/` override any
//! file by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, Status, VOCABULARIES};

macro_rules! embed {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),+]
    };
}

/// The default theme's files, relative to `themes/default/`.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed!(
    "theme.yaml",
    "i18n/en.yaml",
    "i18n/zh-CN.yaml",
    "static/assets/disclose.css",
    "static/assets/disclose.js",
    "static/assets/favicon.svg",
    "static/assets/search.js",
    "templates/404.html",
    "templates/base.html",
    "templates/changes.html",
    "templates/closures.html",
    "templates/data.html",
    "templates/facet.html",
    "templates/facets.html",
    "templates/feed.xml",
    "templates/index.html",
    "templates/macros/notices.html",
    "templates/macros/paginator.html",
    "templates/macros/row.html",
    "templates/macros/rows.html",
    "templates/macros/statistics.html",
    "templates/official.html",
    "templates/page.html",
    "templates/record.html",
    "templates/records.html",
    "templates/search.html",
    "templates/section.html",
    "templates/sitemap.xml",
    "templates/table.html",
    "templates/updates.html",
);

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    File(PathBuf),
}

/// A loaded theme, with the site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Template name → source.
    pub templates: BTreeMap<String, (String, PathBuf)>,
    /// Output path → source, e.g. `assets/disclose.css`.
    pub static_files: BTreeMap<String, StaticSource>,
    /// UI strings for the site's language, vocabulary labels merged in.
    pub i18n: Json,
    /// Files under `assets/` by name (`disclose.css`) → their published, content-hashed
    /// path (`assets/disclose.1a2b3c4d.css`), so caches can keep them for a year.
    pub assets: BTreeMap<String, String>,
}

impl Theme {
    /// The UI text `key` (`table_title`, `ongoing`...), or the key itself if the theme has
    /// none.
    pub fn text(&self, key: &str) -> String {
        self.i18n
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    /// The text at `group.key` of the theme's UI strings, if it has one.
    pub fn i18n_text(&self, group: &str, key: &str) -> Option<String> {
        self.i18n.get(group)?.get(key)?.as_str().map(str::to_string)
    }

    /// The word a record of `kind` shows for `key` of the vocabulary `vocab`: its entry in
    /// the merged `by_kind` table (see `merge_kind_words`), else the group's label (for
    /// groups that are not vocabularies, such as `deadline` words). Every page, feed and
    /// download that shows a record's status says it through this; templates that have
    /// only keys read the same table, `t.by_kind[kind].status[key]`.
    pub fn word(&self, kind: Kind, vocab: &str, key: &str) -> String {
        self.i18n
            .get("by_kind")
            .and_then(|b| b.get(kind.key()))
            .and_then(|w| w.get(vocab))
            .and_then(|l| l.get(key))
            .and_then(|v| v.as_str())
            .map_or_else(|| self.label(vocab, key), str::to_string)
    }

    /// A record's status in words, as its kind says it (complaints: 已办结 where problems
    /// read 已完成整改（待验收）).
    pub fn status_word(&self, kind: Kind, status: Status) -> String {
        self.word(kind, "status", status.key())
    }

    /// A record's status as it stands on the as-of date: 销号公示中 while a closure
    /// notice runs (the case is not closed yet, whatever its status says), else its
    /// kind's word.
    pub fn current_status_word(&self, kind: Kind, status: Status, in_notice: bool) -> String {
        if in_notice {
            self.text("in_notice")
        } else {
            self.status_word(kind, status)
        }
    }

    /// Every kind's status words, kind → status key → word, for scripts that show a
    /// status from its key (the search results).
    pub fn status_words(&self) -> Json {
        let mut out = serde_json::Map::new();
        for kind in Kind::ALL {
            let words: serde_json::Map<String, Json> = Status::ALL
                .iter()
                .map(|s| (s.key().to_string(), Json::String(self.status_word(*kind, *s))))
                .collect();
            out.insert(kind.key().to_string(), Json::Object(words));
        }
        Json::Object(out)
    }

    /// The label of `key` in the vocabulary or group `vocab` (`status`, `kind`, `field`...),
    /// or the key itself if the theme has none.
    pub fn label(&self, vocab: &str, key: &str) -> String {
        self.i18n
            .get(vocab)
            .and_then(|v| v.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }
}

/// Loads the theme named in `config` for the site at `root`.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut templates = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut i18n_text: Option<(String, PathBuf)> = None;
    let theme_dir = root.join("themes").join(&config.theme);
    let i18n_name = format!("i18n/{}.yaml", config.language);

    // Themes come only from `themes/<name>/` inside the site (or the embedded default):
    // a name with a path in it, or a linked folder, would publish files from elsewhere.
    if !is_folder_name(&config.theme) {
        errors.push(
            Diagnostic::error(
                "site.yaml",
                0,
                0,
                format!("theme `{}` is not a folder name under themes/", config.theme),
            )
            .code(Code::UnknownTheme)
            .field("theme")
            .arg("value", &config.theme)
            .with_help(
                "write only the folder's name (theme: mytheme for themes/mytheme/), or use `theme: default`",
            ),
        );
        return Err(errors);
    }
    for dir in [
        root.join("themes"),
        theme_dir.clone(),
        root.join("templates"),
        root.join("static"),
    ] {
        refuse_linked_folder(root, &dir, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    if theme_dir.is_dir() {
        read_tree(&theme_dir.join("templates"), &mut |rel, path| {
            templates.insert(rel.to_string(), (read(path, &mut errors), display(root, path)));
        });
        read_tree(&theme_dir.join("static"), &mut |rel, path| {
            static_files.insert(rel.to_string(), StaticSource::File(path.to_path_buf()));
        });
        let path = theme_dir.join(&i18n_name);
        if path.is_file() {
            i18n_text = Some((read(&path, &mut errors), display(root, &path)));
        }
    } else if config.theme == "default" {
        for (rel, bytes) in DEFAULT_THEME {
            let origin = PathBuf::from("themes/default").join(rel);
            if let Some(name) = rel.strip_prefix("templates/") {
                templates.insert(
                    name.to_string(),
                    (String::from_utf8_lossy(bytes).into_owned(), origin),
                );
            } else if let Some(name) = rel.strip_prefix("static/") {
                static_files.insert(name.to_string(), StaticSource::Embedded(bytes));
            } else if *rel == i18n_name {
                i18n_text = Some((String::from_utf8_lossy(bytes).into_owned(), origin));
            }
        }
    } else {
        errors.push(
            Diagnostic::error(
                "site.yaml",
                0,
                0,
                format!("theme `{}` not found at {}", config.theme, theme_dir.display()),
            )
            .code(Code::UnknownTheme)
            .field("theme")
            .arg("value", &config.theme)
            .with_help("put the theme in themes/<name>/, or use `theme: default`"),
        );
    }

    read_tree(&root.join("templates"), &mut |rel, path| {
        templates.insert(rel.to_string(), (read(path, &mut errors), display(root, path)));
    });
    read_tree(&root.join("static"), &mut |rel, path| {
        static_files.insert(rel.to_string(), StaticSource::File(path.to_path_buf()));
    });

    let i18n = match i18n_text {
        Some((text, origin)) => match crate::source::yaml::parse::<Json>(&text, &origin, 1) {
            Ok(v) => merge_vocabularies(v, config, &origin, &mut errors),
            Err(d) => {
                errors.push(d);
                Json::Null
            }
        },
        None => {
            errors.push(
                Diagnostic::error(
                    "site.yaml",
                    0,
                    0,
                    format!(
                        "the theme has no UI strings for language `{}` ({i18n_name})",
                        config.language
                    ),
                )
                .code(Code::MissingUiStrings)
                .field("language")
                .arg("value", &config.language)
                .with_help("use `language: zh-CN` or `language: en`, or add the file to the theme"),
            );
            Json::Null
        }
    };
    let (static_files, assets) = fingerprint(static_files, &mut errors);
    if errors.is_empty() {
        Ok(Theme {
            templates,
            static_files,
            i18n,
            assets,
        })
    } else {
        Err(errors)
    }
}

/// Puts a content hash into the name of every file under `assets/`.
fn fingerprint(
    files: BTreeMap<String, StaticSource>,
    errors: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, StaticSource>, BTreeMap<String, String>) {
    use sha2::{Digest, Sha256};
    let mut out = BTreeMap::new();
    let mut assets = BTreeMap::new();
    for (rel, source) in files {
        let Some(name) = rel.strip_prefix("assets/") else {
            out.insert(rel, source);
            continue;
        };
        let bytes = match &source {
            StaticSource::Embedded(b) => b.to_vec(),
            StaticSource::File(p) => match std::fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    errors.push(
                        Diagnostic::error(p.clone(), 0, 0, format!("cannot read: {e}"))
                            .code(Code::CannotRead)
                            .arg("error", &e),
                    );
                    continue;
                }
            },
        };
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("assets/{stem}.{hash}.{ext}"),
            None => format!("assets/{name}.{hash}"),
        };
        assets.insert(name.to_string(), hashed.clone());
        out.insert(hashed, source);
    }
    (out, assets)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read(path: &Path, errors: &mut Vec<Diagnostic>) -> String {
    match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| crate::source::text::decode(&b).map_err(|e| e.message))
    {
        Ok(t) => t,
        Err(e) => {
            errors.push(
                Diagnostic::error(path, 0, 0, format!("cannot read: {e}"))
                    .code(Code::CannotRead)
                    .arg("error", &e),
            );
            String::new()
        }
    }
}

/// Calls `f(relative name, path)` for every file under `dir`, sorted, skipping hidden ones.
/// A theme name is one plain folder name: no separators, no `.`/`..`, no drive or
/// leading dot, so `themes/<name>` can only be a folder inside the site's `themes/`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && Path::new(name).components().count() == 1
}

/// Reports `dir` if it is a symlink: walkdir always follows its root, so a linked
/// `static/` or theme folder would publish files from wherever the link points.
fn refuse_linked_folder(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        errors.push(
            Diagnostic::error(
                display(root, dir),
                0,
                0,
                "this folder is a link to another folder: disclose reads themes, templates and static files only from real folders inside the site",
            )
            .code(Code::SymlinkOutside)
            .with_help("replace the link with a folder holding copies of the files"),
        );
    }
}

fn read_tree(dir: &Path, f: &mut dyn FnMut(&str, &Path)) {
    if !dir.is_dir() {
        return;
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir)
            && let Some(rel) = rel.to_str()
        {
            f(&rel.replace('\\', "/"), entry.path());
        }
    }
}

/// Site vocabularies override the theme's labels; every key must have a label.
fn merge_vocabularies(
    mut i18n: Json,
    config: &SiteConfig,
    origin: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Json {
    let Some(map) = i18n.as_object_mut() else {
        errors.push(
            Diagnostic::error(origin, 1, 1, "the i18n file must be a mapping of keys to strings")
                .code(Code::MissingUiStrings)
                .arg("variant", "not-mapping"),
        );
        return i18n;
    };
    for vocab in VOCABULARIES {
        let entry = map
            .entry(vocab.name)
            .or_insert_with(|| Json::Object(Default::default()));
        let Some(labels) = entry.as_object_mut() else {
            continue;
        };
        if let Some(site) = config.vocabularies.get(vocab.name) {
            for (k, v) in site {
                labels.insert(k.clone(), Json::String(v.clone()));
            }
        }
        for key in vocab.keys {
            if !labels.contains_key(*key) {
                errors.push(
                    Diagnostic::error(origin, 0, 0, format!("no label for `{}.{key}`", vocab.name))
                        .code(Code::MissingLabel)
                        .field(format!("{}.{key}", vocab.name))
                        .arg("vocabulary", vocab.name)
                        .arg("value", key)
                        .with_help(format!("add `{key}: ...` under `{}:`", vocab.name)),
                );
            }
        }
    }
    merge_kind_words(map, config);
    i18n
}

/// Fills `by_kind` of the UI strings (kind → vocabulary → key → word) for every kind,
/// vocabulary and key, so that one lookup there gives a record's word: the site's
/// per-kind label, else its site-wide one (a site-wide relabel applies to every kind),
/// else the theme's own word for the kind, else the vocabulary's label.
fn merge_kind_words(map: &mut serde_json::Map<String, Json>, config: &SiteConfig) {
    // The vocabularies' labels, site-wide labels already merged in.
    let general: BTreeMap<&str, serde_json::Map<String, Json>> = VOCABULARIES
        .iter()
        .map(|v| {
            let labels = map
                .get(v.name)
                .and_then(Json::as_object)
                .cloned()
                .unwrap_or_default();
            (v.name, labels)
        })
        .collect();
    let by_kind = map
        .entry("by_kind")
        .or_insert_with(|| Json::Object(Default::default()));
    if !by_kind.is_object() {
        *by_kind = Json::Object(Default::default());
    }
    let Some(by_kind) = by_kind.as_object_mut() else {
        return;
    };
    for kind in Kind::ALL {
        let words = by_kind
            .entry(kind.key())
            .or_insert_with(|| Json::Object(Default::default()));
        if !words.is_object() {
            *words = Json::Object(Default::default());
        }
        let Some(words) = words.as_object_mut() else {
            continue;
        };
        let site = config.vocabularies.by_kind.get(kind.key());
        for vocab in VOCABULARIES {
            let entry = words
                .entry(vocab.name)
                .or_insert_with(|| Json::Object(Default::default()));
            if !entry.is_object() {
                *entry = Json::Object(Default::default());
            }
            let Some(labels) = entry.as_object_mut() else {
                continue;
            };
            let overrides = config
                .vocabularies
                .get(vocab.name)
                .into_iter()
                .chain(site.and_then(|s| s.get(vocab.name)));
            for (k, v) in overrides.flatten() {
                labels.insert(k.clone(), Json::String(v.clone()));
            }
            for key in vocab.keys {
                if !labels.contains_key(*key)
                    && let Some(label) = general.get(vocab.name).and_then(|g| g.get(*key))
                {
                    labels.insert((*key).to_string(), label.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_config(extra: &str) -> SiteConfig {
        serde_yaml::from_str(&format!("title: t\npublisher: p\nbase_url: /\n{extra}")).unwrap()
    }

    #[test]
    fn theme_names_are_plain_folder_names() {
        for good in ["default", "county-2024", "青川"] {
            assert!(is_folder_name(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../x",
            "/srv/other-theme",
            "a/b",
            "a\\b",
            "C:x",
            ".hidden",
        ] {
            assert!(!is_folder_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_theme_outside_the_site_or_a_linked_static_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(outside.path().join("templates")).unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        // `themes/../x` exists, so only the name rule keeps it out.
        std::fs::create_dir_all(site.path().join("x/templates")).unwrap();
        for theme in ["../x", outside.path().to_str().unwrap()] {
            let config = site_config(&format!("theme: '{theme}'\n"));
            let Err(errors) = load(site.path(), &config) else {
                panic!("{theme} was loaded")
            };
            assert_eq!(errors[0].code, Some(Code::UnknownTheme), "{theme}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), site.path().join("static")).unwrap();
            let Err(errors) = load(site.path(), &site_config("")) else {
                panic!("linked static/ was read")
            };
            assert_eq!(errors[0].code, Some(Code::SymlinkOutside));
            assert_eq!(
                errors[0].place,
                crate::diagnostic::Place::File(PathBuf::from("static"))
            );
        }
    }

    #[test]
    fn embedded_list_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        read_tree(&dir, &mut |rel, _| on_disk.push(rel.to_string()));
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        on_disk.sort();
        embedded.sort();
        assert_eq!(on_disk, embedded, "update DEFAULT_THEME in src/render/theme.rs");
    }

    #[test]
    fn both_languages_label_every_vocabulary_key() {
        for lang in ["zh-CN", "en"] {
            let config: SiteConfig = serde_yaml::from_str(&format!(
                "title: t\npublisher: p\nbase_url: /\nlanguage: {lang}\n"
            ))
            .unwrap();
            let theme = load(Path::new("/nonexistent"), &config).unwrap();
            assert!(theme.i18n["status"]["closed"].as_str().is_some(), "{lang}");
        }
    }

    #[test]
    fn site_vocabularies_relabel() {
        let config: SiteConfig = serde_yaml::from_str(
            "title: t\npublisher: p\nbase_url: /\nvocabularies: { status: { in_progress: 序时推进 } }\n",
        )
        .unwrap();
        let theme = load(Path::new("/nonexistent"), &config).unwrap();
        assert_eq!(theme.i18n["status"]["in_progress"], "序时推进");
    }

    #[test]
    fn complaints_have_their_own_status_words() {
        for (lang, problem, complaint) in [
            ("zh-CN", "已完成整改（待验收）", "已办结"),
            ("en", "Completed (awaiting acceptance)", "Concluded"),
        ] {
            let theme = load(
                Path::new("/nonexistent"),
                &site_config(&format!("language: {lang}\n")),
            )
            .unwrap();
            assert_eq!(
                theme.status_word(Kind::Feedback, Status::Completed),
                problem,
                "{lang}"
            );
            assert_eq!(
                theme.status_word(Kind::Complaint, Status::Completed),
                complaint,
                "{lang}"
            );
        }
        let theme = load(Path::new("/nonexistent"), &site_config("")).unwrap();
        assert_eq!(theme.status_word(Kind::Complaint, Status::NotStarted), "未办结");
        assert_eq!(theme.status_word(Kind::Complaint, Status::InProgress), "正在办理");
        assert_eq!(theme.status_word(Kind::Complaint, Status::Staged), "阶段性办结");
        assert_eq!(theme.status_word(Kind::Task, Status::InProgress), "正在整改");
    }

    #[test]
    fn per_kind_site_labels_win_over_site_wide_ones_which_win_over_the_theme() {
        let theme = load(
            Path::new("/nonexistent"),
            &site_config(
                "vocabularies:\n  status: { completed: 已完成, in_progress: 推进中 }\n  by_kind: { complaint: { status: { completed: 办结待验收 } } }\n",
            ),
        )
        .unwrap();
        assert_eq!(
            theme.status_word(Kind::Complaint, Status::Completed),
            "办结待验收"
        );
        assert_eq!(theme.status_word(Kind::Feedback, Status::Completed), "已完成");
        // A site-wide relabel reaches complaints too, over the theme's 正在办理.
        assert_eq!(theme.status_word(Kind::Complaint, Status::InProgress), "推进中");
        assert_eq!(theme.status_word(Kind::Complaint, Status::Staged), "阶段性办结");
    }
}
