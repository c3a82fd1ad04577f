//! Reading what a page shows, as a browser would act on it: text between two markers, the
//! version a form carries, where a response sends it, the id of a reporting period.

use crate::HttpSession;

/// The text of `text` between the first `start` and the `end` after it (empty when absent).
pub fn between(text: &str, start: &str, end: &str) -> String {
    text.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_default().to_owned()
}

/// The version carried by the form of `page` that posts to `action`, as a browser sends it.
pub fn form_version(page: &str, action: &str) -> String {
    let form = page.split("<form").find(|f| f.contains(&format!("action=\"{action}\""))).unwrap_or_default();
    between(form, "name=\"version\" value=\"", "\"")
}

/// Where a response redirects to (empty when it does not).
pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned()
}

/// The id of the period `code` of programme `programme`, from its periods page.
pub async fn period_id(session: &HttpSession, programme: &str, code: &str) -> anyhow::Result<String> {
    let (_, page) = session.get_text(&format!("/results/{programme}/periods")).await?;
    Ok(page
        .split("id=\"period-")
        .find(|s| s.contains(&format!("\">{code} ")))
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned())
}
