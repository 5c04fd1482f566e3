//! Threads and comments through the forms, as a member posts them.

use super::people::Person;

/// Starts a thread in co-op `slug` through the form; returns its id.
pub async fn start_thread(p: &Person, slug: &str, title: &str, body: &str) -> i64 {
    let new = format!("/c/{slug}/threads/new");
    let res = p
        .submit(&new, &new, &[("title", title), ("body", body)])
        .await;
    assert_eq!(res.status(), 303, "thread refused");
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("");
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the new thread's id")
}

/// Comments on a thread through the form.
pub async fn post_comment(p: &Person, slug: &str, thread: i64, body: &str) {
    let page = format!("/c/{slug}/threads/{thread}");
    let res = p
        .submit(&page, &format!("{page}/comments"), &[("body", body)])
        .await;
    assert_eq!(res.status(), 303, "comment refused");
}
