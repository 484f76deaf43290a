import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

/**
 * How long resvg's allocator keeps freed memory before handing it back to the OS, unless the
 * operator set MIMALLOC_PURGE_DELAY. resvg-js links mimalloc, whose default (10 ms) returns a
 * chart's ~3 MB pixmap to the OS right after each render, so the next chart draws on fresh pages.
 * On virtual machines a fresh page costs a fault into the host: that was most of rasterising (a
 * time series: ~20 of ~27 ms on a 2-vCPU VM). Kept for a minute, the charts of a reply, a digest or
 * a busy channel reuse the same memory; a process that draws none for a minute gives it back.
 */
export const RESVG_PURGE_DELAY_MS = 60_000;

// mimalloc reads its options when the addon is loaded: set before the require below, and resvg
// is loaded only through this module (a lint rule keeps it so).
process.env.MIMALLOC_PURGE_DELAY ??= String(RESVG_PURGE_DELAY_MS);
const resvg = createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgModule;

export const { renderAsync, Resvg } = resvg;
export type { ResvgRenderOptions } from '@resvg/resvg-js';
