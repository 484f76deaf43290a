import type { EventType } from '../../events/contract.ts';
import { BoundedMap } from '../platform/bounded-map.ts';
import { channelName } from '../platform/channel-name.ts';
import { deterministicEventId } from '../platform/event-id.ts';
import { asArray, asNumber, asObject, asText } from '../platform/json-values.ts';
import type { JsonObject } from '../platform/json-values.ts';
import { instantFrom } from '../platform/parse-time.ts';
import type { SourceRecord } from '../source-record.ts';
import { isHandoffAction } from './handoff-actions.ts';
import { newSenderState, restoredState, savedState } from './sender-state.ts';
import type { RasaSenderState, SenderState } from './sender-state.ts';

export interface RasaMappingOptions {
  botId: string;
  /** Action names that mean a hand-off; default: names containing "handoff" or "human". */
  handoffActions?: readonly string[];
  /** Called with a sender's state (its utterance written out) as the bounded state forgets it. */
  onForget?: (senderId: string, state: RasaSenderState) => void;
}

/** A bot message this long after the user's is not its answer (a reminder); no latency. */
const maxAnswerDelayMs = 60 * 60 * 1000;

/**
 * Maps Rasa tracker events (in the tracker's own order, which is the conversation's order even
 * where timestamps disagree) to contract events; docs/importers.md has the table. Per-sender state
 * is bounded; an utterance still waiting for its `bot` event is written out when its sender is
 * forgotten or the input ends (`finish`). A live stream keeps the state across restarts with
 * `stateOf` and `remember`.
 */
export class RasaEventMapper {
  private readonly owed: SourceRecord[] = [];
  private readonly senders = new BoundedMap<string, SenderState>(10_000, (senderId, state) => {
    this.owed.push(...this.flushUtterance(state));
    this.options.onForget?.(senderId, savedState(state));
  });

  constructor(private readonly options: RasaMappingOptions) {}

  map(senderId: string, raw: unknown, position: string): SourceRecord[] {
    const event = asObject(raw);
    if (event === undefined) return [{ position, problem: 'expected an event object' }];
    const type = asText(event.event);
    if (type === undefined) return [{ position, problem: 'the event has no "event" type' }];
    const state = this.senders.getOrCreate(senderId, () => newSenderState(senderId));
    const out = this.owed.splice(0);
    if (state.pendingUtterance !== undefined) {
      if (type === 'bot') out.push({ position: state.pendingUtterance.position, skipped: 'utter action followed by its bot event (the message is counted once, from the bot event)' });
      else out.push(...this.flushUtterance(state));
      state.pendingUtterance = undefined;
    }
    // An utterance may wait for its `bot` event: the state before it is the one to keep meanwhile.
    const before = type === 'action' && asText(event.name)?.startsWith('utter_') === true ? savedState(state) : undefined;
    const key = this.eventKey(event, state);
    const ownTime = instantFrom(event.timestamp, { assumeUtc: true });
    const time = ownTime ?? state.lastTime;
    if (ownTime !== undefined) state.lastTime = ownTime;
    out.push(...this.mapEvent(type, event, state, { position, key, time, ownTime, ...(before === undefined ? {} : { before }) }));
    return out;
  }

  /**
   * The sender's state as JSON, or undefined when none is held: as of its last event whose records
   * are all out (an utterance still waiting for its `bot` event is left out, with its action).
   */
  stateOf(senderId: string): RasaSenderState | undefined {
    const state = this.senders.get(senderId);
    return state === undefined ? undefined : savedState(state);
  }

  /** Whether the mapping holds state for the sender (it may have forgotten it, or never seen it). */
  knows(senderId: string): boolean {
    return this.senders.has(senderId);
  }

  /** Continues a sender from a state `stateOf` gave (before a restart, or before it was forgotten). */
  remember(senderId: string, state: RasaSenderState): void {
    this.senders.set(senderId, restoredState(senderId, state));
  }

  /** Utterances still waiting for a `bot` event when the input ends. */
  finish(): SourceRecord[] {
    const out = this.owed.splice(0);
    for (const state of this.senders.values()) out.push(...this.flushUtterance(state));
    return out;
  }

  /**
   * Utterances of these senders still waiting for a `bot` event, written out now: a live stream
   * has no end, so its reader gives up waiting after a while (the sender's state is kept).
   */
  flushWaiting(senderIds: Iterable<string>): SourceRecord[] {
    const out = this.owed.splice(0);
    for (const senderId of senderIds) {
      const state = this.senders.get(senderId);
      if (state !== undefined) out.push(...this.flushUtterance(state));
    }
    return out;
  }

  private mapEvent(type: string, event: JsonObject, state: SenderState, at: EventPlace): SourceRecord[] {
    const { position, time, ownTime } = at;
    const make = this.maker(state, at);
    switch (type) {
      case 'session_started':
        // One sender, several sessions: each session is a conversation of its own.
        state.conversationId = `${state.senderId}@${time ?? position}`;
        state.awaitingAnswerSince = undefined;
        state.activeForm = undefined;
        state.buttons = [];
        return [make('conversation.started', 'started')];
      case 'user':
        return this.userMessage(event, state, make, ownTime);
      case 'bot':
        return [this.botMessage(event, state, make, ownTime)];
      case 'action':
        return this.action(event, state, make, at);
      case 'slot':
        return this.slot(event, state, make, position);
      case 'active_loop':
      case 'form':
        return this.form(event, state, make, position);
      default:
        return [{ position, skipped: `${type} event (not a metric)` }];
    }
  }

  private userMessage(event: JsonObject, state: SenderState, make: Maker, ownTime: string | undefined): SourceRecord[] {
    state.channel = channelName(event.input_channel) ?? state.channel;
    const text = asText(event.text);
    const out = [make('message.received', 'received', text === undefined ? {} : { text })];
    const intent = asObject(asObject(event.parse_data)?.intent);
    const name = asText(intent?.name);
    if (name !== undefined) {
      const confidence = asNumber(intent?.confidence);
      out.push(make('intent.detected', 'intent', { intent: name.slice(0, 256), ...(confidence !== undefined && confidence >= 0 && confidence <= 1 ? { confidence } : {}), fallback: name === 'nlu_fallback' }));
    }
    const button = text === undefined ? undefined : state.buttons.find((b) => b.payload === text.trim());
    if (button !== undefined) out.push(make('cta.clicked', 'clicked', { cta: button.title }));
    state.awaitingAnswerSince = ownTime === undefined ? undefined : Date.parse(ownTime);
    return out;
  }

  private botMessage(event: JsonObject, state: SenderState, make: Maker, ownTime: string | undefined, kind = 'sent', extra: Record<string, unknown> = {}): SourceRecord {
    const data = asObject(event.data);
    const buttons = [...(asArray(data?.buttons) ?? []), ...(asArray(data?.quick_replies) ?? [])].flatMap((b) => {
      const title = asText(asObject(b)?.title);
      return title === undefined ? [] : [{ title: title.replace(/\s+/g, ' ').trim().slice(0, 256), payload: (asText(asObject(b)?.payload) ?? title).trim() }];
    });
    if (buttons.length > 0) state.buttons = buttons;
    const since = state.awaitingAnswerSince;
    state.awaitingAnswerSince = undefined;
    const at = ownTime === undefined ? undefined : Date.parse(ownTime);
    const latency = since !== undefined && at !== undefined ? at - since : undefined;
    const text = asText(event.text);
    const ctas = [...new Set(buttons.map((b) => b.title))];
    return make('message.sent', kind, {
      ...(text === undefined ? {} : { text }),
      ...(latency !== undefined && latency >= 0 && latency <= maxAnswerDelayMs ? { latencyMs: Math.round(latency) } : {}),
      ...(ctas.length > 0 ? { ctas } : {}),
      ...extra,
    });
  }

  private action(event: JsonObject, state: SenderState, make: Maker, at: EventPlace): SourceRecord[] {
    const { position, key, time, ownTime, before } = at;
    const name = asText(event.name) ?? 'unnamed';
    state.lastAction = name;
    if (isHandoffAction(name, this.options.handoffActions)) return [make('handoff', 'handoff', { action: name })];
    if (name.startsWith('utter_')) {
      // Rasa logs an utterance as this action followed by its `bot` event; older trackers (and the
      // fixture) have only the action. Wait for the next event to know which.
      state.pendingUtterance = { position, key, action: name, before: before ?? savedState(state), ...(time === undefined ? {} : { time }), ...(ownTime === undefined ? {} : { ownTime }) };
      return [];
    }
    return [{ position, skipped: `action "${name.slice(0, 80)}" (not a metric)` }];
  }

  private slot(event: JsonObject, state: SenderState, make: Maker, position: string): SourceRecord[] {
    if (event.name !== 'requested_slot') return [{ position, skipped: 'slot event (not a metric)' }];
    const slot = asText(event.value);
    if (slot === undefined) return [{ position, skipped: 'requested_slot cleared (not a metric)' }];
    if (state.activeForm === undefined) return [{ position, skipped: 'requested_slot outside an active form' }];
    return [make('step.reached', 'step', { flow: state.activeForm.slice(0, 256), step: slot.slice(0, 256) })];
  }

  private form(event: JsonObject, state: SenderState, make: Maker, position: string): SourceRecord[] {
    const name = asText(event.name);
    if (name !== undefined) {
      state.activeForm = name;
      return [{ position, skipped: 'form activated (its steps come from requested_slot)' }];
    }
    const form = state.activeForm;
    state.activeForm = undefined;
    if (form === undefined) return [{ position, skipped: 'form deactivated with no form active' }];
    // The form's own action closes it when every slot is filled; action_deactivate_loop (or any other) cancels it.
    if (state.lastAction === form) return [make('step.reached', 'step', { flow: form.slice(0, 256), step: 'completed', final: true })];
    return [{ position, skipped: 'form deactivated before completing (a drop-off, not a step)' }];
  }

  /** The message.sent an `utter_*` action stands for when no `bot` event followed it. */
  private flushUtterance(state: SenderState): SourceRecord[] {
    const pending = state.pendingUtterance;
    if (pending === undefined) return [];
    state.pendingUtterance = undefined;
    return [this.botMessage({}, state, this.maker(state, pending), pending.ownTime, 'utterance', { action: pending.action })];
  }

  private maker(state: SenderState, { position, key, time, ownTime }: EventPlace): Maker {
    return (type, kind, fields = {}) => {
      if (time === undefined) return { position, problem: 'no timestamp, and no earlier event of this sender has one' };
      return {
        position,
        candidate: {
          id: deterministicEventId('rasa', [state.senderId, key, kind]),
          type,
          timestamp: time,
          botId: this.options.botId,
          conversationId: state.conversationId,
          userId: state.senderId,
          ...(state.channel === undefined ? {} : { channel: state.channel }),
          ...(ownTime === undefined ? { timestampSource: 'previous event' } : {}),
          ...fields,
        },
      };
    };
  }

  /**
   * What identifies an event in its sender's history: its exact timestamp (microseconds), type and
   * name or text, so the same event exported again (as a tracker or by `rasa export`) gets the same id.
   */
  private eventKey(event: JsonObject, state: SenderState): string {
    const stamp = typeof event.timestamp === 'number' || typeof event.timestamp === 'string' ? String(event.timestamp) : '';
    const key = `${stamp}\u001f${String(event.event)}\u001f${asText(event.name) ?? asText(event.text) ?? ''}`;
    if (state.sameStamp.stamp !== stamp) state.sameStamp = { stamp, seen: new Map() };
    const seen = (state.sameStamp.seen.get(key) ?? 0) + 1;
    state.sameStamp.seen.set(key, seen);
    return seen === 1 ? key : `${key}#${seen}`;
  }
}

type Maker = (type: EventType, kind: string, fields?: Record<string, unknown>) => SourceRecord;

/** Where an event is (its position and identity) and when (its own time, or the one it takes). */
interface EventPlace {
  position: string;
  key: string;
  time?: string | undefined;
  ownTime?: string | undefined;
  /** The sender's state before this event (taken for an `utter_*` action only). */
  before?: RasaSenderState;
}
