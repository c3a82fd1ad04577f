//! The network's directory: member cities and the codes people use for them.

use crate::ids::CityId;
use crate::{Lang, Text};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Errors of the directory area.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DirectoryError {
    #[error("no such city")]
    CityNotFound,
    #[error("invalid city code")]
    InvalidCityCode,
    #[error("invalid country code")]
    InvalidCountry,
}

/// A country of the network, by ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    #[serde(rename = "KH")]
    Cambodia,
    #[serde(rename = "LA")]
    Laos,
    #[serde(rename = "VN")]
    Vietnam,
}

impl Country {
    pub const ALL: [Country; 3] = [Country::Cambodia, Country::Laos, Country::Vietnam];

    pub fn iso2(self) -> &'static str {
        match self {
            Country::Cambodia => "KH",
            Country::Laos => "LA",
            Country::Vietnam => "VN",
        }
    }

    pub fn parse(code: &str) -> Result<Country, DirectoryError> {
        Country::ALL
            .into_iter()
            .find(|c| c.iso2().eq_ignore_ascii_case(code.trim()))
            .ok_or(DirectoryError::InvalidCountry)
    }

    /// The language spoken locally, used to label names in local script.
    pub fn local_language(self) -> Lang {
        match self {
            Country::Cambodia => Lang::Km,
            Country::Laos => Lang::Lo,
            Country::Vietnam => Lang::Vi,
        }
    }
}

/// A city's human code: the country's ISO code, a dash, and three capital letters (`KH-PNH`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CityCode(String);

impl CityCode {
    pub fn parse(raw: &str) -> Result<CityCode, DirectoryError> {
        let code = raw.trim().to_ascii_uppercase();
        let (country, place) = code.split_once('-').ok_or(DirectoryError::InvalidCityCode)?;
        Country::parse(country).map_err(|_| DirectoryError::InvalidCityCode)?;
        if place.len() == 3 && place.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(CityCode(code))
        } else {
            Err(DirectoryError::InvalidCityCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country the code names; a parsed code always has one.
    pub fn country(&self) -> Option<Country> {
        self.0.split('-').next().and_then(|c| Country::parse(c).ok())
    }
}

impl TryFrom<String> for CityCode {
    type Error = DirectoryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CityCode::parse(&value)
    }
}

impl From<CityCode> for String {
    fn from(code: CityCode) -> String {
        code.0
    }
}

impl std::fmt::Display for CityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A figure with the year it describes and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Population {
    pub count: u64,
    pub year: i16,
}

/// A member local authority of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub id: CityId,
    pub code: CityCode,
    /// Names by language; the local-script name is stored under the country's language.
    pub name: Text,
    pub country: Country,
    pub admin_region: String,
    pub population: Option<Population>,
    pub latitude: f64,
    pub longitude: f64,
    /// Where the facts come from, as published.
    pub source: String,
    /// Whether membership is confirmed by a public source (not only announced).
    pub verified: bool,
    pub version: i32,
}

impl City {
    /// The name in the city's own script (ភ្នំពេញ), when known.
    pub fn local_name(&self) -> Option<&str> {
        self.name.exact(self.country.local_language())
    }

    /// The name romanised, for readers of French and English.
    pub fn romanised_name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => self.name.get(Lang::Fr),
            _ => self.name.get(Lang::En),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_codes_are_country_dash_three_letters() {
        assert_eq!(CityCode::parse(" kh-pnh ").map(|c| c.to_string()), Ok("KH-PNH".into()));
        assert_eq!(CityCode::parse("VN-HUE").ok().and_then(|c| c.country()), Some(Country::Vietnam));
        for bad in ["", "KH", "KH-", "FR-PAR", "KH-PN", "KH-PNHX", "KH-P1H", "KH_PNH"] {
            assert_eq!(CityCode::parse(bad), Err(DirectoryError::InvalidCityCode), "{bad}");
        }
    }
}
