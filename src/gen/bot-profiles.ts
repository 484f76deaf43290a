import type { ConversationWriter } from './conversation-writer.ts';
import type { Random } from './random.ts';

/** Where in the generated period a conversation falls (0 = start, 1 = end), for releases and trends. */
export interface ScriptContext {
  progress: number;
  /** Multiplier on the chance of a hand-off (a planted incident, `botwatch gen --incident`); 1 normally. */
  handoff: number;
}

/** A generated bot: its share of conversations, channels, versions and conversation script. */
export interface BotProfile {
  botId: string;
  share: number;
  channels: Record<string, number>;
  version(progress: number): string;
  script(w: ConversationWriter, r: Random, ctx: ScriptContext): void;
}

const reply = (w: ConversationWriter, r: Random, fields: Record<string, unknown> = {}, median = 900) => {
  const latency = Math.round(Math.min(30_000 * w.latencyFactor, r.logNormal(median, 0.55) * w.latencyFactor));
  w.wait(latency).emit('message.sent', { latencyMs: latency, ...fields });
};
const think = (w: ConversationWriter, r: Random) => w.wait(r.logNormal(25_000, 0.7));

/** A customer-support bot: intents, hand-offs to agents, resolutions, CSAT and sentiment. */
export const supportBot: BotProfile = {
  botId: 'support-bot',
  share: 0.45,
  channels: { web: 0.6, whatsapp: 0.25, messenger: 0.15 },
  // v3.3 ships two thirds into the period and is worse at understanding refunds (see script).
  version: (p) => (p < 0.66 ? '3.2.0' : '3.3.0'),
  script(w, r, ctx) {
    const newRelease = ctx.progress >= 0.66;
    w.emit('conversation.started').emit('message.received');
    const intent = r.pick({ order_status: 0.3, shipping: 0.2, product_question: 0.2, account: 0.15, refund: 0.15 });
    const fallback = r.chance(newRelease ? 0.15 : 0.08);
    const labelled = r.chance(0.2) ? { correct: !fallback && r.chance(0.9) } : {};
    w.wait(r.between(80, 400)).emit('intent.detected', fallback ? { intent: 'none', confidence: Number(r.between(0.1, 0.45).toFixed(2)), fallback: true, ...labelled } : { intent, confidence: Number(r.between(0.6, 0.99).toFixed(2)), ...labelled });
    const ctas = r.chance(0.3) ? ['Track my order', 'Talk to an agent'] : undefined;
    reply(w, r, { expectsReply: true, ...(ctas ? { ctas } : {}) });

    if (!r.chance(0.78)) {
      if (r.chance(0.2)) w.wait(r.logNormal(60_000, 0.5)).emit('conversation.ended', { outcome: 'unsuccessful' });
      return;
    }
    const turns = r.int(1, 5);
    for (let t = 0; t < turns; t++) {
      think(w, r);
      if (ctas && t === 0 && r.chance(0.4)) w.emit('cta.clicked', { cta: r.chance(0.7) ? 'Track my order' : 'Talk to an agent' });
      else w.emit('message.received');
      reply(w, r, { expectsReply: t < turns - 1 || r.chance(0.5) });
    }
    const handoffChance = (newRelease ? 0.16 : 0.1) + (intent === 'refund' ? (newRelease ? 0.25 : 0.12) : 0) + (fallback ? 0.2 : 0);
    let fate: 'handoff' | 'resolved' | 'dropped';
    if (r.chance(Math.min(0.95, handoffChance * ctx.handoff))) {
      fate = 'handoff';
      w.wait(r.between(2_000, 20_000)).emit('handoff', { reason: fallback ? 'not_understood' : 'customer_request', queue: intent === 'refund' ? 'billing' : 'general' });
      if (r.chance(0.6)) w.wait(r.logNormal(600_000, 0.6)).emit('conversation.ended', { outcome: r.chance(0.6) ? 'mixed' : 'success' });
    } else if (r.chance(0.72)) {
      fate = 'resolved';
      w.wait(r.between(5_000, 30_000)).emit('resolved');
      if (r.chance(0.7)) w.wait(r.between(5_000, 60_000)).emit('conversation.ended', { outcome: 'success' });
    } else {
      fate = 'dropped';
      if (r.chance(0.3)) w.wait(r.logNormal(120_000, 0.5)).emit('conversation.ended', { outcome: 'unsuccessful' });
      else if (r.chance(0.3)) w.wait(r.logNormal(7_200_000, 0.3)).emit('followup.sent');
    }
    if (r.chance(0.6)) {
      const mean = fate === 'resolved' ? 0.45 : fate === 'handoff' ? -0.15 : -0.4;
      w.wait(1_000).emit('sentiment', { score: Number(r.clampedNormal(mean, 0.3, -1, 1).toFixed(2)) });
    }
    if (fate !== 'dropped' && r.chance(0.35)) {
      const score = fate === 'resolved' ? r.pick({ 5: 0.5, 4: 0.3, 3: 0.12, 2: 0.05, 1: 0.03 }) : r.pick({ 5: 0.2, 4: 0.25, 3: 0.25, 2: 0.18, 1: 0.12 });
      w.wait(r.between(10_000, 60_000)).emit('csat', { score: Number(score) });
    }
  },
};

/** A lead-generation bot walking visitors through a demo-request flow. */
export const leadgenBot: BotProfile = {
  botId: 'leadgen-bot',
  share: 0.3,
  channels: { web: 0.8, messenger: 0.2 },
  version: () => '1.4.2',
  script(w, r, ctx) {
    const flow = 'demo_request';
    const ctas = ['Book a demo', 'See pricing', 'Talk to sales'];
    w.emit('conversation.started').emit('message.received');
    reply(w, r, { expectsReply: true, ctas }, 600);
    if (!r.chance(0.72)) return;
    think(w, r);
    if (r.chance(0.55)) w.emit('cta.clicked', { cta: r.pick({ 'Book a demo': 0.7, 'See pricing': 0.2, 'Talk to sales': 0.1 }) });
    else w.emit('message.received');
    w.emit('intent.detected', { intent: 'request_demo', confidence: Number(r.between(0.7, 0.99).toFixed(2)) }).emit('step.reached', { flow, step: 'qualify' });
    reply(w, r, { expectsReply: true }, 600);
    if (r.chance(0.05 * ctx.handoff)) {
      w.wait(r.between(3_000, 10_000)).emit('handoff', { reason: 'asked_for_sales', queue: 'sales' });
      return;
    }
    const steps: [string, number][] = [
      ['company_size', 0.82],
      ['contact_details', 0.75],
      ['schedule', 0.78],
    ];
    for (const [step, p] of steps) {
      if (!r.chance(p)) {
        if (step === 'schedule' && r.chance(0.6)) {
          // A reminder a couple of hours later brings some back to book (follow-up recovery).
          w.wait(r.logNormal(7_200_000, 0.3)).emit('followup.sent');
          if (r.chance(0.3)) {
            w.wait(r.logNormal(86_400_000, 0.8)).emit('message.received').emit('step.reached', { flow, step: 'schedule', final: true }).emit('goal.completed', { goal: 'demo_booked' });
            reply(w, r, { expectsReply: false }, 600);
          }
        }
        return;
      }
      think(w, r);
      w.emit('message.received').emit('step.reached', { flow, step, ...(step === 'schedule' ? { final: true } : {}) });
      if (step === 'contact_details') w.emit('lead.captured');
      reply(w, r, { expectsReply: step !== 'schedule' }, 600);
    }
    w.emit('goal.completed', { goal: 'demo_booked' });
    if (r.chance(0.14)) w.wait(r.between(60_000, 600_000)).emit('conversion', { value: Number(r.pick({ 490: 0.5, 1490: 0.35, 4900: 0.15 })), currency: 'EUR' });
    w.wait(r.between(2_000, 20_000)).emit('conversation.ended', { outcome: 'success' });
    if (r.chance(0.25)) w.wait(r.between(10_000, 60_000)).emit('csat', { score: Number(r.pick({ 5: 0.55, 4: 0.3, 3: 0.1, 2: 0.03, 1: 0.02 })) });
  },
};

const deliveryOutcome = (r: Random, channel: string) =>
  channel === 'sms'
    ? r.pick({ delivered: 0.9, rejected: 0.03, expired: 0.03, undeliverable: 0.04 })
    : r.pick({ delivered: 0.96, rejected: 0.015, expired: 0.015, undeliverable: 0.01 });

/** A bookings bot on several channels, with delivery receipts from the messaging channels. */
export const bookingsBot: BotProfile = {
  botId: 'bookings-bot',
  share: 0.25,
  channels: { web: 0.35, whatsapp: 0.35, sms: 0.15, messenger: 0.15 },
  version: (p) => (p < 0.4 ? '2.0.1' : '2.1.0'),
  script(w, r, ctx) {
    const flow = 'booking';
    const channel = w.base.channel;
    let sent = 0;
    const send = (fields: Record<string, unknown>) => {
      reply(w, r, fields, 700);
      if (channel === 'web') return;
      sent++;
      const messageId = `m${sent}`;
      w.wait(r.between(200, 2_000)).emit('delivery', { status: 'sent', messageId });
      w.wait(r.between(500, 5_000)).emit('delivery', { status: deliveryOutcome(r, channel), messageId });
    };
    w.emit('conversation.started').emit('message.received');
    send({ expectsReply: true, ctas: ['Book an appointment', 'Opening hours'] });
    const steps: [string, number][] = [
      ['choose_service', 0.85],
      ['pick_date', 0.8],
      ['pick_time', 0.88],
      ['confirm', 0.9],
    ];
    for (const [step, p] of steps) {
      if (!r.chance(p)) {
        if (r.chance(0.04 * ctx.handoff)) w.wait(r.between(3_000, 20_000)).emit('handoff', { reason: 'complex_request', queue: 'front_desk' });
        return;
      }
      think(w, r);
      if (step === 'choose_service' && r.chance(0.5)) w.emit('cta.clicked', { cta: 'Book an appointment' });
      else w.emit('message.received');
      w.emit('step.reached', { flow, step, ...(step === 'confirm' ? { final: true } : {}) });
      send({ expectsReply: step !== 'confirm' });
    }
    w.emit('goal.completed', { goal: 'booking_confirmed' }).emit('conversion', { value: r.int(4, 12) * 10, currency: 'EUR' }).emit('resolved');
    if (r.chance(0.8)) w.wait(r.between(2_000, 20_000)).emit('conversation.ended', { outcome: 'success' });
    if (r.chance(0.2)) w.wait(r.between(10_000, 60_000)).emit('csat', { score: Number(r.pick({ 5: 0.6, 4: 0.25, 3: 0.1, 2: 0.03, 1: 0.02 })) });
  },
};

export const defaultProfiles: readonly BotProfile[] = [supportBot, leadgenBot, bookingsBot];
