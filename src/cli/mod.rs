//! The command line (binary side): clap types only. The library never sees them; each
//! command's file in [`crate::cmd`] turns them into the library's options. The doc
//! comments here are for maintainers: what `--help` prints comes from the catalogue
//! (`i18n/*/cli.ftl`), set by [`parse`] on the built command.

pub mod parse;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use disclose::model::{Date, Kind};

/// disclose: publish inspection rectification and complaint cases as a static site.
#[derive(Debug, Parser)]
#[command(name = "disclose", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages and help (zh-CN or en); beats `DISCLOSE_LANG`, the site's
    /// `language` and the system locale.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<disclose::i18n::Lang>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (default: public/).
    Build(BuildArgs),
    /// Validate the site without writing anything.
    Check(CheckArgs),
    /// Preview the site locally; rebuild and reload on every change.
    Serve(ServeArgs),
    /// Create a new site (the sample disclosure with the default theme).
    Init(InitArgs),
    /// Create a new record file from its kind's template.
    New(NewArgs),
    /// Import an Excel or CSV ledger (整改台账) into record files.
    Import(ImportArgs),
    /// Publish a built site into a web root atomically, keeping the previous one.
    Deploy(DeployArgs),
    /// Make an ed25519 key pair for signing manifest.json.
    Keygen(KeygenArgs),
    /// Check a built, downloaded or live (URL) site against its manifest and signature.
    Verify(VerifyArgs),
}

/// `disclose serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Site flags.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on (loopback by default; 0.0.0.0 shares the preview on the network).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `disclose init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty.
    #[arg(long)]
    pub force: bool,
}

/// `disclose new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Kind of record: feedback, lookback, complaint or task.
    #[arg(value_parser = parse_kind)]
    pub kind: Kind,
    /// The record id (becomes content/records/<id>.md and the URL).
    pub id: String,
    /// Site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Date written into the new record (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today).
    #[arg(long, alias = "date", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::ALL
        .iter()
        .copied()
        .find(|k| k.key() == s)
        .ok_or_else(|| Kind::VOCABULARY.keys.join(", "))
}

/// `disclose import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The ledger: .xlsx, .xls, .ods or .csv (UTF-8, UTF-8 with BOM or GB18030).
    #[arg(required_unless_present = "print_mapping")]
    pub ledger: Option<PathBuf>,
    /// Site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column and value mapping (YAML) added to and overriding the built-in one; start
    /// from --print-mapping.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Use the --mapping file instead of the built-in mapping, not on top of it.
    #[arg(long, requires = "mapping")]
    pub replace_mapping: bool,
    /// Print the built-in mapping as YAML and exit.
    #[arg(long)]
    pub print_mapping: bool,
    /// Kind of every row when the sheet has no kind column.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Inspection id of every row when the sheet has no inspection column.
    #[arg(long)]
    pub inspection: Option<String>,
    /// Merge into existing records, appending a dated update when status or progress changed.
    #[arg(long)]
    pub update: bool,
    /// Print what would be created or changed, as a diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Date of appended updates (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today).
    #[arg(long, alias = "as-of", value_parser = parse_date)]
    pub date: Option<Date>,
}

/// `disclose deploy`.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The web root to publish into (e.g. /var/www/dczg).
    #[arg(long)]
    pub to: PathBuf,
    /// The built site (default: <root>/public).
    #[arg(long)]
    pub site: Option<PathBuf>,
    /// Site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Put the previous publication back.
    #[arg(long)]
    pub rollback: bool,
    /// List files added, changed and removed; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `disclose keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Folder for disclose.key (secret) and disclose.pub (public).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
    /// Overwrite existing key files.
    #[arg(long)]
    pub force: bool,
}

/// `disclose verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The site: a folder holding manifest.json, or the address of the live site
    /// (https://www.example.gov.cn/dczg/), whose files are fetched as citizens get them.
    pub target: String,
    /// Public key file (from `disclose keygen`) to check manifest.sig against. A signed
    /// publication is only reported ok with it.
    #[arg(long, conflicts_with = "hashes_only")]
    pub key: Option<PathBuf>,
    /// Check the file hashes only, also of a signed publication (proves the copy is
    /// complete, not who published it).
    #[arg(long)]
    pub hashes_only: bool,
    /// Requests in flight at once when checking an address.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Seconds before one request gives up, when checking an address.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

/// Flags shared by commands that read a site.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// Site folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Disclosure date YYYY-MM-DD (default: site.yaml as_of, else SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Include records and pages marked draft.
    #[arg(long)]
    pub drafts: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `disclose build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Site flags.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: <root>/public).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override base_url from site.yaml (checked the same way: an absolute http(s) URL).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Sign manifest.json with this ed25519 secret key (writes manifest.sig).
    #[arg(long)]
    pub sign_key: Option<PathBuf>,
    /// Previous publication to list changes against (default: the output folder).
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Print the wall time of each build stage.
    #[arg(long)]
    pub timings: bool,
    /// Write .gz and .br beside every HTML, CSS, JS, JSON, XML, CSV and SVG file (nginx gzip_static, brotli_static).
    #[arg(long)]
    pub precompress: bool,
    /// Write every link relative to its page, with index.html for folders, so the site
    /// opens from a plain folder (file://, a USB stick) or from any web path.
    #[arg(long)]
    pub relative_urls: bool,
    /// Links to other sites.
    #[command(flatten)]
    pub links: LinkArgs,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, with source snippets.
    Text,
    /// A JSON array of diagnostics, for CI.
    Json,
}

/// `disclose check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Site flags.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Links to other sites.
    #[command(flatten)]
    pub links: LinkArgs,
}

/// `--check-links` of `check` and `build`.
#[derive(Debug, Clone, clap::Args)]
pub struct LinkArgs {
    /// Fetch every link to another site written in content (4 at a time) and warn about
    /// each that does not answer.
    #[arg(long)]
    pub check_links: bool,
    /// Seconds to wait for each link with --check-links.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub link_timeout: u64,
}

impl LinkArgs {
    /// The library's link check for these flags, `None` without `--check-links`.
    pub fn options(&self) -> Option<disclose::linkcheck::LinkCheck> {
        self.check_links.then(|| disclose::linkcheck::LinkCheck {
            timeout: std::time::Duration::from_secs(self.link_timeout),
            ..Default::default()
        })
    }
}

fn parse_lang(s: &str) -> Result<disclose::i18n::Lang, String> {
    disclose::i18n::Lang::parse(s).ok_or_else(|| "zh-CN, en".to_string())
}

/// `--base-url` goes through the very check `site.yaml`'s `base_url` does.
fn parse_base_url(s: &str) -> Result<String, String> {
    disclose::config::check_base_url(s).map(|()| s.to_string())
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

impl SiteArgs {
    /// The library's options for these flags.
    pub fn options(&self) -> disclose::SiteOptions {
        disclose::SiteOptions {
            root: self.root.clone(),
            as_of: self.as_of,
            drafts: self.drafts,
            check_links: None,
        }
    }
}
