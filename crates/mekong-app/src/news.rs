//! The network's news posts, written and published by the coordinator, and what the network
//! published lately (practices and news): the home page's latest items and the Atom feed.

use crate::audit::{Change, audit_actor};
use crate::finance::actor_name;
use crate::organisations::{MAX_PAGE, PER_PAGE, Page};
use crate::policy::{self, Actor, Permission, Target};
use crate::{App, AppError};
use jiff::Timestamp;
use mekong_core::Lang;
use mekong_core::ids::NewsId;
use mekong_core::input::{self, TextKind};
use mekong_core::news::NewsPost;
use mekong_core::practices::Practice;
use mekong_core::text::Text;
use mekong_core::validation::FieldErrors;
use std::collections::BTreeMap;

/// How many items the Atom feed carries.
pub const FEED_ITEMS: usize = 20;

/// A post as typed: a title and a text per language, and whether it is published.
#[derive(Debug, Clone, Default)]
pub struct NewsDraft {
    pub titles: BTreeMap<Lang, String>,
    pub bodies: BTreeMap<Lang, String>,
    pub published: bool,
}

/// Something the network published.
#[derive(Debug, Clone)]
pub enum Published {
    Practice(Practice),
    News(NewsPost),
}

impl Published {
    /// When it was last published.
    pub fn at(&self) -> Timestamp {
        match self {
            Published::Practice(p) => p.published_at.unwrap_or(p.created_at),
            Published::News(n) => n.published_at.unwrap_or(n.updated_at),
        }
    }
}

fn manages_news(actor: &Actor) -> bool {
    policy::authorise(actor, Permission::ManageNews, &Target::Nothing).is_ok()
}

impl App {
    /// Whether `actor` writes news (the new post link, drafts in the list).
    pub fn may_manage_news(&self, actor: &Actor) -> bool {
        manages_news(actor)
    }

    /// One page (from 1) of the posts: published ones, and drafts for their writers.
    pub async fn news_posts(&self, actor: &Actor, page: u64) -> Result<Page<NewsPost>, AppError> {
        let page = page.clamp(1, MAX_PAGE);
        let (items, total) = self.store.news_page(manages_news(actor), page - 1, PER_PAGE).await?;
        Ok(Page { items, total, page, per_page: PER_PAGE })
    }

    /// A post, when published or when `actor` writes news.
    pub async fn news_post(&self, actor: &Actor, id: NewsId) -> Result<NewsPost, AppError> {
        let post = self.store.news_post(id).await?;
        if post.published_at.is_none() {
            policy::authorise(actor, Permission::ManageNews, &Target::Nothing)?;
        }
        Ok(post)
    }

    /// Writes a new post (`existing` none) or changes one from the version read.
    pub async fn save_news(
        &self,
        actor: &Actor,
        existing: Option<(NewsId, i32)>,
        draft: &NewsDraft,
    ) -> Result<NewsPost, AppError> {
        policy::authorise(actor, Permission::ManageNews, &Target::Nothing)?;
        let before = match existing {
            Some((id, version)) => {
                let post = self.store.news_post(id).await?;
                if post.version != version {
                    return Err(AppError::Conflict);
                }
                Some(post)
            }
            None => None,
        };
        let mut errors = FieldErrors::default();
        let (mut title, mut body) = (Text::new(), Text::new());
        for lang in Lang::ALL {
            let code = lang.code();
            let raw_title = draft.titles.get(&lang).map_or("", String::as_str);
            let raw_body = draft.bodies.get(&lang).map_or("", String::as_str);
            title = title.with(lang, input::check(raw_title, TextKind::Title, &format!("title_{code}"), &mut errors));
            body = body.with(lang, input::check(raw_body, TextKind::Body, &format!("body_{code}"), &mut errors));
        }
        let now = self.clock.now();
        let published_at = match (&before, draft.published) {
            (_, false) => None,
            (Some(NewsPost { published_at: Some(at), .. }), true) => Some(*at),
            (_, true) => Some(now),
        };
        let post = NewsPost {
            id: before.as_ref().map_or_else(NewsId::new, |b| b.id),
            title,
            body,
            published_at,
            written_by: actor_name(actor),
            updated_at: now,
            version: before.as_ref().map_or(1, |b| b.version + 1),
        };
        if let Err(more) = post.check() {
            for problem in more.0 {
                if errors.for_field(&problem.field).is_none() {
                    errors.add(&problem.field, &problem.message);
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let action = match (&before, published_at) {
            (None, _) => "news.created",
            (Some(b), Some(_)) if b.published_at.is_none() => "news.published",
            _ => "news.updated",
        };
        let txn = self.store.begin_write().await?;
        txn.save_news_post(&post).await.map_err(|e| match e {
            mekong_store::StoreError::Conflict => AppError::Conflict,
            other => other.into(),
        })?;
        let change = Change {
            action,
            entity_type: "news",
            entity_id: post.id.to_string(),
            before: before.as_ref().and_then(|b| serde_json::to_value(b).ok()),
            after: serde_json::to_value(&post).ok(),
        };
        self.record(&txn, audit_actor(actor), change).await?;
        txn.commit().await?;
        Ok(post)
    }

    /// The `limit` items last published (practices and news), newest first: open to all.
    pub async fn latest_published(&self, limit: usize) -> Result<Vec<Published>, AppError> {
        let wanted = u64::try_from(limit).unwrap_or(u64::MAX);
        let mut items: Vec<Published> =
            self.store.latest_practices(wanted).await?.into_iter().map(Published::Practice).collect();
        items.extend(self.store.latest_news(wanted).await?.into_iter().map(Published::News));
        items.sort_by_key(|item| std::cmp::Reverse(item.at()));
        items.truncate(limit);
        Ok(items)
    }
}

impl App {
    /// The Atom feed of the latest published items, each in `lang` when published in it and
    /// in its fallback language otherwise (said by the entry's `xml:lang`).
    pub async fn atom_feed(&self, lang: Lang, title: &str) -> Result<String, AppError> {
        let items = self.latest_published(FEED_ITEMS).await?;
        let base = &self.public_url;
        let entries: Vec<mekong_docs::FeedEntry> = items
            .iter()
            .filter_map(|item| match item {
                Published::Practice(practice) => {
                    let shown = practice.shown(lang, false)?;
                    Some(mekong_docs::FeedEntry {
                        id: format!("urn:uuid:{}", practice.id),
                        title: shown.text.title.clone(),
                        lang: shown.lang.code().to_owned(),
                        updated: item.at(),
                        published: practice.first_published_at,
                        link: format!("{base}/practices/{}?lang={}", practice.id, shown.lang.code()),
                        category: "practice".into(),
                        summary: shown.text.summary.clone(),
                    })
                }
                Published::News(post) => {
                    let shown = post.shown_lang(lang);
                    Some(mekong_docs::FeedEntry {
                        id: format!("urn:uuid:{}", post.id),
                        title: post.title.get(shown).to_owned(),
                        lang: shown.code().to_owned(),
                        updated: item.at(),
                        published: post.published_at,
                        link: format!("{base}/news/{}", post.id),
                        category: "news".into(),
                        summary: post.body.get(shown).chars().take(400).collect(),
                    })
                }
            })
            .collect();
        let feed = mekong_docs::Feed {
            id: format!("{base}/feed.atom"),
            title: title.to_owned(),
            lang: lang.code().to_owned(),
            self_link: format!("{base}/feed.atom"),
            site_link: format!("{base}/"),
            author: title.to_owned(),
            updated: entries.iter().map(|e| e.updated).max().unwrap_or_else(|| self.clock.now()),
        };
        Ok(mekong_docs::write_atom(&feed, &entries))
    }
}
