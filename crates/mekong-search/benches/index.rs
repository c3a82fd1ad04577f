//! Index figures at the scale (a benchmark, not a test): 20,000 records of about 3,000
//! characters in the five languages, built from the relevance set's texts with generated words
//! so that each record differs. Prints the build time, the index's size on disk, and query
//! latency (retrieval of 1,000 candidates, as the application asks, plus the 20 titles and snippets
//! a page shows) at p50/p95 with 1 and 8 threads, and the CPU time per query (on Unix).
//!   cargo bench -p mekong-search --bench index   (RECORDS=2000 for a quick run; PER_QUERY=1 also
//!   prints each query's p50 and hits)

use mekong_search::{Entry, SearchIndex};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(serde::Deserialize)]
struct RelevanceSet {
    documents: Vec<Document>,
    queries: Vec<Query>,
}

#[derive(serde::Deserialize)]
struct Document {
    language: String,
    title: String,
    body: String,
}

#[derive(serde::Deserialize)]
struct Query {
    query: String,
}

/// A small deterministic generator: the same records on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % below.max(1)
    }
}

const SYLLABLES: [&str; 16] =
    ["ba", "ko", "ri", "sa", "tem", "lu", "von", "ka", "mi", "dro", "pel", "nu", "sta", "gar", "phi", "zo"];

fn records(set: &RelevanceSet, count: usize) -> Vec<Entry> {
    let mut random = Lcg(7);
    let languages = ["fr", "en", "km", "lo", "vi"];
    (0..count)
        .map(|n| {
            let language = languages[n % languages.len()];
            let texts: Vec<&Document> = set.documents.iter().filter(|d| d.language == language).collect();
            let mut body = String::new();
            while body.chars().count() < 3_000 {
                body.push_str(&texts[random.next(texts.len())].body);
                body.push(' ');
                // Words of no language, so that postings are not all of one length.
                for _ in 0..3 {
                    let word: String = (0..3).map(|_| SYLLABLES[random.next(SYLLABLES.len())]).collect();
                    body.push_str(&word);
                    body.push(' ');
                }
            }
            Entry {
                kind: ["practice", "document", "news", "organisation", "event"][n % 5].to_owned(),
                id: format!("r{n}"),
                title: format!("{} {n}", texts[random.next(texts.len())].title),
                body,
                language: Some(language.to_owned()),
                city: Some(["KH-PNH", "LA-VTE", "VN-HUE"][n % 3].to_owned()),
                country: Some(["KH", "LA", "VN"][n % 3].to_owned()),
                themes: vec!["heritage".to_owned()],
                year: Some(2024 + u16::try_from(n % 3).unwrap_or(0)),
                visibility: "public".to_owned(),
                sort_key: None,
                tags: Vec::new(),
                titles: Vec::new(),
            }
        })
        .collect()
}

fn size_on_disk(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => size_on_disk(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let i = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// CPU time this thread has run: with more threads than cores, a query's wall time also counts
/// the time it waited for a core.
#[cfg(unix)]
fn thread_cpu_time() -> Option<Duration> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Some(Duration::new(u64::try_from(now.tv_sec).ok()?, u32::try_from(now.tv_nsec).ok()?))
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

/// Candidates a query retrieves, as the application asks.
const CANDIDATES: usize = 1000;

/// One query as the application runs it: candidates, then the titles and snippets of the first
/// page. Returns its wall time and CPU time.
fn query(index: &SearchIndex, text: &str) -> (Duration, Option<Duration>) {
    let cpu_before = thread_cpu_time();
    let started = Instant::now();
    if let Ok(found) = index.search(text, CANDIDATES) {
        for hit in found.hits.iter().take(20) {
            let _ = found.shown(hit);
        }
    }
    let wall = started.elapsed();
    let cpu = thread_cpu_time().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    (wall, cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let set: RelevanceSet = serde_json::from_str(include_str!("../testdata/relevance.json"))?;
    let count = std::env::var("RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let entries = records(&set, count);
    let characters: usize = entries.iter().map(|e| e.body.chars().count()).sum();
    let directory = tempfile::tempdir()?;
    let index = Arc::new(SearchIndex::open(directory.path())?);
    let started = Instant::now();
    index.rebuild(entries, 1)?;
    let built = started.elapsed();
    println!(
        "index: {count} records ({} characters each on average), built in {:.1} s, {:.1} MB on disk",
        characters / count.max(1),
        built.as_secs_f64(),
        size_on_disk(directory.path()) as f64 / 1_048_576.0
    );
    let queries: Vec<String> = set.queries.iter().map(|q| q.query.clone()).collect();
    if std::env::var("PER_QUERY").is_ok() {
        for text in &queries {
            let mut times: Vec<Duration> = (0..20).map(|_| query(&index, text).0).collect();
            times.sort();
            let hits = index.search(text, CANDIDATES).map_or(0, |found| found.hits.len());
            println!("{:>8.2} ms {hits:>5} hits {text}", percentile(&times, 50));
        }
    }
    for threads in [1usize, 8] {
        let rounds = 20;
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (index, queries) = (Arc::clone(&index), queries.clone());
                std::thread::spawn(move || {
                    (0..rounds)
                        .flat_map(|r| queries.iter().skip((r + t) % 3).map(|q| query(&index, q)).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let started = Instant::now();
        let measured: Vec<(Duration, Option<Duration>)> =
            workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect();
        let elapsed = started.elapsed();
        let mut times: Vec<Duration> = measured.iter().map(|(wall, _)| *wall).collect();
        times.sort();
        let mut cpu: Vec<Duration> = measured.iter().filter_map(|(_, cpu)| *cpu).collect();
        cpu.sort();
        println!(
            "queries at {threads} thread(s): {} queries, p50 {:.2} ms, p95 {:.2} ms, {:.0} queries/s; CPU per query p50 {:.2} ms, p95 {:.2} ms",
            times.len(),
            percentile(&times, 50),
            percentile(&times, 95),
            times.len() as f64 / elapsed.as_secs_f64(),
            percentile(&cpu, 50),
            percentile(&cpu, 95),
        );
    }
    Ok(())
}
