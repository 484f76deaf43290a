import type { EventType } from './contract.ts';

/**
 * What each event type and field means, with one example event per type, for docs/events.md and
 * the OpenAPI document (`npm run docs`). Types, constraints and required fields come from the zod
 * schemas in contract.ts; a test checks every example passes validation and every field is described.
 */
export interface EventTypeDoc {
  description: string;
  /** A complete event of this type that passes validation. */
  example: Record<string, unknown>;
}

const base = { timestamp: '2026-11-23T09:00:00Z', botId: 'support-bot', conversationId: 'conv-42' };

export const eventTypeDocs: Record<EventType, EventTypeDoc> = {
  'conversation.started': {
    description: 'A conversation began. Optional: a conversation also starts at its first event of any type.',
    example: { id: 'evt-1', type: 'conversation.started', ...base, userId: 'u-7', channel: 'web', botVersion: '3.2.0' },
  },
  'message.received': {
    description: 'The end user wrote to the bot. `text` is dropped at ingest unless `BOTWATCH_STORE_MESSAGE_TEXT=true`.',
    example: { id: 'evt-2', type: 'message.received', ...base, userId: 'u-7', channel: 'web', text: 'Where is my order?' },
  },
  'message.sent': {
    description: 'The bot wrote to the user. `latencyMs` is the time since the user message it answers; `expectsReply` marks a question; `ctas` lists the buttons or links offered.',
    example: { id: 'evt-3', type: 'message.sent', ...base, timestamp: '2026-11-23T09:00:01Z', latencyMs: 850, expectsReply: true, ctas: ['Track order', 'Talk to an agent'] },
  },
  'intent.detected': {
    description: 'The bot recognised what the user wants. `fallback: true` means it did not understand; `correct` comes from review labels when you have them.',
    example: { id: 'evt-4', type: 'intent.detected', ...base, intent: 'order_status', confidence: 0.92, fallback: false, correct: true },
  },
  'step.reached': {
    description: 'The conversation reached a step of a designed flow (funnels are built from these). `final: true` marks the end of the flow: without it, "completed" means nothing.',
    example: { id: 'evt-5', type: 'step.reached', ...base, botId: 'leadgen-bot', flow: 'demo_request', step: 'booked', final: true },
  },
  'goal.completed': {
    description: 'A business goal of the conversation was reached, e.g. `demo_booked`, `order_tracked`.',
    example: { id: 'evt-6', type: 'goal.completed', ...base, goal: 'order_tracked' },
  },
  'lead.captured': {
    description: 'The bot captured the user\'s contact details.',
    example: { id: 'evt-7', type: 'lead.captured', ...base, botId: 'leadgen-bot' },
  },
  conversion: {
    description: 'A valuable business action (a purchase, a booking), with its value when known.',
    example: { id: 'evt-8', type: 'conversion', ...base, botId: 'leadgen-bot', value: 49.9, currency: 'EUR' },
  },
  handoff: {
    description: 'The conversation was escalated to a human agent.',
    example: { id: 'evt-9', type: 'handoff', ...base, reason: 'refund request', queue: 'billing' },
  },
  resolved: {
    description: "The user's inquiry was resolved.",
    example: { id: 'evt-10', type: 'resolved', ...base },
  },
  'conversation.ended': {
    description: 'An explicit end of the conversation, with its outcome when the bot knows it. Without one, a conversation settles after `BOTWATCH_IDLE_TIMEOUT_MINUTES` of silence.',
    example: { id: 'evt-11', type: 'conversation.ended', ...base, outcome: 'success' },
  },
  csat: {
    description: 'A post-conversation satisfaction survey answer (1 = very unhappy, 5 = very happy).',
    example: { id: 'evt-12', type: 'csat', ...base, score: 4 },
  },
  sentiment: {
    description: "The bot's own sentiment analysis of the conversation, from −1 (negative) to 1 (positive).",
    example: { id: 'evt-13', type: 'sentiment', ...base, score: -0.4 },
  },
  'cta.clicked': {
    description: 'The user used a button, link or other call to action the bot offered.',
    example: { id: 'evt-14', type: 'cta.clicked', ...base, cta: 'Track order' },
  },
  'followup.sent': {
    description: 'The bot sent a re-engagement message (a reminder, a follow-up after silence).',
    example: { id: 'evt-15', type: 'followup.sent', ...base, botId: 'leadgen-bot' },
  },
  delivery: {
    description: "A channel's delivery receipt for a message the bot sent (WhatsApp, SMS, Messenger…).",
    example: { id: 'evt-16', type: 'delivery', ...base, botId: 'bookings-bot', channel: 'whatsapp', status: 'delivered', messageId: 'wamid.HBgL' },
  },
  'llm.call': {
    description: 'One call to a language model inside the conversation (contract v1.1). Token counts and latency feed the LLM metrics; cost comes from `costUsd` when sent, otherwise from the price table (`botwatch models price`). OpenTelemetry GenAI spans sent to `POST /v1/traces` become these events.',
    example: { id: 'evt-17', type: 'llm.call', ...base, botId: 'agent-bot', model: 'gpt-4o-mini', provider: 'openai', inputTokens: 1200, cachedInputTokens: 800, outputTokens: 150, latencyMs: 930, costUsd: 0.00042 },
  },
  'tool.call': {
    description: 'One tool or function call by the bot (contract v1.1); `error` marks a failed call.',
    example: { id: 'evt-18', type: 'tool.call', ...base, botId: 'agent-bot', tool: 'lookup_order', latencyMs: 120, error: 'timeout' },
  },
  score: {
    description:
      'A named score of the conversation (contract v1.2): an LLM evaluation (`faithfulness`, `relevance`) or user feedback (`user_feedback`), with a number, a label, or both. `score_avg … score:<name>` averages the numbers of one name; `by:score` lists every name. OpenTelemetry `gen_ai.evaluation.result` span events become these events (docs/llm-bots.md "Scores").',
    example: { id: 'evt-19', type: 'score', ...base, botId: 'agent-bot', name: 'faithfulness', value: 0.82, label: 'pass', comment: 'Every claim is supported by the retrieved order record.' },
  },
};

/** The meaning of each field the contract names, whichever types carry it. */
export const fieldDocs: Record<string, string> = {
  id: 'Unique per event: the idempotency key. Sending the same id again for the same conversation is counted as a duplicate, never twice.',
  type: 'The event type.',
  timestamp: 'When it happened (not when it was sent): ISO-8601 with an offset or `Z`.',
  botId: 'Which monitored bot sent it.',
  conversationId: "One user's session with the bot.",
  userId: 'A pseudonymous end-user id.',
  botVersion: 'The deployed version of the bot (for comparisons such as `compare support-bot@3.2.0 vs support-bot@3.3.0`).',
  channel: 'Where the conversation happens: `web`, `whatsapp`, `messenger`, `sms`, `teams`, …',
  text: 'The message text. Kept only when `BOTWATCH_STORE_MESSAGE_TEXT=true`; dropped at ingest otherwise.',
  expectsReply: 'The message asks the user something.',
  latencyMs: "Milliseconds since the user's message this one answers.",
  ctas: 'The calls to action (buttons, links) the message offers.',
  intent: 'The recognised intent.',
  confidence: "The recogniser's confidence.",
  fallback: 'The bot did not understand (its fallback intent).',
  correct: 'Whether a reviewer judged the recognition correct.',
  flow: 'The flow (for example a funnel) the step belongs to.',
  step: 'The step reached.',
  final: 'This step ends the flow.',
  goal: 'The goal reached.',
  value: 'conversion: its monetary value; score: the score as a number (any scale: 0–1, 1–5, −1/1 for thumbs down/up — averages are taken per score name). A score needs a `value`, a `label`, or both.',
  name: 'The score\'s name, as the evaluator or feedback widget calls it (`faithfulness`, `user_feedback`); at most 128 characters. `score:<name>` selects it (case-insensitively).',
  label: 'A category for the score (`pass`, `fail`, `thumbs_down`), with or without a number; at most 128 characters. Labels are counted per score name.',
  comment: 'Free text with the score (an evaluator\'s explanation, a user\'s words); at most 2,000 characters, kept with the event but not shown in answers.',
  currency: 'The currency of `value`.',
  reason: 'Why the conversation was handed off.',
  queue: 'The agent queue it was handed to.',
  outcome: 'How the conversation ended.',
  score: 'The score (csat: whole number 1–5; sentiment: −1 to 1).',
  cta: 'The call to action used.',
  status: 'The delivery state the channel reported.',
  messageId: "The channel's id of the message.",
  model: 'The model called, as the provider names it (`gpt-4o-mini`, `claude-3-5-sonnet-20241022`).',
  provider: 'Who serves the model: `openai`, `anthropic`, `aws.bedrock`, …',
  inputTokens: 'Input (prompt) tokens of the call, cached ones included.',
  outputTokens: 'Output (completion) tokens of the call.',
  cachedInputTokens: 'The part of `inputTokens` read from the provider\'s prompt cache (priced at the cached-input rate).',
  error: 'Why the call failed (an error type or message); absent when it succeeded.',
  costUsd: 'The call\'s cost in US dollars, when the bot knows it: it wins over the price table.',
  tool: 'The tool or function called.',
};
