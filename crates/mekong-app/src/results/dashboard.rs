//! Where the programme stands: each indicator's latest value against the line from its
//! baseline to its target, the series over periods, the breakdown by cell and the comparison
//! between cities, and the computed indicators with the records behind their numbers.

use super::Logframe;
use crate::events::StatsPeriod;
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use mekong_core::assistance::answered_and_satisfaction;
use mekong_core::events::Event;
use mekong_core::ids::IndicatorId;
use mekong_core::results::{Computation, Indicator, Measure, Period, Standing, cell, sex_category, standing};
use mekong_core::vocabulary::EventStatus;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One indicator on the dashboard.
#[derive(Debug, Clone)]
pub struct IndicatorSummary {
    pub indicator: Indicator,
    /// The latest period with a value, and that value.
    pub latest: Option<(Period, f64)>,
    /// The latest value of a period that has ended: the one the standing judges.
    pub judged: Option<(Period, f64)>,
    pub standing: Standing,
    /// Each period's value and target, for the dashboard's small chart.
    pub series: Vec<SeriesPoint>,
}

/// A programme's dashboard: every indicator with its latest value and standing.
#[derive(Debug)]
pub struct Dashboard {
    pub logframe: Arc<Logframe>,
    pub summaries: Vec<IndicatorSummary>,
}

/// One point of an indicator's series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint {
    pub period: Period,
    pub value: Option<f64>,
    pub target: Option<f64>,
}

/// An indicator's page.
#[derive(Debug, Clone)]
pub struct IndicatorDetail {
    pub logframe: Arc<Logframe>,
    pub summary: IndicatorSummary,
    /// The latest period's cells (`sex=female`...), summed over cities.
    pub breakdown: Vec<(String, f64)>,
    /// One page of the latest period's total per city, by city code.
    pub cities: Vec<(String, f64)>,
    /// Cities that reported a total in the latest period, across pages.
    pub cities_total: u64,
    /// For computed indicators: the records behind each period's number.
    pub drill_down: Vec<(Period, Vec<Event>)>,
}

/// Cities compared on an indicator's page at a time (350 in the network).
pub const CITIES_PER_PAGE: u64 = 50;

/// Combines the cities' totals of a period: a sum for counts and yes/no, a mean for percentages.
pub(crate) fn combine(measure: Measure, sum: f64, count: i64) -> Option<f64> {
    match (measure, count) {
        (_, 0) | (Measure::Qualitative, _) => None,
        (Measure::Percentage, n) => Some(sum / n as f64),
        _ => Some(sum),
    }
}

impl App {
    /// A computed indicator's figures in a period: the total (none when nothing gives one, as a
    /// mean of no ratings), the cells, and the events counted.
    pub(crate) async fn computed(
        &self,
        computation: Computation,
        period: &Period,
    ) -> Result<(Option<f64>, Vec<(String, f64)>, Vec<Event>), AppError> {
        if let Computation::AssistanceAnswered | Computation::AssistanceSatisfaction = computation {
            let requests = self.store.answered_assistance().await?;
            let (answered, satisfaction) = answered_and_satisfaction(&requests, period.starts, period.ends);
            let value = match computation {
                Computation::AssistanceAnswered => Some(answered as f64),
                _ => satisfaction,
            };
            return Ok((value, Vec::new(), Vec::new()));
        }
        let (stats, events) = self.participation_in(StatsPeriod { from: period.starts, until: period.ends }).await?;
        Ok(match computation {
            Computation::MeetingsHeld => {
                let held: Vec<Event> = events.into_iter().filter(|e| e.status == EventStatus::Held).collect();
                (Some(held.len() as f64), Vec::new(), held)
            }
            Computation::Participants => {
                let cells = stats
                    .by_sex
                    .iter()
                    .filter_map(|(sex, n)| {
                        Some((cell(mekong_core::results::Dimension::Sex, sex_category(*sex)?), *n as f64))
                    })
                    .collect();
                (Some(stats.participants as f64), cells, events)
            }
            Computation::AssistanceAnswered | Computation::AssistanceSatisfaction => (None, Vec::new(), Vec::new()),
            Computation::PracticesShared => {
                let zone = jiff::tz::TimeZone::get(mekong_core::NETWORK_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC);
                let day_start = |d: jiff::civil::Date| zone.to_timestamp(d.at(0, 0, 0, 0));
                let from = day_start(period.starts).map_err(|e| AppError::Internal(e.to_string()))?;
                let until =
                    period.ends.tomorrow().and_then(day_start).map_err(|e| AppError::Internal(e.to_string()))?;
                let shared = self.practices_shared(from, until).await?;
                (Some(shared.len() as f64), Vec::new(), Vec::new())
            }
        })
    }

    /// Each period's value of an indicator (computed, or combined over the cities' reports).
    async fn series(
        &self,
        logframe: &Logframe,
        indicator: &Indicator,
        totals: &BTreeMap<(IndicatorId, uuid::Uuid), (f64, i64)>,
    ) -> Result<Vec<SeriesPoint>, AppError> {
        let mut points = Vec::new();
        let today = self.today();
        for period in &logframe.periods {
            let value = match indicator.computation {
                // A period not yet begun has no value, not a zero.
                Some(_) if period.starts > today => None,
                Some(computation) => self.computed(computation, period).await?.0,
                None => totals
                    .get(&(indicator.id, period.id.0))
                    .and_then(|(sum, count)| combine(indicator.measure, *sum, *count)),
            };
            let target =
                indicator.targets.iter().find(|t| t.on >= period.starts && t.on <= period.ends).map(|t| t.value);
            points.push(SeriesPoint { period: period.clone(), value, target });
        }
        Ok(points)
    }

    async fn totals(&self, ids: &[IndicatorId]) -> Result<BTreeMap<(IndicatorId, uuid::Uuid), (f64, i64)>, AppError> {
        Ok(self
            .store
            .period_totals(ids)
            .await?
            .into_iter()
            // A total that is not finite (values stored before they were bounded) is no data,
            // never a figure: infinity was once shown as 922,337,203,685,477,580.7 "on track".
            .filter(|t| t.sum.is_none_or(f64::is_finite))
            .map(|t| ((IndicatorId(t.indicator_id), t.period_id), (t.sum.unwrap_or(0.0), t.count)))
            .collect())
    }

    fn summary(&self, indicator: &Indicator, series: Vec<SeriesPoint>) -> IndicatorSummary {
        let today = self.today();
        let latest = series.iter().rev().find_map(|p| Some((p.period.clone(), p.value?)));
        // A period still running is not judged: its count, or the cities' reports, are not complete.
        let judged =
            series.iter().rev().filter(|p| p.period.ends < today).find_map(|p| Some((p.period.clone(), p.value?)));
        let standing = standing(
            indicator,
            judged.as_ref().map(|(p, v)| (p.ends, *v)),
            latest.as_ref().map(|(p, _)| p.ends),
            today,
        );
        IndicatorSummary { indicator: indicator.clone(), latest, judged, standing, series }
    }

    /// The programme's dashboard as the database stands now, worked out again only after a
    /// write (its computed indicators read every event and participant of their periods).
    pub async fn dashboard(&self, actor: &Actor, code: &str) -> Result<Arc<Dashboard>, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        let stamp = self.store.audit_head_seq().await?;
        self.dashboard_at(code, stamp).await
    }

    /// The dashboard at the database state `stamp` (the audit trail's head, read beforehand).
    async fn dashboard_at(&self, code: &str, stamp: i64) -> Result<Arc<Dashboard>, AppError> {
        let key = (code.to_owned(), self.today());
        if let Some(kept) = self.kept.dashboards.get(&key, stamp) {
            return Ok(kept);
        }
        let logframe = self.logframe_at(code, stamp).await?;
        let ids: Vec<IndicatorId> = logframe.indicators.iter().map(|i| i.id).collect();
        let totals = self.totals(&ids).await?;
        let mut summaries = Vec::new();
        for indicator in &logframe.indicators {
            let series = self.series(&logframe, indicator, &totals).await?;
            summaries.push(self.summary(indicator, series));
        }
        Ok(self.kept.dashboards.keep(key, stamp, Dashboard { logframe, summaries }))
    }

    /// One indicator: its series against targets, the breakdown and city comparison of the
    /// latest period, and for computed indicators the records behind the number.
    pub async fn indicator_detail(
        &self,
        actor: &Actor,
        code: &str,
        id: IndicatorId,
        cities_page: u64,
    ) -> Result<Arc<IndicatorDetail>, AppError> {
        policy::authorise(actor, Permission::ViewResults, &Target::Nothing)?;
        let stamp = self.store.audit_head_seq().await?;
        // Kept as the dashboard is: its breakdown and city comparison sum every city's values.
        let key = (code.to_owned(), id, cities_page, self.today());
        if let Some(kept) = self.kept.indicators.get(&key, stamp) {
            return Ok(kept);
        }
        let dashboard = self.dashboard_at(code, stamp).await?;
        let summary = dashboard.summaries.iter().find(|s| s.indicator.id == id).cloned().ok_or(AppError::NotFound)?;
        let indicator = &summary.indicator;
        let (mut breakdown, mut cities, mut cities_total, mut drill_down) = (Vec::new(), Vec::new(), 0, Vec::new());
        if let Some(computation) = indicator.computation {
            for point in summary.series.iter().filter(|p| p.value.is_some()) {
                let (_, _, events) = self.computed(computation, &point.period).await?;
                drill_down.push((point.period.clone(), events));
            }
        }
        if let Some((period, _)) = &summary.latest {
            match indicator.computation {
                Some(computation) => breakdown = self.computed(computation, period).await?.1,
                None => {
                    breakdown = self.breakdown(indicator, period).await?;
                    let (page, total) =
                        self.store.reported_city_totals(indicator.id, period.id, cities_page, CITIES_PER_PAGE).await?;
                    cities = page.into_iter().map(|c| (c.city_code, c.amount)).collect();
                    cities_total = total;
                }
            }
        }
        let logframe = Arc::clone(&dashboard.logframe);
        let detail = IndicatorDetail { logframe, summary, breakdown, cities, cities_total, drill_down };
        Ok(self.kept.indicators.keep(key, stamp, detail))
    }

    /// A period's cells summed over cities (averaged for percentages, as totals are).
    async fn breakdown(&self, indicator: &Indicator, period: &Period) -> Result<Vec<(String, f64)>, AppError> {
        Ok(self
            .store
            .reported_cells(indicator.id, period.id)
            .await?
            .into_iter()
            .filter_map(|cell| Some((cell.cell, combine(indicator.measure, cell.sum, cell.count)?)))
            .collect())
    }

    /// Whether the reader may edit the logframe and validate values.
    pub fn manages_results(&self, actor: &Actor) -> bool {
        policy::authorise(actor, Permission::ManageResults, &Target::Nothing).is_ok()
    }
}
