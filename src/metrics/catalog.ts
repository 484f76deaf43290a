import type { Signal } from '../events/contract.ts';
import type { BetterDirection, Unit } from '../replies/reply.ts';
import type { Aggregates } from './aggregates.ts';
import { mean, ratio } from './metric-value.ts';
import type { MetricValue } from './metric-value.ts';
import { llmMetrics } from './catalog-llm.ts';

/** Per-bot costs (for cost per conversation), when configured. */
export interface CostSettings {
  botCost: number;
  humanCost: number;
  currency: string;
}

/** One metric. Help text, `/botwatch metrics` and docs/metrics.md come from here. */
export interface MetricDefinition {
  id: string;
  /** A few words for running text: "hand-off 14.2 % vs 11.0 %". */
  short: string;
  name: string;
  aliases: string[];
  description: string;
  formula: string;
  unit: Unit;
  better: BetterDirection;
  /** Signals the metric is made from (any of them); a bot that never sent one gets n/a. */
  needs: Signal[];
  /** Fate-based: counts settled conversations only, so replies say how many are in progress. */
  settledOnly?: boolean;
  /**
   * How it is computed: from the cohort's fact aggregates (`facts`), or by its own query over
   * facts and events (`query`, see src/metrics/queries/).
   */
  source: 'facts' | 'query';
  /** Made of model calls alone, so it can be broken down by:model and by:provider. */
  groupsByModel?: boolean;
  compute?: (a: Aggregates, context: ComputeContext) => MetricValue;
}

/** What a computation may know besides the aggregates. */
export interface ComputeContext {
  costs?: CostSettings;
  /** Whether the bots asked about have ever sent this signal. */
  sends: (signal: Signal) => boolean;
}

const noConversations = 'no conversations started in this window';
const noSettled = 'no settled conversations in this window yet';

/** Interaction health: documented weights (docs/metrics.md), renormalised over the parts available. */
export const healthWeights = { resolution: 0.3, containment: 0.3, csat: 0.2, notDroppedOff: 0.2 } as const;

function healthScore(a: Aggregates, { sends }: ComputeContext): MetricValue {
  const measurable = a.settled > 0;
  const parts: [number, number | null][] = [
    [healthWeights.resolution, measurable && (sends('resolved') || sends('conversation.ended')) ? a.resolved_settled / a.settled : null],
    [healthWeights.containment, measurable && sends('handoff') ? a.contained / a.settled : null],
    [healthWeights.csat, a.csat_count > 0 ? a.csat_positive / a.csat_count : null],
    [healthWeights.notDroppedOff, measurable && sends('step.final') ? 1 - a.dropped / a.settled : null],
  ];
  const available = parts.filter((p): p is [number, number] => p[1] !== null);
  if (available.length === 0) return { value: null, reason: noSettled };
  const weight = available.reduce((s, [w]) => s + w, 0);
  return { value: (100 * available.reduce((s, [w, v]) => s + w * v, 0)) / weight, denominator: a.settled };
}

export const metricCatalog: readonly MetricDefinition[] = [
  {
    id: 'conversations', short: 'conversations', name: 'Conversation volume', aliases: ['volume', 'convs', 'sessions', 'chats', 'traffic'],
    description: 'Conversations started in the window.', formula: 'count of conversations started in the window',
    unit: 'count', better: 'none', needs: [], source: 'facts',
    compute: (a) => ({ value: a.conversations }),
  },
  {
    id: 'users', short: 'users', name: 'Unique users', aliases: ['user', 'audience'],
    description: 'Distinct end users (by userId) among the conversations started in the window.', formula: 'count of distinct userId',
    unit: 'count', better: 'none', needs: [], source: 'query',
  },
  {
    id: 'engagement_rate', short: 'engagement', name: 'User engagement rate', aliases: ['engagement', 'engaged'],
    description: 'Share of conversations where the user went beyond the first message (a second message, a flow step, a goal, a lead, a conversion, a hand-off or a click).',
    formula: 'engaged ÷ conversations', unit: 'share', better: 'higher', needs: [], source: 'facts',
    compute: (a) => ratio(a.engaged, a.conversations, noConversations),
  },
  {
    id: 'response_rate', short: 'response rate', name: 'Response rate', aliases: ['responses', 'reply_rate'],
    description: 'Share of bot prompts that expected a reply and got one (a user message followed).',
    formula: 'message.sent with expectsReply followed by a user message ÷ those sent', unit: 'share', better: 'higher', needs: ['message.sent'], source: 'facts',
    compute: (a) => ratio(a.answered, a.expects_reply, 'no bot messages expecting a reply in this window'),
  },
  {
    id: 'completion_rate', short: 'completion', name: 'Conversation completion rate', aliases: ['completion', 'completed'],
    description: 'Share of settled conversations that reached the final step of a flow.', formula: 'completed ÷ settled',
    unit: 'share', better: 'higher', needs: ['step.final'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.completed, a.settled, noSettled),
  },
  {
    id: 'goal_completion_rate', short: 'goal completion', name: 'Goal completion rate', aliases: ['goals', 'goal_rate', 'goal_completion'],
    description: 'Share of settled conversations in which a goal was completed.', formula: 'settled with a goal ÷ settled',
    unit: 'share', better: 'higher', needs: ['goal.completed'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.goal_settled, a.settled, noSettled),
  },
  {
    id: 'conversion_rate', short: 'conversion', name: 'Conversion rate', aliases: ['conversion', 'conversions'],
    description: 'Share of conversations with a conversion (a valuable business action).', formula: 'with a conversion ÷ conversations',
    unit: 'share', better: 'higher', needs: ['conversion'], source: 'facts',
    compute: (a) => ratio(a.converted, a.conversations, noConversations),
  },
  {
    id: 'lead_capture_rate', short: 'lead capture', name: 'Lead capture rate', aliases: ['leads', 'lead_capture', 'lead_rate'],
    description: 'Share of conversations in which contact details were captured.', formula: 'with a lead ÷ conversations',
    unit: 'share', better: 'higher', needs: ['lead.captured'], source: 'facts',
    compute: (a) => ratio(a.leads, a.conversations, noConversations),
  },
  {
    id: 'handoff_rate', short: 'hand-off', name: 'Human hand-off rate', aliases: ['handoff', 'handoffs', 'hand-off', 'escalation', 'escalation_rate', 'escalations', 'escalated', 'handover', 'handovers'],
    description: 'Share of conversations escalated to a human agent.', formula: 'handed off ÷ conversations',
    unit: 'share', better: 'lower', needs: ['handoff'], source: 'facts',
    compute: (a) => ratio(a.handed_off, a.conversations, noConversations),
  },
  {
    id: 'drop_off_rate', short: 'drop-off', name: 'Drop-off rate', aliases: ['dropoff', 'drop-off', 'drop_off', 'dropoffs', 'dropout', 'dropouts'],
    description: 'Share of settled conversations that neither completed a flow nor were handed off.', formula: 'dropped off ÷ settled',
    // Without final flow steps "not completed" means nothing, so drop-off needs them.
    unit: 'share', better: 'lower', needs: ['step.final'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.dropped, a.settled, noSettled),
  },
  {
    id: 'resolution_rate', short: 'resolution', name: 'Resolution rate', aliases: ['resolution', 'resolved', 'resolutions'],
    description: 'Share of settled conversations in which the inquiry was resolved.', formula: 'resolved ÷ settled',
    unit: 'share', better: 'higher', needs: ['resolved', 'conversation.ended'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.resolved_settled, a.settled, noSettled),
  },
  {
    id: 'containment_rate', short: 'containment', name: 'Containment (deflection)', aliases: ['containment', 'deflection', 'contained', 'deflection_rate', 'deflected'],
    description: 'Share of settled conversations the bot handled without a human.', formula: 'contained ÷ settled',
    unit: 'share', better: 'higher', needs: ['handoff'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.contained, a.settled, noSettled),
  },
  {
    id: 'abandon_rate', short: 'abandon rate', name: 'Abandon rate', aliases: ['abandon', 'abandoned', 'abandonment'],
    description: 'Share of engaged, settled conversations that ended neither resolved nor handed off.', formula: 'abandoned ÷ engaged settled',
    unit: 'share', better: 'lower', needs: ['resolved', 'conversation.ended', 'handoff'], settledOnly: true, source: 'facts',
    compute: (a) => ratio(a.abandoned, a.engaged_settled, 'no engaged settled conversations in this window'),
  },
  {
    id: 'avg_response_ms', short: 'avg response', name: 'Average response time', aliases: ['response_time', 'latency', 'avg_latency'],
    description: 'Mean time the bot took to answer a user message (latencyMs of bot messages).', formula: 'mean of latencyMs',
    unit: 'ms', better: 'lower', needs: ['message.sent'], source: 'facts',
    compute: (a) => mean(a.latency_sum, a.latency_count, 'no bot messages with latencyMs in this window'),
  },
  {
    id: 'p95_response_ms', short: 'p95 response', name: 'Response time (95th percentile)', aliases: ['p95', 'p95_latency', 'p95_response'],
    description: '95th percentile of the time the bot took to answer: latencyMs of the bot messages sent in the window.', formula: '95th percentile of latencyMs',
    unit: 'ms', better: 'lower', needs: ['message.sent'], source: 'query',
  },
  {
    id: 'csat', short: 'CSAT', name: 'CSAT', aliases: ['satisfaction', 'csat_score', 'satisfied'],
    description: 'Share of post-conversation survey scores that are 4 or 5.', formula: 'scores ≥ 4 ÷ scores',
    unit: 'share', better: 'higher', needs: ['csat'], source: 'facts',
    compute: (a) => ratio(a.csat_positive, a.csat_count, 'no CSAT scores in this window'),
  },
  {
    id: 'csat_avg', short: 'CSAT mean', name: 'CSAT mean', aliases: ['csat_mean', 'avg_csat'],
    description: 'Mean survey score (1–5).', formula: 'mean of scores',
    unit: 'score', better: 'higher', needs: ['csat'], source: 'facts',
    compute: (a) => mean(a.csat_sum, a.csat_count, 'no CSAT scores in this window'),
  },
  {
    id: 'csat_negative', short: 'negative CSAT', name: 'Negative CSAT', aliases: ['unhappy', 'csat_bad'],
    description: 'Share of survey scores that are 1 or 2.', formula: 'scores ≤ 2 ÷ scores',
    unit: 'share', better: 'lower', needs: ['csat'], source: 'facts',
    compute: (a) => ratio(a.csat_negative, a.csat_count, 'no CSAT scores in this window'),
  },
  {
    id: 'intent_accuracy', short: 'intent accuracy', name: 'Intent recognition accuracy', aliases: ['accuracy', 'nlu_accuracy'],
    description: 'Share of reviewed intents that were recognised correctly (from `correct` labels).', formula: 'correct: true ÷ labelled intents',
    unit: 'share', better: 'higher', needs: ['intent.detected'], source: 'facts',
    compute: (a) => ratio(a.correct_intents, a.labelled_intents, 'no reviewed (labelled) intents in this window'),
  },
  {
    id: 'fallback_rate', short: 'no-match', name: 'No-match rate', aliases: ['fallback', 'no_match', 'nomatch', 'fallbacks'],
    description: 'Share of detected intents that were fallbacks (the bot did not understand).', formula: 'fallback intents ÷ intents',
    unit: 'share', better: 'lower', needs: ['intent.detected'], source: 'facts',
    compute: (a) => ratio(a.fallbacks, a.intents, 'no intents detected in this window'),
  },
  {
    id: 'cta_click_rate', short: 'CTA clicks', name: 'CTA click rate', aliases: ['cta', 'ctr', 'click_rate', 'clicks'],
    description: 'Share of conversations shown a call to action in which one was used.', formula: 'with a click ÷ shown a CTA',
    unit: 'share', better: 'higher', needs: ['cta.clicked', 'message.sent'], source: 'facts',
    compute: (a) => ratio(a.cta_clicked, a.cta_shown, 'no calls to action shown in this window'),
  },
  {
    id: 'followup_recovery_rate', short: 'follow-up recovery', name: 'Follow-up recovery', aliases: ['followup', 'recovery', 'followup_recovery'],
    description: 'Share of users sent a follow-up who converted or completed a goal within 7 days of it.',
    formula: 'users sent a follow-up who then converted or completed a goal within 7 days ÷ users sent one',
    unit: 'share', better: 'higher', needs: ['followup.sent'], source: 'query',
  },
  {
    id: 'returning_user_rate', short: 'returning users', name: 'Returning users', aliases: ['returning', 'retention'],
    description: 'Share of the window’s users who had an earlier conversation with the same bot.', formula: 'users with an earlier conversation ÷ users',
    unit: 'share', better: 'higher', needs: [], source: 'query',
  },
  {
    id: 'avg_duration_s', short: 'duration', name: 'Average interaction duration', aliases: ['duration', 'avg_duration'],
    description: 'Mean time from the first to the last event of settled conversations.', formula: 'mean (last activity − start) of settled',
    unit: 's', better: 'none', needs: [], settledOnly: true, source: 'facts',
    compute: (a) => mean(a.duration_sum_s, a.settled, noSettled),
  },
  {
    id: 'avg_inbound', short: 'user messages', name: 'User messages per conversation', aliases: ['inbound', 'messages_in'],
    description: 'Mean number of user messages per conversation.', formula: 'user messages ÷ conversations',
    unit: 'score', better: 'none', needs: ['message.received'], source: 'facts',
    compute: (a) => mean(a.inbound, a.conversations, noConversations),
  },
  {
    id: 'avg_outbound', short: 'bot messages', name: 'Bot messages per conversation', aliases: ['outbound', 'messages_out'],
    description: 'Mean number of bot messages per conversation.', formula: 'bot messages ÷ conversations',
    unit: 'score', better: 'none', needs: ['message.sent'], source: 'facts',
    compute: (a) => mean(a.outbound, a.conversations, noConversations),
  },
  {
    id: 'sentiment_positive', short: 'positive sentiment', name: 'Positive sentiment', aliases: ['positive', 'sentiment'],
    description: 'Share of scored conversations whose mean sentiment is above 0.25.', formula: 'conversations with mean score > 0.25 ÷ those with a score',
    unit: 'share', better: 'higher', needs: ['sentiment'], source: 'facts',
    compute: (a) => ratio(a.sentiment_positive, a.sentiment_scored, 'no sentiment scores in this window'),
  },
  {
    id: 'sentiment_negative', short: 'negative sentiment', name: 'Negative sentiment', aliases: ['negative'],
    description: 'Share of scored conversations whose mean sentiment is below −0.25.', formula: 'conversations with mean score < −0.25 ÷ those with a score',
    unit: 'share', better: 'lower', needs: ['sentiment'], source: 'facts',
    compute: (a) => ratio(a.sentiment_negative, a.sentiment_scored, 'no sentiment scores in this window'),
  },
  {
    id: 'turns_to_resolution', short: 'turns to resolution', name: 'Turns to resolution', aliases: ['turns'],
    description: 'Mean number of user messages in resolved conversations.', formula: 'user messages in resolved conversations ÷ resolved conversations',
    unit: 'score', better: 'lower', needs: ['resolved', 'conversation.ended'], source: 'facts',
    compute: (a) => mean(a.resolved_inbound, a.resolved, 'no resolved conversations in this window'),
  },
  {
    id: 'time_to_resolution_s', short: 'time to resolution', name: 'Time to resolution', aliases: ['ttr', 'resolution_time'],
    description: 'Mean time from the start of a conversation to its resolution.', formula: 'mean (resolved − start)',
    unit: 's', better: 'lower', needs: ['resolved', 'conversation.ended'], source: 'facts',
    compute: (a) => mean(a.resolution_time_sum_s, a.resolved, 'no resolved conversations in this window'),
  },
  {
    id: 'recontact_rate', short: 're-contact', name: 'Re-contact rate', aliases: ['recontact', 'repeat_contact'],
    description: 'Share of resolved conversations whose user started another with the same bot within 24 hours of the resolution.',
    formula: 'resolved conversations followed by another from the same user within 24 h ÷ resolved',
    unit: 'share', better: 'lower', needs: ['resolved', 'conversation.ended'], source: 'query',
  },
  {
    id: 'delivery_rate', short: 'delivery', name: 'Delivery rate', aliases: ['delivery', 'delivered'],
    description: 'Share of sent messages the channel reports delivered (a message with a final receipt counts as sent even if its "sent" receipt is missing).',
    formula: 'delivered ÷ sent', unit: 'share', better: 'higher', needs: ['delivery'], source: 'facts',
    compute: (a) => {
      const final = a.delivery_delivered + a.delivery_rejected + a.delivery_expired + a.delivery_undeliverable;
      return ratio(a.delivery_delivered, Math.max(a.delivery_sent, final), 'no delivery receipts in this window');
    },
  },
  {
    id: 'cost_per_conversation', short: 'cost per conversation', name: 'Cost per conversation', aliases: ['cost', 'cpc'],
    description: 'What a conversation costs: the bot’s cost per conversation plus the human cost of each hand-off, spread over all conversations (costs set with `botwatch bots cost`).',
    formula: '(bot cost × conversations + human cost × hand-offs) ÷ conversations', unit: 'money', better: 'lower', needs: [], source: 'facts',
    compute: (a, { costs }) => {
      if (costs === undefined) return { value: null, reason: 'no costs configured for this bot (set them with `botwatch bots cost <bot> --bot-cost … --human-cost …`)' };
      return mean(costs.botCost * a.conversations + costs.humanCost * a.handed_off, a.conversations, noConversations);
    },
  },
  {
    id: 'health_score', short: 'health', name: 'Interaction health', aliases: ['health'],
    description: `A 0–100 blend: ${healthWeights.resolution * 100} % resolution, ${healthWeights.containment * 100} % containment, ${healthWeights.csat * 100} % CSAT and ${healthWeights.notDroppedOff * 100} % (1 − drop-off); parts the bot cannot measure are left out and the weights of the rest rescaled.`,
    formula: '100 × (0.3 resolution + 0.3 containment + 0.2 CSAT + 0.2 (1 − drop-off)) over the parts available',
    unit: 'score', better: 'higher', needs: [], settledOnly: true, source: 'facts',
    compute: healthScore,
  },
  ...llmMetrics,
];

const byKey = new Map<string, MetricDefinition>();
for (const m of metricCatalog) for (const key of [m.id, ...m.aliases]) byKey.set(key.toLowerCase(), m);

/** Finds a metric by id or alias (case-insensitive; `-` and `_` are interchangeable). */
export function findMetric(name: string): MetricDefinition | undefined {
  const key = name.toLowerCase();
  return byKey.get(key) ?? byKey.get(key.replaceAll('-', '_')) ?? byKey.get(key.replaceAll('_', '-'));
}

/** Every id and alias (for suggestions and autocomplete). */
export function metricNames(): string[] {
  return [...byKey.keys()];
}
