//! The index against the checked-in relevance set, and its life cycle (changes, removal,
//! reopening, snippets).

use super::*;

#[derive(serde::Deserialize)]
struct RelevanceSet {
    documents: Vec<RelevanceDocument>,
    queries: Vec<RelevanceQuery>,
}

#[derive(serde::Deserialize)]
struct RelevanceDocument {
    id: String,
    language: String,
    title: String,
    body: String,
}

#[derive(serde::Deserialize)]
struct RelevanceQuery {
    language: String,
    query: String,
    expected: Vec<String>,
}

fn entry(kind: &str, id: &str, title: &str, body: &str) -> Entry {
    Entry {
        kind: kind.to_owned(),
        id: id.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
        language: None,
        city: None,
        country: None,
        themes: Vec::new(),
        year: None,
        visibility: "public".to_owned(),
        sort_key: None,
        tags: Vec::new(),
        titles: Vec::new(),
    }
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn relevance_set() -> Result<RelevanceSet, serde_json::Error> {
    serde_json::from_str(include_str!("../testdata/relevance.json"))
}

fn ids(found: &Found) -> Vec<&str> {
    found.hits.iter().map(|hit| &*hit.id).collect()
}

#[test]
fn every_relevance_query_finds_its_documents_in_the_first_three() -> TestResult {
    let set = relevance_set()?;
    let index = SearchIndex::in_memory()?;
    let entries = set.documents.iter().map(|document| Entry {
        language: Some(document.language.clone()),
        ..entry("practice", &document.id, &document.title, &document.body)
    });
    index.rebuild(entries, 1)?;
    let languages: std::collections::BTreeSet<&str> = set.queries.iter().map(|q| q.language.as_str()).collect();
    assert_eq!(languages.len(), 5, "the set covers fr, en, km, lo and vi");

    let mut misses = Vec::new();
    for query in &set.queries {
        let found = index.search(&query.query, 3)?;
        let top = ids(&found);
        for expected in &query.expected {
            if !top.contains(&expected.as_str()) {
                misses.push(format!("[{}] {:?} should find {expected}, found {top:?}", query.language, query.query));
            }
        }
    }
    assert!(misses.is_empty(), "relevance misses:\n{}", misses.join("\n"));
    Ok(())
}

#[test]
fn a_query_matching_nothing_or_empty_finds_nothing() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    index.rebuild([entry("news", "1", "Huế", "Thành phố Huế")], 1)?;
    assert!(index.search("", 10)?.hits.is_empty());
    assert!(index.search("  ,;  ", 10)?.hits.is_empty());
    assert!(index.search("vientiane", 10)?.hits.is_empty());
    assert_eq!(ids(&index.search("HUE", 10)?), ["1"]);
    Ok(())
}

#[test]
fn every_word_of_the_query_must_match() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    index.rebuild(
        [entry("event", "a", "Atelier déchets", "Siem Reap"), entry("event", "b", "Atelier eau", "Pakse")],
        1,
    )?;
    assert_eq!(ids(&index.search("atelier dechets", 10)?), ["a"]);
    Ok(())
}

#[test]
fn changes_replace_and_remove_records_and_keep_the_sequence() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    assert_eq!(index.applied_sequence()?, None);
    index.apply(&[Change::Upsert(vec![entry("person", "7", "Sokha Chan", "Phnom Penh")])], 4)?;
    assert_eq!(index.applied_sequence()?, Some(4));
    index.apply(&[Change::Upsert(vec![entry("person", "7", "Sokha Meas", "Phnom Penh")])], 5)?;
    assert!(index.search("chan", 10)?.hits.is_empty());
    assert_eq!(ids(&index.search("meas", 10)?), ["7"]);
    assert_eq!(index.len(), 1);
    index.apply(&[Change::Remove { kind: "person".to_owned(), id: "7".to_owned() }], 6)?;
    assert!(index.search("meas", 10)?.hits.is_empty());
    assert_eq!(index.applied_sequence()?, Some(6));
    Ok(())
}

#[test]
fn an_index_directory_is_reopened_with_its_records_and_sequence() -> Result<(), SearchError> {
    let directory = tempfile::tempdir().map_err(|e| SearchError::Directory(e.to_string()))?;
    {
        let index = SearchIndex::open(directory.path())?;
        index.apply(&[Change::Upsert(vec![entry("news", "n1", "ວຽງຈັນ", "ນະຄອນຫຼວງວຽງຈັນ")])], 9)?;
    }
    let index = SearchIndex::open(directory.path())?;
    assert_eq!(index.applied_sequence()?, Some(9));
    assert_eq!(ids(&index.search("ວຽງຈັນ", 10)?), ["n1"]);
    Ok(())
}

#[test]
fn hits_carry_what_the_policy_filters_on() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    let mut practice = entry("practice", "p", "Compost", "compost compost de quartier");
    practice.language = Some("fr".to_owned());
    practice.city = Some("KH-PNH".to_owned());
    practice.country = Some("KH".to_owned());
    practice.themes = vec!["waste".to_owned(), "climate".to_owned()];
    practice.year = Some(2026);
    practice.visibility = "draft".to_owned();
    // Separate commits, separate segments: each hit is read from its own segment's columns, and a
    // segment where no record has a city has no city column at all.
    index.apply(&[Change::Upsert(vec![practice])], 1)?;
    index.apply(&[Change::Upsert(vec![entry("news", "n", "Compost", "un article")])], 2)?;
    let found = index.search("compost", 10)?;
    let hit = |id: &str| found.hits.iter().find(|hit| &*hit.id == id).ok_or(SearchError::Poisoned);
    let practice = hit("p")?;
    assert_eq!(&*practice.kind, "practice");
    assert_eq!(practice.language.as_deref(), Some("fr"));
    assert_eq!(practice.city.as_deref(), Some("KH-PNH"));
    assert_eq!(practice.country.as_deref(), Some("KH"));
    let mut themes: Vec<&str> = practice.themes.iter().map(|theme| &**theme).collect();
    themes.sort();
    assert_eq!(themes, ["climate", "waste"]);
    assert_eq!(practice.year, Some(2026));
    assert_eq!(&*practice.visibility, "draft");
    let news = hit("n")?;
    assert_eq!((&*news.kind, news.city.as_deref(), news.year), ("news", None, None));
    assert!(news.themes.is_empty());
    assert_eq!(&*news.visibility, "public");
    assert_eq!(found.shown(news)?.title, "Compost");
    Ok(())
}

fn highlighted(snippet: &Snippet) -> Vec<&str> {
    snippet.parts.iter().filter(|part| part.highlighted).map(|part| part.text.as_str()).collect()
}

#[test]
fn snippets_mark_the_matched_words_as_written() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    index.rebuild(
        [
            entry("news", "v", "Huế", "Thành phố Huế bảo tồn di sản <b>cố đô</b>."),
            entry("news", "l", "ວຽງຈັນ", "ນະຄອນຫຼວງວຽງຈັນແມ່ນນະຄອນຫຼວງ"),
            entry("news", "t", "Atelier à Pakse", "Un texte qui ne nomme pas la ville."),
        ],
        1,
    )?;
    let found = index.search("hue", 10)?;
    let hit = found.hits.first().ok_or(SearchError::Poisoned)?;
    let shown = found.shown(hit)?;
    assert_eq!(shown.title, "Huế");
    let snippet = shown.snippet;
    assert_eq!(highlighted(&snippet), ["Huế"]);
    let whole: String = snippet.parts.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("<b>cố đô"), "text is kept as text, not markup: {whole}");

    let found = index.search("ວຽງຈັນ", 10)?;
    let hit = found.hits.first().ok_or(SearchError::Poisoned)?;
    assert_eq!(highlighted(&found.shown(hit)?.snippet), ["ວຽງຈັນ"]);

    let found = index.search("pakse", 10)?;
    let hit = found.hits.first().ok_or(SearchError::Poisoned)?;
    assert_eq!(highlighted(&found.shown(hit)?.snippet), ["Pakse"], "found by its title, the title is shown marked");
    Ok(())
}

#[test]
fn a_record_of_two_entries_is_replaced_and_removed_whole() -> Result<(), SearchError> {
    let index = SearchIndex::in_memory()?;
    let drafts = Entry { visibility: "draft".to_owned(), ..entry("practice", "p", "Compost", "brouillon") };
    index.apply(&[Change::Upsert(vec![entry("practice", "p", "Compost", "publié"), drafts])], 1)?;
    assert_eq!(index.len(), 2);
    let found = index.search("compost", 10)?;
    let visibilities: Vec<&str> = found.hits.iter().map(|hit| &*hit.visibility).collect();
    assert_eq!((ids(&found), visibilities.len()), (vec!["p", "p"], 2), "{visibilities:?}");
    index.apply(&[Change::Upsert(vec![entry("practice", "p", "Compost", "publié")])], 2)?;
    assert!(index.search("brouillon", 10)?.hits.is_empty(), "the entry the record no longer has is gone");
    assert_eq!(index.len(), 1);
    index.apply(&[Change::Remove { kind: "practice".to_owned(), id: "p".to_owned() }], 3)?;
    assert!(index.is_empty());
    Ok(())
}

/// A directory entry: named, sorted by its folded name, with tags.
fn named_entry(kind: &str, id: &str, name: &str, tags: &[&str]) -> Entry {
    Entry {
        sort_key: Some(analysis::words(name).iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..entry(kind, id, name, "")
    }
}

fn names_of(index: &SearchIndex, kind: &str, text: &str, tags: &[&str]) -> Result<Option<Named>, SearchError> {
    let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
    index.names(&NameSearch { kind, text, tags: &tags, offset: 0, limit: 50 })
}

fn directory() -> Result<SearchIndex, SearchError> {
    let index = SearchIndex::in_memory()?;
    index.rebuild(
        [
            named_entry("person", "p1", "Nguyễn Văn Sokha", &["country:VN"]),
            named_entry("person", "p2", "Sokha Chan", &["country:KH", "focal:KH-PNH"]),
            named_entry("person", "p3", "Nguyen Thi Lan", &["country:VN"]),
            named_entry("person", "p4", "Bounmy ວຽງຈັນ Phommachanh", &["country:LA"]),
            named_entry("organisation", "o1", "Nguyen Foundation", &["country:VN"]),
            // A record no directory list names: never found by a name search.
            entry("practice", "x1", "Nguyen Sokha practice", ""),
        ],
        1,
    )?;
    Ok(index)
}

#[test]
fn a_name_search_finds_every_word_as_the_start_of_a_name_word_in_name_order() -> TestResult {
    let index = directory()?;
    let found = names_of(&index, "person", "ngu", &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p3", "p1"], "Nguyen Thi Lan sorts before Nguyen Van Sokha");
    assert_eq!(found.total, 2);
    let found = names_of(&index, "person", "SOKHA nguyên", &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p1"], "accents and case folded, every word required");
    let found = names_of(&index, "person", "okha", &[])?.ok_or("no words")?;
    assert!(found.ids.is_empty(), "a word matches from its start only");
    let found = names_of(&index, "organisation", "nguyen", &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["o1"], "one kind at a time");
    Ok(())
}

#[test]
fn a_name_search_keeps_the_records_with_every_tag_asked() -> TestResult {
    let index = directory()?;
    let found = names_of(&index, "person", "sokha", &["country:KH"])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p2"]);
    let found = names_of(&index, "person", "sokha", &["country:KH", "focal:KH-PNH"])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p2"]);
    let found = names_of(&index, "person", "sokha", &["country:KH", "focal:LA-VTE"])?.ok_or("no words")?;
    assert_eq!(found.total, 0);
    Ok(())
}

#[test]
fn a_lao_run_is_found_anywhere_in_a_name() -> TestResult {
    let index = directory()?;
    let found = names_of(&index, "person", "ຈັນ", &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p4"]);
    Ok(())
}

/// "ភ្នំ" is one grapheme cluster, and the index holds pairs of them: typed alone, it finds the
/// names where a pair starts with it.
#[test]
fn one_khmer_grapheme_finds_the_names_it_starts_a_pair_of() -> TestResult {
    let index = SearchIndex::in_memory()?;
    index.rebuild([named_entry("organisation", "o1", "Ville de Phnom Penh · ភ្នំពេញ", &[])], 1)?;
    let found = names_of(&index, "organisation", "ភ្នំ", &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["o1"]);
    Ok(())
}

#[test]
fn a_name_search_pages_and_counts_every_match() -> TestResult {
    let index = SearchIndex::in_memory()?;
    index.rebuild((0..120).map(|n| named_entry("person", &format!("p{n:03}"), &format!("Dara {n:03}"), &[])), 1)?;
    let page = |offset, limit| index.names(&NameSearch { kind: "person", text: "dara", tags: &[], offset, limit });
    let second = page(50, 50)?.ok_or("no words")?;
    assert_eq!(second.total, 120);
    assert_eq!(second.ids.first().map(String::as_str), Some("p050"));
    assert_eq!(second.ids.len(), 50);
    let past = page(200, 50)?.ok_or("no words")?;
    assert!(past.ids.is_empty());
    assert_eq!(past.total, 120);
    let every = page(0, usize::MAX)?.ok_or("no words")?;
    assert_eq!(every.ids.len(), 120);
    Ok(())
}

#[test]
fn a_name_search_of_thousands_of_words_looks_up_the_first_few() -> TestResult {
    let index = directory()?;
    let pasted = format!("sokha chan {}", "lorem ".repeat(5000));
    let found = names_of(&index, "person", &pasted, &[])?.ok_or("no words")?;
    assert_eq!(found.ids, Vec::<String>::new(), "the first eight words must all match: lorem matches no one");
    let found = names_of(&index, "person", &"sokha ".repeat(5000), &[])?.ok_or("no words")?;
    assert_eq!(found.ids, ["p1", "p2"], "Nguyen Van Sokha, then Sokha Chan");
    Ok(())
}

#[test]
fn a_name_search_without_a_word_asks_the_caller_to_list() -> TestResult {
    let index = directory()?;
    assert_eq!(names_of(&index, "person", " - ", &[])?, None);
    Ok(())
}

/// A translated record shows its reader the title in their language: the index gives back each
/// language's title as written.
#[test]
fn a_hit_shows_each_language_title_as_written() -> TestResult {
    let index = SearchIndex::in_memory()?;
    let titles = vec![("fr".to_owned(), "Compostage à Huế".to_owned()), ("km".to_owned(), "ជីកំប៉ុស".to_owned())];
    index.rebuild(
        [Entry {
            titles: titles.clone(), ..entry("practice", "p", "Compostage à Huế · ជីកំប៉ុស", "")
        }],
        1,
    )?;
    let found = index.search("compostage", 10)?;
    let hit = found.hits.first().ok_or("no hit")?;
    assert_eq!(found.shown(hit)?.titles, titles);
    Ok(())
}
