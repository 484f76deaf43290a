import { maxScoreCommentChars } from '../../events/contract.ts';
import type { AttributeValue, OtlpSpan } from './read-spans.ts';

/** The attributes of a `gen_ai.evaluation.result` event that become a score (GenAI semantic conventions). */
export const evaluationAttributesRead: ReadonlySet<string> = new Set([
  'gen_ai.evaluation.name',
  'gen_ai.evaluation.score.value',
  'gen_ai.evaluation.score.label',
  'gen_ai.evaluation.explanation',
  'error.type',
]);

/** Makes a contract event of the enclosing span: its id (trace, span and `suffix`), bot, conversation, user and version. */
export type SpanEventMaker = (suffix: string, at: number, type: string) => Record<string, unknown>;

const text = (v: AttributeValue): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** A number, or a string that is one (some SDKs record attributes as strings); anything else is no number. */
function number(v: AttributeValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The `score` events of a span's `gen_ai.evaluation.result` events (docs/llm-bots.md "Scores"),
 * and why any of them was dropped. Each event's id carries its index among the span's events, so
 * a retried export stores nothing twice. The explanation becomes the score's comment, cut to the
 * contract's 2,000 characters rather than losing the score.
 */
export function evaluationScores(span: OtlpSpan, event: SpanEventMaker): { scores: Record<string, unknown>[]; dropped: string[] } {
  const scores: Record<string, unknown>[] = [];
  const dropped: string[] = [];
  for (const e of span.evaluations ?? []) {
    const a = e.attributes;
    const where = `gen_ai.evaluation.result event ${e.index}`;
    const name = text(a.get('gen_ai.evaluation.name'));
    if (name === undefined) {
      dropped.push(`${where}: no gen_ai.evaluation.name`);
      continue;
    }
    const failure = text(a.get('error.type'));
    if (failure !== undefined) {
      dropped.push(`${where} (${name}): the evaluation failed (error.type ${failure})`);
      continue;
    }
    const value = number(a.get('gen_ai.evaluation.score.value'));
    const label = text(a.get('gen_ai.evaluation.score.label'));
    if (value === undefined && label === undefined) {
      const given = a.get('gen_ai.evaluation.score.value');
      dropped.push(`${where} (${name}): ${given === undefined ? 'no gen_ai.evaluation.score.value' : 'gen_ai.evaluation.score.value is not a number'} and no gen_ai.evaluation.score.label`);
      continue;
    }
    const at = Number.isFinite(e.timeMs) && e.timeMs > 0 ? e.timeMs : span.endMs;
    const score = event(`:eval${e.index}`, at, 'score');
    score.name = name;
    if (value !== undefined) score.value = value;
    if (label !== undefined) score.label = label;
    const explanation = text(a.get('gen_ai.evaluation.explanation'));
    if (explanation !== undefined) score.comment = explanation.length > maxScoreCommentChars ? `${explanation.slice(0, maxScoreCommentChars - 1)}…` : explanation;
    scores.push(score);
  }
  return { scores, dropped };
}
