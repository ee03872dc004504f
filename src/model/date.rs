//! Calendar dates as the site writes them: `YYYY-MM-DD`, always a real date.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A civil date (no time, no zone), written and read as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Builds a date from its parts; `None` when it is not a real date.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Self> {
        jiff::civil::Date::new(year, month, day).ok().map(Self)
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0.duration_since(earlier.0).as_secs() / 86_400
    }

    /// The date of a Unix timestamp (UTC).
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        Some(Self(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// Today in the machine's local time zone.
    pub fn today() -> Self {
        Self(jiff::ZonedDateTime::now().date())
    }

    /// Year, month and day.
    pub fn parts(self) -> (i16, i8, i8) {
        (self.0.year(), self.0.month(), self.0.day())
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(DateError(format!(
                "`{s}` is not a date; write dates as YYYY-MM-DD, e.g. 2022-06-30"
            )));
        }
        let year: i16 = s[0..4]
            .parse()
            .map_err(|_| DateError(format!("`{s}` has an invalid year")))?;
        let month: i8 = s[5..7]
            .parse()
            .map_err(|_| DateError(format!("`{s}` has an invalid month")))?;
        let day: i8 = s[8..10]
            .parse()
            .map_err(|_| DateError(format!("`{s}` has an invalid day")))?;
        Date::new(year, month, day).ok_or_else(|| {
            DateError(format!(
                "`{s}` is not a real calendar date (check the month and day)"
            ))
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.parts();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "description": "A calendar date, YYYY-MM-DD." })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = super::scalar_text(deserializer)?;
        text.parse().map_err(|e: DateError| serde::de::Error::custom(e.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!("2022-06-30".parse::<Date>().unwrap().to_string(), "2022-06-30");
        assert!("2022-02-30".parse::<Date>().is_err());
        assert!("2022-6-30".parse::<Date>().is_err());
        assert!("2022/06/30".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn counts_days() {
        let a: Date = "2022-09-30".parse().unwrap();
        let b: Date = "2022-06-30".parse().unwrap();
        assert_eq!(a.days_since(b), 92);
        assert_eq!(b.days_since(a), -92);
    }

    #[test]
    fn from_epoch() {
        assert_eq!(Date::from_unix_seconds(0).unwrap().to_string(), "1970-01-01");
    }
}
