import type { Reply } from '../../replies/reply.ts';
import type { RunEnvironment } from '../execute-run.ts';
import type { DigestContentSpec } from '../subscription.ts';

/** What the `digest …` commands need besides the command context. */
export interface DigestCommandDeps {
  /** Running digests (`digest send` runs one right away, like a scheduled slot). */
  env: RunEnvironment;
  /** Composes a digest that is not (yet) a subscription (`digest preview daily …`). */
  composeSpec: (spec: DigestContentSpec, slot: Date) => Promise<Reply>;
  /** How late a slot may be posted (for `digest list`'s explanations). */
  graceMs: number;
}
