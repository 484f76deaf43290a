/** What the mapping remembers of one Rasa sender between its events. */
export interface SenderState {
  senderId: string;
  /** The sender while no session has started; `sender@<session start>` after `session_started`. */
  conversationId: string;
  channel?: string;
  /** The previous event's time: the time of an event that has none (docs/importers.md). */
  lastTime?: string;
  awaitingAnswerSince?: number;
  /** An `utter_*` action waiting to see whether its `bot` event follows. */
  pendingUtterance?: PendingUtterance;
  activeForm?: string;
  lastAction?: string;
  /** Buttons of the bot's latest message with any (a user message sending a payload clicked one). */
  buttons: Button[];
  /** Identical events at the same timestamp get #2, #3… in their id. */
  sameStamp: { stamp: string; seen: Map<string, number> };
}

interface Button {
  title: string;
  payload: string;
}

interface PendingUtterance {
  position: string;
  key: string;
  action: string;
  time?: string;
  ownTime?: string;
  /** The sender's state just before the action's event was mapped (see {@link RasaSenderState}). */
  before: RasaSenderState;
}

/**
 * A sender's state as plain JSON, to keep outside the process (the live stream stores it beside
 * the events, docs/connect-rasa.md). It never holds an utterance still waiting for its `bot`
 * event: while one waits, the state is the one from before the utterance's action, so that action,
 * delivered again, is mapped again from there.
 */
export interface RasaSenderState {
  conversationId: string;
  channel?: string;
  lastTime?: string;
  awaitingAnswerSince?: number;
  activeForm?: string;
  lastAction?: string;
  buttons: Button[];
  sameStamp: { stamp: string; seen: [string, number][] };
}

/** A fresh sender: no session yet, so its conversation is its sender id. */
export function newSenderState(senderId: string): SenderState {
  return { senderId, conversationId: senderId, buttons: [], sameStamp: { stamp: '', seen: new Map() } };
}

/** The JSON form of a sender's state, as of its last event whose records are all out. */
export function savedState(state: SenderState): RasaSenderState {
  if (state.pendingUtterance !== undefined) return state.pendingUtterance.before;
  const { conversationId, channel, lastTime, awaitingAnswerSince, activeForm, lastAction, buttons, sameStamp } = state;
  return {
    conversationId,
    ...(channel === undefined ? {} : { channel }),
    ...(lastTime === undefined ? {} : { lastTime }),
    ...(awaitingAnswerSince === undefined ? {} : { awaitingAnswerSince }),
    ...(activeForm === undefined ? {} : { activeForm }),
    ...(lastAction === undefined ? {} : { lastAction }),
    buttons: buttons.map((b) => ({ ...b })),
    sameStamp: { stamp: sameStamp.stamp, seen: [...sameStamp.seen] },
  };
}

/** A sender's state back from its JSON form. */
export function restoredState(senderId: string, saved: RasaSenderState): SenderState {
  const { sameStamp, buttons, ...rest } = saved;
  return { ...rest, senderId, buttons: buttons.map((b) => ({ ...b })), sameStamp: { stamp: sameStamp.stamp, seen: new Map(sameStamp.seen) } };
}
