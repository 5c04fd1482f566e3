//! Requests arriving together, answered together.
//!
//! Under a rush many requests ask the database the same kind of small thing at once, and each
//! alone pays the fixed cost of a statement or a commit. A [`Batcher`] queues what they ask;
//! each awaits its answer without holding a thread. One worker, on a blocking thread, takes
//! everything queued, answers it in one go, and goes on while more arrives; when the queue is
//! empty it stops, and the next request starts another. A quiet server answers each request at
//! once (a batch of one); a busy one answers in batches as large as what arrives during one
//! answer. Used by the token desk (`auth::token_desk`) and the ballot box
//! (`proposals::ballot_box`).

use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

pub struct Batcher<T, A> {
    state: Mutex<State<T, A>>,
    stats: Mutex<Stats>,
}

struct State<T, A> {
    waiting: Vec<(T, oneshot::Sender<A>)>,
    working: bool,
}

/// How many batches answered how many requests (for tests and load tests).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub batches: u64,
    pub requests: u64,
}

impl<T, A> Default for Batcher<T, A> {
    fn default() -> Self {
        Batcher {
            state: Mutex::new(State {
                waiting: Vec::new(),
                working: false,
            }),
            stats: Mutex::new(Stats::default()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl<T: Send + 'static, A: Send + 'static> Batcher<T, A> {
    pub fn stats(&self) -> Stats {
        *lock(&self.stats)
    }

    /// Requests queued and not yet taken by a worker, and whether a worker is at work (so a
    /// test can wait for the queue to be in the state it needs, not for time to pass).
    pub fn queue(&self) -> (usize, bool) {
        let state = lock(&self.state);
        (state.waiting.len(), state.working)
    }

    /// Queues `request` and awaits its answer. If no worker is at work, one starts with
    /// `answer`, which is given up to `at_once` requests at a time, oldest first, and must
    /// return one answer per request, in order. `None` if the worker failed.
    pub async fn ask<F>(self: &Arc<Self>, request: T, at_once: usize, answer: F) -> Option<A>
    where
        F: FnMut(Vec<T>) -> Vec<A> + Send + 'static,
    {
        let (reply, answered) = oneshot::channel();
        let start_worker = {
            let mut state = lock(&self.state);
            state.waiting.push((request, reply));
            !std::mem::replace(&mut state.working, true)
        };
        if start_worker {
            let this = self.clone();
            actix_web::rt::task::spawn_blocking(move || this.work(at_once.max(1), answer));
        }
        answered.await.ok()
    }

    fn work<F>(&self, at_once: usize, mut answer: F)
    where
        F: FnMut(Vec<T>) -> Vec<A>,
    {
        loop {
            let (requests, replies): (Vec<T>, Vec<_>) = {
                let mut state = lock(&self.state);
                if state.waiting.is_empty() {
                    state.working = false;
                    return;
                }
                let n = state.waiting.len().min(at_once);
                state.waiting.drain(..n).unzip()
            };
            {
                let mut stats = lock(&self.stats);
                stats.batches += 1;
                stats.requests += requests.len() as u64;
            }
            let answered =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(requests)));
            let Ok(answers) = answered else {
                // The queue opens again before anyone waiting is told (their answer is
                // `None`), so the next request starts a new worker.
                let waiting = {
                    let mut state = lock(&self.state);
                    state.working = false;
                    std::mem::take(&mut state.waiting)
                };
                drop((waiting, replies));
                return;
            };
            for (reply, a) in replies.into_iter().zip(answers) {
                let _ = reply.send(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_request_gets_its_own_answer_in_fewer_batches_when_busy() {
        let together: Arc<Batcher<u32, u32>> = Arc::default();
        let asks: Vec<_> = (0..200u32)
            .map(|i| {
                let together = together.clone();
                tokio::spawn(async move {
                    together
                        .ask(i, 64, |batch: Vec<u32>| {
                            std::thread::sleep(std::time::Duration::from_millis(5));
                            batch.into_iter().map(|x| x * 2).collect()
                        })
                        .await
                })
            })
            .collect();
        for (i, a) in asks.into_iter().enumerate() {
            assert_eq!(a.await.unwrap(), Some(i as u32 * 2));
        }
        let stats = together.stats();
        assert_eq!(stats.requests, 200);
        assert!(
            stats.batches < 200,
            "some requests shared a batch: {stats:?}"
        );
    }

    #[tokio::test]
    async fn a_failing_worker_answers_none_and_the_next_request_starts_another() {
        let together: Arc<Batcher<u32, u32>> = Arc::default();
        let failed = together
            .ask(1, 8, |_: Vec<u32>| -> Vec<u32> { panic!("worker fails") })
            .await;
        assert_eq!(failed, None);
        let answered = together.ask(2, 8, |b: Vec<u32>| b).await;
        assert_eq!(answered, Some(2));
    }
}
