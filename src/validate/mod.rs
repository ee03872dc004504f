//! Validate: the rules of SPEC "A record" and `site.yaml`, one small function each.
//! Every rule adds diagnostics and none stops the others, so a run reports all errors.

mod config;
pub mod evidence;
pub mod links;
mod pages;
pub mod privacy;
mod records;

pub use records::check_one as check_record;

use crate::diagnostic::Diagnostics;
use crate::model::Date;
use crate::source::Sources;

/// Re-runs the rules after the records at `changed` were re-read, on a site that passed
/// before: their own rules and privacy guard, and the rules across records.
pub fn recheck(sources: &Sources, as_of: Date, changed: &[usize]) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(records::recheck(sources, as_of, changed));
    for &i in changed {
        diagnostics.extend(evidence::check_record(
            &sources.root,
            &sources.records[i],
            &sources.record_files,
        ));
        diagnostics.extend(privacy::check_record(
            &sources.records[i],
            &sources.config.privacy.allow,
        ));
    }
    diagnostics
}

/// Runs every rule over the loaded site, on the as-of date.
pub fn validate(sources: &Sources, as_of: Date) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(config::check(&sources.config, &sources.config_origin));
    diagnostics.extend(records::check(sources, as_of));
    diagnostics.extend(pages::check(sources));
    diagnostics.extend(privacy::check(sources));
    diagnostics.extend(evidence::check(sources));
    diagnostics
}
