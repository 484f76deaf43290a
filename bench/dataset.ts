/** Where the 1,000,000-conversation benchmark dataset lives (`npm run bench:prepare` loads it). */
export const benchDatasetUrl = process.env.BENCH_DATASET_URL ?? 'postgres://postgres@127.0.0.1:5432/botwatch_bench';
export const benchDataset = { conversations: Number(process.env.BENCH_CONVERSATIONS_TOTAL ?? 1_000_000), days: 30, end: '2026-11-23T00:00:00Z', seed: 42 };
