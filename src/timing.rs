//! Stage timings of a build, for `build --timings` and the benchmark.

use std::time::{Duration, Instant};

/// Wall time of each stage, in the order they ran.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            stages: Vec::new(),
            since: Instant::now(),
        }
    }
}

impl Timings {
    /// Starts timing now.
    pub fn start() -> Self {
        Self::default()
    }

    /// Ends the current stage, naming it.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.since));
        self.since = now;
    }

    /// The stages so far.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// A small table, one stage a line.
    pub fn table(&self) -> String {
        self.stages
            .iter()
            .map(|(name, d)| format!("  {name:<12} {:>8.1} ms\n", d.as_secs_f64() * 1000.0))
            .collect()
    }
}
