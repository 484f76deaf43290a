import { asArray, asNumber, asObject, asText, pathIn } from '../platform/json-values.ts';

export interface RecognizedIntent {
  intent: string;
  confidence?: number;
  fallback?: boolean;
}

/**
 * The top intent of a recognizer trace: LUIS and CLU (`value.recognizerResult.intents`, name →
 * score; LUIS v2's `luisResult.topScoringIntent`) and QnA Maker (`value.queryResults`, named
 * `QnAMatch` as Composer's QnA recognizer names it). LUIS's `None` intent and a QnA query with no
 * answer are the no-match fallback. Undefined when the value holds no recognition.
 */
export function recognizedIntent(value: unknown, valueType: string | undefined): RecognizedIntent | undefined {
  const intents = asObject(pathIn(value, 'recognizerResult', 'intents'));
  if (intents !== undefined) {
    let best: RecognizedIntent | undefined;
    for (const [name, result] of Object.entries(intents)) {
      const score = asNumber(asObject(result)?.score);
      if (best === undefined || (score ?? -1) > (best.confidence ?? -1)) best = { intent: name, ...(score === undefined ? {} : { confidence: score }) };
    }
    if (best === undefined) return { intent: 'None', fallback: true };
    return { ...best, ...(best.confidence === undefined ? {} : { confidence: unitScore(best.confidence) }), fallback: best.intent === 'None' };
  }
  const luisV2 = asObject(pathIn(value, 'luisResult', 'topScoringIntent'));
  const v2Name = asText(luisV2?.intent);
  if (v2Name !== undefined) {
    const score = asNumber(luisV2?.score);
    return { intent: v2Name, ...(score === undefined ? {} : { confidence: unitScore(score) }), fallback: v2Name === 'None' };
  }
  const queryResults = asArray(asObject(value)?.queryResults);
  if (queryResults !== undefined && (valueType === undefined || /qnamaker|question/i.test(valueType) || queryResults.length > 0)) {
    const scores = queryResults.map((r) => asNumber(asObject(r)?.score)).filter((s): s is number => s !== undefined);
    if (scores.length === 0) return { intent: 'None', fallback: true };
    return { intent: 'QnAMatch', confidence: unitScore(Math.max(...scores)), fallback: false };
  }
  return undefined;
}

/** Scores as 0–1 (the QnA Maker REST API writes 0–100). */
function unitScore(score: number): number {
  const unit = score > 1 ? score / 100 : score;
  return Math.min(1, Math.max(0, unit));
}
