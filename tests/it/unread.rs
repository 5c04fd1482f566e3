//! Unread: a thread never opened is new; comments by others since one's last visit are
//! counted on the thread list and at home; opening the thread reads them; "mark all as read"
//! reads a whole co-op; one's own comments are never unread.

use crate::support::threads::{post_comment, start_thread};
use crate::support::voting::*;

#[tokio::test]
async fn new_threads_and_comments_are_unread_until_opened_or_marked_read() {
    let c = coop().await;
    let (author, reader) = (&c.admin, &c.members[0]);
    let list = format!("/c/{SLUG}/threads");
    let id = start_thread(author, SLUG, "Solar roof", "Shall we?").await;
    let page = reader.text(&list).await;
    assert!(page.contains(">new<"), "never opened: {page}");
    assert!(page.contains("Mark all as read"));
    // The author's own thread is not new to them.
    assert!(!author.text(&list).await.contains(">new<"));

    // Opened: read.
    let thread = format!("{list}/{id}");
    reader.text(&thread).await;
    assert!(!reader.text(&list).await.contains(">new<"));

    // Two comments by someone else: two new ones, on the list and at home.
    post_comment(author, SLUG, id, "First").await;
    post_comment(author, SLUG, id, "Second").await;
    assert!(reader.text(&list).await.contains("2 new comments"));
    assert!(reader.text("/").await.contains("2 new comments"));
    // Commenting opens the thread (the two are read); one's own comment is never unread.
    post_comment(reader, SLUG, id, "Mine").await;
    assert!(!reader.text(&list).await.contains("new comment"));
    assert!(
        author.text(&list).await.contains("one new comment"),
        "the reader's, to the author"
    );

    // Mark all as read.
    post_comment(author, SLUG, id, "Third").await;
    assert!(reader.text(&list).await.contains("one new comment"));
    let res = reader.submit(&list, &format!("{list}/read"), &[]).await;
    assert_eq!(res.status(), 303);
    let page = reader.text(&list).await;
    assert!(
        !page.contains("new comment") && !page.contains(">new<"),
        "{page}"
    );
}

/// With more comments than a page, the thread opens on its first page and offers a link to the
/// first unread comment, whose page starts there.
#[tokio::test]
async fn a_long_thread_offers_to_jump_to_the_first_unread_comment() {
    let c = coop().await;
    let (author, reader) = (&c.admin, &c.members[0]);
    let id = start_thread(author, SLUG, "Long", "Many words").await;
    for i in 0..52 {
        post_comment(author, SLUG, id, &format!("Old {i}")).await;
    }
    let thread = format!("/c/{SLUG}/threads/{id}");
    // The first visit shows the first unread comment (the first): no link; it reads the first
    // page (50 comments), not the next two.
    let page = reader.text(&thread).await;
    assert!(!page.contains("Jump to"));
    let page = reader.text(&thread).await;
    let marker = "href=\"?after=";
    let start = page.find(marker).expect("a jump link") + marker.len();
    let link = &page[start..page[start..].find('"').unwrap() + start];
    assert!(link.contains("#comment-"), "{link}");
    assert!(
        page.contains("Jump to the first of 2 new comments"),
        "{page}"
    );
    let next = reader
        .text(&format!(
            "{thread}?after={}",
            link.split('#').next().unwrap()
        ))
        .await;
    assert!(next.contains("Old 50") && next.contains("Old 51") && !next.contains("Old 49<"));
    assert!(
        !reader.text(&thread).await.contains("Jump to"),
        "all read now"
    );
}
