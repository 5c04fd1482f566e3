//! Median argon2id hash time with the production parameters (m = 19456 KiB, t = 2, p = 1).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure
use criterion::{Criterion, criterion_group, criterion_main};

fn argon2(c: &mut Criterion) {
    let mut group = c.benchmark_group("password");
    group.sample_size(20);
    group.bench_function("argon2id_hash", |b| {
        b.iter(|| collegia::auth::password::hash_blocking("correct horse battery staple"))
    });
    let stored =
        collegia::auth::password::hash_blocking("correct horse battery staple").unwrap_or_default();
    group.bench_function("argon2id_verify", |b| {
        b.iter(|| {
            collegia::auth::password::verify_blocking("correct horse battery staple", &stored)
        })
    });
    group.finish();
}

criterion_group!(benches, argon2);
criterion_main!(benches);
