//! The typed data the rest of the app reasons about: periods and counts by period.

pub mod areas;
pub mod crime_ids;
pub mod crime_types;
mod dataset;
mod granularity;
mod month_serde;
mod period;
mod series;
pub mod street;
pub mod street_merge;

pub use dataset::{
    CountRow, CountTable, Dataset, FileAccount, Format, LoadedFile, MonthlyCounts, ReadDetails,
    RejectedRow, RowAccount, TableChoice,
};
pub use granularity::{Granularity, PeriodRow, PeriodTable, latest_value};
pub use period::{
    Date, FinancialQuarter, FinancialYear, Month, Period, PeriodError, PeriodKind, Pooled, Quarter,
    Rolling12, Year, YearBasis, days_in_month,
};
pub use series::{Area, Content, Figure, MissingReason, SeriesKey, SeriesSet};
pub use street::StreetCounts;
pub use street_merge::{AreaSummary, Overlap};
