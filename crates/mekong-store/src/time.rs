//! Conversions between jiff (the house time library) and chrono (what SeaORM speaks).

/// An instant as SeaORM stores it.
pub(crate) fn to_chrono(instant: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(instant.as_second(), instant.subsec_nanosecond().unsigned_abs())
        .unwrap_or_default()
}

/// An instant read back from the database.
pub(crate) fn from_chrono(instant: chrono::DateTime<chrono::Utc>) -> jiff::Timestamp {
    jiff::Timestamp::new(instant.timestamp(), instant.timestamp_subsec_nanos().cast_signed()).unwrap_or_default()
}
