import { findMetric } from '../../metrics/catalog.ts';
import { fillerWords } from './fillers.ts';
import type { Phrase, Piece } from './piece.ts';

const metric = (id: string): Piece => ({ kind: 'metric', id });

/** Metric names in several words, and synonyms people use (single words are catalog aliases). */
const named: [string, string][] = [
  ['hand off|hand offs|handed off|hand over|hand overs|handed over', 'handoff_rate'],
  ['human handoff|human handoffs|agent handoff|agent handoffs|human hand offs|transfers to agents|transfer to agent|transfers to humans|escalated to agents|escalated to humans|escalations to humans', 'handoff_rate'],
  ['drop off|drop offs|dropped off|drop out|drop outs|dropped out|dropping off', 'drop_off_rate'],
  ['self service|self served|handled by the bot|without a human|without humans', 'containment_rate'],
  ['customer satisfaction|user satisfaction|satisfaction rate|happy customers|happy users|satisfied customers|satisfied users', 'csat'],
  ['average satisfaction|mean satisfaction|average csat|mean csat|average rating|average score|mean rating', 'csat_avg'],
  ['unhappy customers|unhappy users|negative csat|bad ratings|low ratings|dissatisfied users|dissatisfied customers', 'csat_negative'],
  ['response time|response times|reply time|reply times|average response time|how fast|answer time', 'avg_response_ms'],
  ['p95 response time|p95 latency|95th percentile response time|slowest responses|tail latency', 'p95_response_ms'],
  ['time to resolution|time to resolve|time to resolve issues|resolution time|how long to resolve', 'time_to_resolution_s'],
  ['turns to resolution|turns to resolve|messages to resolution', 'turns_to_resolution'],
  ['no match|no matches|not understood|not recognised|not recognized|unrecognised intents|unrecognized intents|fallback intents|misunderstood messages', 'fallback_rate'],
  ['intent accuracy|intent recognition|recognition accuracy|nlu accuracy|understanding accuracy', 'intent_accuracy'],
  ['goal completion|goals completed|goal completions|completed goals', 'goal_completion_rate'],
  ['lead capture|leads captured|captured leads', 'lead_capture_rate'],
  ['unique users|distinct users|how many users|number of users|active users', 'users'],
  ['conversation volume|how many conversations|number of conversations|conversation count|chat volume|how many chats', 'conversations'],
  ['returning users|repeat users|returning customers|users coming back', 'returning_user_rate'],
  ['re contact|re contacts|re contact rate|repeat contacts|contacted again|came back', 'recontact_rate'],
  ['cost per conversation|cost per chat|conversation cost', 'cost_per_conversation'],
  ['positive sentiment|happy sentiment', 'sentiment_positive'],
  ['negative sentiment|bad sentiment|angry users', 'sentiment_negative'],
  ['conversation length|conversation duration|conversation time|how long conversations last|average duration|chat length', 'avg_duration_s'],
  ['user messages|messages from users|inbound messages|messages per conversation from users', 'avg_inbound'],
  ['bot messages|messages from the bot|outbound messages|bot replies', 'avg_outbound'],
  ['cta clicks|click through|click through rate|button clicks|link clicks', 'cta_click_rate'],
  ['health score|bot health|interaction health', 'health_score'],
  ['delivery rate|delivered messages|message delivery', 'delivery_rate'],
  ['engagement rate|engaged users|engaged conversations|user engagement', 'engagement_rate'],
  ['response rate|reply rate|answered prompts', 'response_rate'],
  ['completion rate|completed flows|flow completion|flows completed', 'completion_rate'],
  ['resolution rate|resolved conversations|resolved chats|issues resolved', 'resolution_rate'],
  ['abandon rate|abandonment rate|abandoned conversations|abandoned chats', 'abandon_rate'],
  ['follow up recovery|followup recovery|follow ups|follow up', 'followup_recovery_rate'],
  ['containment rate|deflection rate|contained conversations', 'containment_rate'],
  ['conversion rate|converted conversations', 'conversion_rate'],
  // LLM bots.
  ['llm cost|llm costs|llm spend|model cost|model costs|model spend|ai cost|ai costs|llm cost per conversation|model cost per conversation', 'llm_cost_per_conversation'],
  ['cost per resolved conversation|cost per resolved conversations|cost per resolution|cost per resolved chat|llm cost per resolution', 'llm_cost_per_resolved'],
  ['cost per hand off|cost per handoff|cost per escalation|llm cost per hand off', 'llm_cost_per_handoff'],
  ['tokens per conversation|token usage|tokens used|token count|llm tokens', 'llm_tokens_per_conversation'],
  ['model latency|llm latency|model response time|llm response time|median model latency', 'llm_latency_p50_ms'],
  ['p95 model latency|p95 llm latency|model tail latency', 'llm_latency_p95_ms'],
  ['llm errors|model errors|llm error rate|model error rate|failed model calls|failed llm calls', 'llm_error_rate'],
  ['tool errors|tool error rate|failed tool calls|tool failures', 'tool_error_rate'],
  ['evaluation scores|eval scores|named scores|score mean|average of scores', 'score_avg'],
];

/** A score's name as people write it (`faithfulness`, `user_feedback`, `answer-relevance`). */
const scoreName = /^[a-z][a-z0-9_.-]{0,127}$/;
/** Words before "score" that name something else ("health score", "average score", "satisfaction score" are metrics of their own). */
const notScoreNames = new Set(['average', 'mean', 'avg', 'health', 'satisfaction', 'csat', 'evaluation', 'eval', 'named', 'feedback', 'sentiment', 'by', 'per', 'each', 'every', 'all']);
const score = (name: string | undefined): Piece | undefined => (name === undefined || notScoreNames.has(name.toLowerCase()) || fillerWords.has(name.toLowerCase()) ? undefined : { kind: 'score', name });

/** "average faithfulness score", "faithfulness scores", "user feedback": score_avg with score:<name>. */
const scorePhrases: Phrase[] = [
  { words: ['average|mean|avg', scoreName, 'score|scores'], piece: (_, [, name]) => score(name) },
  { words: [scoreName, 'score|scores'], piece: (_, [name]) => score(name) },
  { words: ['user|users', 'feedback'], piece: () => score('user_feedback') },
];

/** Words with two readings: the reply asks which was meant. */
const ambiguous: [string, string[]][] = [
  ['messages|messages per conversation|message count|number of messages', ['avg_inbound', 'avg_outbound']],
  ['response', ['response_rate', 'avg_response_ms']],
  ['speed', ['avg_response_ms', 'time_to_resolution_s']],
  ['satisfaction score', ['csat', 'csat_avg']],
];

function phrasesOf(alternatives: string, make: (phrase: string) => Piece): Phrase[] {
  return alternatives.split('|').map((alternative) => ({ words: alternative.split(' '), piece: () => make(alternative) }));
}

export const metricPhrases: Phrase[] = [
  ...named.flatMap(([words, id]) => phrasesOf(words, () => metric(id))),
  ...ambiguous.flatMap(([words, ids]) => phrasesOf(words, (phrase) => ({ kind: 'ambiguous', phrase, readings: ids.map(metric) }))),
  ...scorePhrases,
  // Any catalog id or alias, and plurals of them ("resolutions", "escalations").
  { words: [/^[a-z][a-z0-9_-]*$/], piece: ([w]) => {
    const found = findMetric(w!) ?? (w!.endsWith('s') ? findMetric(w!.slice(0, -1)) : undefined);
    return found ? metric(found.id) : undefined;
  } },
];
