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

/// What an HTML validator would object to in `html` that can be checked without one: an id used
/// twice, a label or `aria-describedby` naming an id the page does not have, a form inside a form,
/// and elements whose end tag is required left open or closed out of order. Empty when valid.
pub fn html_problems(html: &str) -> Vec<String> {
    const CLOSED: [&str; 24] = [
        "html", "body", "main", "header", "footer", "nav", "section", "article", "aside", "div", "form", "table", "ul",
        "ol", "dl", "a", "span", "label", "select", "textarea", "button", "fieldset", "details", "h1",
    ];
    let mut problems = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut references: Vec<(String, String)> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut forms = 0_usize;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.split_once("-->").map_or("", |(_, after)| after);
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "style") && !closing {
            rest = rest.split_once(&format!("</{name}>")).map_or("", |(_, after)| after);
            continue;
        }
        if closing {
            if name == "form" {
                forms = forms.saturating_sub(1);
            }
            if CLOSED.contains(&name.as_str()) || name.len() == 2 && name.starts_with('h') {
                match open.pop() {
                    Some(top) if top == name => {}
                    Some(top) => problems.push(format!("</{name}> closes <{top}>")),
                    None => problems.push(format!("</{name}> closes nothing")),
                }
            }
            continue;
        }
        if name == "form" {
            forms += 1;
            if forms > 1 {
                problems.push("a form inside a form".to_owned());
            }
        }
        if (CLOSED.contains(&name.as_str()) || name.len() == 2 && name.starts_with('h')) && !tag.ends_with('/') {
            open.push(name.clone());
        }
        for (attribute, value) in attributes(tag) {
            match attribute.as_str() {
                "id" if ids.contains(&value) => problems.push(format!("id=\"{value}\" is used twice")),
                "id" => ids.push(value),
                "for" if name == "label" => references.push((format!("<label for=\"{value}\">"), value)),
                "aria-describedby" | "aria-labelledby" => {
                    for id in value.split_whitespace() {
                        references.push((format!("{attribute}=\"{id}\""), id.to_owned()));
                    }
                }
                _ => {}
            }
        }
    }
    for left in open {
        problems.push(format!("<{left}> is never closed"));
    }
    for (what, id) in references {
        if !ids.contains(&id) {
            problems.push(format!("{what} names no element"));
        }
    }
    problems
}

/// The attributes of a start tag's text (after `<`, before `>`), names lower-cased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, after)| after);
    loop {
        rest = rest.trim_start();
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '=' && *c != '/').collect();
        if name.is_empty() {
            if rest.is_empty() {
                break;
            }
            rest = &rest[1..];
            continue;
        }
        rest = &rest[name.len()..];
        let value = if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => after[1..].split_once(quote).unwrap_or((&after[1..], "")),
                _ => after.split_once(char::is_whitespace).unwrap_or((after, "")),
            };
            rest = remaining;
            value.to_owned()
        } else {
            String::new()
        };
        found.push((name.to_ascii_lowercase(), value));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::html_problems;

    #[test]
    fn html_problems_finds_what_a_validator_would() {
        let valid = r#"<!doctype html><html lang="fr"><body><main><h1>T</h1><!-- <div> -->
            <form><label for="a">A</label><input id="a" aria-describedby="a-hint"><p id="a-hint">x</p></form>
            <script>if (a < b) { document.write("<div>") }</script><br><img src="x" alt=""></main></body></html>"#;
        assert_eq!(html_problems(valid), Vec::<String>::new());
        let invalid = r#"<html><body><div id="title"><span></div><form><form></form></form>
            <input id="title"><label for="nowhere">L</label><p aria-describedby="gone"></p></body></html>"#;
        assert_eq!(
            html_problems(invalid),
            vec![
                "</div> closes <span>",
                "a form inside a form",
                "id=\"title\" is used twice",
                "</body> closes <div>",
                "</html> closes <body>",
                "<html> is never closed",
                "<label for=\"nowhere\"> names no element",
                "aria-describedby=\"gone\" names no element",
            ]
        );
    }
}
