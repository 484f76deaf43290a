import type { Aggregates } from './aggregates.ts';
import type { MetricDefinition } from './catalog.ts';
import { mean, ratio } from './metric-value.ts';
import type { MetricValue } from './metric-value.ts';

/** LLM cost over `denominator`, or n/a when a call's model has no price (never 0: an unpriced model would make the cost look smaller than it is). */
function llmCost(cost: number, a: Aggregates, denominator: number, whenEmpty: string): MetricValue {
  if (a.llm_unpriced_calls > 0) {
    const calls = a.llm_unpriced_calls;
    return {
      value: null,
      reason: `${calls} LLM call${calls === 1 ? '' : 's'} in this window ${calls === 1 ? 'is' : 'are'} of a model with no price and no costUsd (\`botwatch models list\` names them; set a price with \`botwatch models price <model> --input … --output …\`)`,
    };
  }
  return mean(cost, denominator, whenEmpty);
}

const noLlmConversations = 'no conversations with LLM calls in this window';

/** LLM bots (contract v1.1): tokens, cost, latency and errors of model and tool calls. */
export const llmMetrics: readonly MetricDefinition[] = [
  {
    id: 'llm_tokens_per_conversation', short: 'tokens per conversation', name: 'Tokens per conversation', aliases: ['tokens', 'llm_tokens'],
    description: 'Mean input + output tokens of the LLM calls per conversation that made at least one.',
    formula: '(input + output tokens) ÷ conversations with ≥ 1 llm.call', unit: 'count', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'facts',
    compute: (a) => mean(a.llm_input_tokens + a.llm_output_tokens, a.llm_conversations, noLlmConversations),
  },
  {
    id: 'llm_cost_per_conversation', short: 'LLM cost per conversation', name: 'LLM cost per conversation', aliases: ['llm_cost', 'model_cost'],
    description: 'Mean LLM cost (US dollars) of a conversation that made at least one LLM call: each call’s costUsd, else its tokens priced from the model price table (`botwatch models list`).',
    formula: 'LLM cost ÷ conversations with ≥ 1 llm.call', unit: 'usd', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'facts',
    compute: (a) => llmCost(a.llm_cost_usd, a, a.llm_conversations, noLlmConversations),
  },
  {
    id: 'llm_cost_per_resolved', short: 'cost per resolved', name: 'LLM cost per resolved conversation', aliases: ['cost_per_resolved', 'cost_per_resolution'],
    description: 'What a resolution really costs: the LLM cost of all the window’s conversations (resolved or not) divided by the resolved ones.',
    formula: 'LLM cost of all conversations ÷ resolved conversations', unit: 'usd', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'facts',
    compute: (a) => llmCost(a.llm_cost_usd, a, a.resolved, 'no resolved conversations in this window'),
  },
  {
    id: 'llm_cost_per_handoff', short: 'cost per hand-off', name: 'LLM cost per hand-off', aliases: ['cost_per_handoff', 'handoff_cost'],
    description: 'Mean LLM cost of a conversation that was handed off to a human; beside LLM cost per conversation it shows whether the expensive conversations are the ones that hand off.',
    formula: 'LLM cost of handed-off conversations ÷ handed-off conversations', unit: 'usd', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'facts',
    compute: (a) => llmCost(a.llm_cost_handed_off, a, a.handed_off, 'no hand-offs in this window'),
  },
  {
    id: 'llm_latency_p50_ms', short: 'LLM p50 latency', name: 'LLM latency (median)', aliases: ['llm_latency', 'llm_p50', 'model_latency'],
    description: 'Median latencyMs of the LLM calls made in the window.', formula: '50th percentile of llm.call latencyMs',
    unit: 'ms', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'query',
  },
  {
    id: 'llm_latency_p95_ms', short: 'LLM p95 latency', name: 'LLM latency (95th percentile)', aliases: ['llm_p95'],
    description: '95th percentile of latencyMs of the LLM calls made in the window.', formula: '95th percentile of llm.call latencyMs',
    unit: 'ms', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'query',
  },
  {
    id: 'llm_error_rate', short: 'LLM errors', name: 'LLM error rate', aliases: ['llm_errors', 'model_errors'],
    description: 'Share of LLM calls that failed (carry an error).', formula: 'llm.call with error ÷ llm.call',
    unit: 'share', better: 'lower', needs: ['llm.call'], groupsByModel: true, source: 'facts',
    compute: (a) => ratio(a.llm_errors, a.llm_calls, 'no LLM calls in this window'),
  },
  {
    id: 'tool_error_rate', short: 'tool errors', name: 'Tool error rate', aliases: ['tool_errors'],
    description: 'Share of tool calls that failed (carry an error).', formula: 'tool.call with error ÷ tool.call',
    unit: 'share', better: 'lower', needs: ['tool.call'], source: 'facts',
    compute: (a) => ratio(a.tool_errors, a.tool_calls, 'no tool calls in this window'),
  },
  {
    id: 'score_avg', short: 'score mean', name: 'Score mean', aliases: ['score', 'scores', 'eval_score', 'evaluation_score', 'feedback_score'],
    description:
      'Mean of one named score (score:<name>, e.g. score:faithfulness): LLM evaluations and user feedback sent as score events or gen_ai.evaluation.result span events. Scores with a label and no number are counted, not averaged; by:score lists every name with its mean, count and labels.',
    formula: 'sum of the named score’s values ÷ its scores with a value', unit: 'score', better: 'higher', needs: ['score'], source: 'query',
  },
];
