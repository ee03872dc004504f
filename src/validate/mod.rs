//! Validate: the rules of SPEC "A record" and `site.yaml`, one small function each.
//! Every rule adds diagnostics and none stops the others, so a run reports all errors.

mod config;
mod pages;
pub mod privacy;
mod records;

pub use records::check_one as check_record;

use crate::diagnostic::Diagnostics;
use crate::model::Date;
use crate::source::Sources;

/// Runs every rule over the loaded site, on the as-of date.
pub fn validate(sources: &Sources, as_of: Date) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(config::check(&sources.config, &sources.config_origin));
    diagnostics.extend(records::check(sources, as_of));
    diagnostics.extend(pages::check(sources));
    diagnostics.extend(privacy::check(sources));
    diagnostics
}
