import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RasaEventMapper } from '../../src/import/rasa/map-rasa-events.ts';
import { parseSenderEvent } from '../../src/import/rasa/sender-event.ts';
import type { RasaSenderState } from '../../src/import/rasa/sender-state.ts';
import type { SourceRecord } from '../../src/import/source-record.ts';

// The restaurant export, then the very same user event twice at one timestamp (ids #1 and #2).
const lines = [
  ...fs.readFileSync(new URL('../fixtures/import/rasa/export.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== ''),
  '{"sender_id": "bob", "event": "user", "timestamp": 1782928870.5, "text": "hello?"}',
  '{"sender_id": "bob", "event": "user", "timestamp": 1782928870.5, "text": "hello?"}',
];
const events = lines.map((line, i) => {
  const parsed = parseSenderEvent(line);
  if ('problem' in parsed) throw new Error(`line ${i + 1}: ${parsed.problem}`);
  return { ...parsed, position: `line ${i + 1}` };
});
const mapper = () => new RasaEventMapper({ botId: 'restaurant' });
const sorted = (records: SourceRecord[]) => records.map((r) => JSON.stringify(r)).sort();

describe('a Rasa sender state kept outside the mapping', () => {
  it('continues every sender after any event exactly as one mapping of the whole export, through JSON', () => {
    const whole = mapper();
    const expected = [...events.flatMap((e) => whole.map(e.senderId, e.event, e.position)), ...whole.finish()];
    expect(expected.filter((r) => 'candidate' in r)).toHaveLength(36);

    for (let cut = 1; cut < events.length; cut++) {
      const first = mapper();
      const before = events.slice(0, cut).flatMap((e) => first.map(e.senderId, e.event, e.position));
      const senders = [...new Set(events.map((e) => e.senderId))];
      const saved = JSON.parse(JSON.stringify(senders.map((s) => [s, first.stateOf(s)]))) as [string, RasaSenderState | null][];
      // What has no record yet (an utterance waiting for its bot event) is mapped again, as a
      // redelivered message would be; the kept state is from before it.
      const answered = new Set(before.map((r) => r.position));
      const again = events.slice(0, cut).filter((e) => !answered.has(e.position));
      const second = mapper();
      for (const [sender, state] of saved) if (state !== null) second.remember(sender, state);
      const after = [...again, ...events.slice(cut)].flatMap((e) => second.map(e.senderId, e.event, e.position));
      expect(sorted([...before, ...after, ...second.finish()]), `restarted after line ${cut}`).toEqual(sorted(expected));
    }
  });

  it('keeps a waiting utterance out of the state until its outcome is known', () => {
    const m = mapper();
    for (const e of events.slice(0, 8)) m.map(e.senderId, e.event, e.position);
    const beforeUtterance = m.stateOf('bob');
    expect(m.map('bob', events[8]?.event, 'line 9')).toEqual([]); // bob's utter_greet
    expect(m.stateOf('bob')).toEqual(beforeUtterance);
    m.map('bob', events[9]?.event, 'line 10'); // its bot event
    const answered = m.stateOf('bob');
    expect(answered).toMatchObject({ lastAction: 'utter_greet' });
    expect(answered).not.toHaveProperty('awaitingAnswerSince');
    expect(m.knows('carol')).toBe(false);
    expect(m.stateOf('carol')).toBeUndefined();
  });
});
