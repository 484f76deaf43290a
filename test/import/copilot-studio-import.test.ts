import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFormat } from '../../src/import/formats.ts';
import { conversationFacts, conversationTotals, eventTypeCounts, importPlatformFile } from '../helpers/import-platform.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

// Hand-made from Microsoft's documentation of the ConversationTranscript table (no public export
// exists): five rows of bot "Contoso Support". By hand:
//   resolved  — 2 user / 4 bot messages, topic CheckRefundStatus, "Yes" clicked, CSAT 5, Resolved
//   escalated — 1 user / 1 bot message (no timestamp), HandOff trace, outcome HandOff
//   abandoned — 1 user / 1 bot message, UnknownIntent (fallback), outcome Abandoned
//   design    — a test-pane transcript (isDesignMode): skipped whole
//   unengaged — 1 bot message (no timestamp: ConversationStartTime), outcome None
// = 4 conversations, 4 user and 7 bot messages, 1 handed off. Skipped: 2 ConversationInfo traces,
// the EndofConversation and Escalate system topics, 1 CSATSurveyRequest, the design transcript.
const fixture = (name: string) => new URL(`../fixtures/import/copilot-studio/${name}`, import.meta.url);
const conversation = (name: string) => `8YYe8iif49ZKkycZLe7HUO-${name}`;

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

describe(`Copilot Studio transcript import (${testEngine})`, () => {
  it('imports the JSON export as counted by hand, naming the bot from the metadata', async () => {
    const { counts, rejected } = await importPlatformFile(t.db, 'copilot-studio', fixture('transcripts.json'));
    expect(rejected).toEqual([]);
    expect(counts).toEqual({
      read: 30,
      accepted: 24,
      duplicate: 0,
      rejected: 0,
      skipped: 6,
      skippedBy: {
        'ConversationInfo trace (repeats the last SessionInfo outcome)': 2,
        'system topic "EndofConversation" (not a flow)': 1,
        'system topic "Escalate" (not a flow)': 1,
        'trace activity "CSATSurveyRequest" (not a metric)': 1,
        'Copilot Studio test-pane transcript (isDesignMode: not real traffic)': 1,
      },
    });
    expect(await conversationTotals(t.db, 'contoso-support')).toEqual({ conversations: 4, inbound: 4, outbound: 7, handedOff: 1 });
    expect(await eventTypeCounts(t.db, 'contoso-support')).toEqual({
      'conversation.ended': 4,
      'conversation.started': 1,
      'csat': 1,
      'cta.clicked': 1,
      'handoff': 1, // the HandOff trace; the session's HandOff outcome does not repeat it
      'intent.detected': 3,
      'message.received': 4,
      'message.sent': 7,
      'resolved': 1,
      'step.reached': 1,
    });
  });

  it('maps each session outcome, the topic, the CSAT score and the times', async () => {
    expect(await conversationFacts(t.db, 'contoso-support', conversation('resolved'))).toMatchObject({
      started_at: new Date('2026-06-01T08:00:00Z'),
      resolved_at: new Date('2026-06-01T08:00:31Z'),
      end_outcome: 'success',
      first_intent: 'Check refund status',
      csat_count: 1,
      csat_sum: 5,
      cta_clicked: true,
      engaged: true,
      handed_off_at: null,
    });
    expect(await conversationFacts(t.db, 'contoso-support', conversation('escalated'))).toMatchObject({
      channel: 'teams',
      handed_off_at: new Date('2026-06-01T09:00:07Z'),
      end_outcome: null,
      resolved_at: null,
    });
    expect(await conversationFacts(t.db, 'contoso-support', conversation('abandoned'))).toMatchObject({ end_outcome: 'unsuccessful', fallback_count: 1, intent_count: 1 });
    // No timestamps at all: the message takes ConversationStartTime, the outcome its endTimeUtc.
    expect(await conversationFacts(t.db, 'contoso-support', conversation('unengaged'))).toMatchObject({
      started_at: new Date('2026-06-01T11:00:00Z'),
      ended_at: new Date('2026-06-01T11:30:00Z'),
      engaged: false,
    });
    const step = await t.db.query(`SELECT flow, step, final FROM events WHERE bot_id = 'contoso-support' AND type = 'step.reached'`);
    expect(step).toEqual([{ flow: 'CheckRefundStatus', step: 'triggered', final: null }]);
    const ended = await t.db.query<{ attrs: Record<string, unknown> }>(`SELECT attrs FROM events WHERE bot_id = 'contoso-support' AND type = 'conversation.ended' AND conversation_id = $1`, [conversation('resolved')]);
    expect(ended[0]?.attrs).toEqual({ sessionOutcome: 'Resolved', sessionType: 'Engaged', outcomeReason: 'Resolved', turnCount: 3, impliedSuccess: false });
    const inferred = await t.db.query<{ attrs: Record<string, unknown> }>(`SELECT attrs FROM events WHERE bot_id = 'contoso-support' AND conversation_id = $1 AND type = 'message.sent'`, [conversation('unengaged')]);
    expect(inferred[0]?.attrs).toEqual({ timestampSource: 'conversation start time' });
  });

  it('adds nothing when the same transcripts are imported again, as JSON or as the CSV export', async () => {
    const again = await importPlatformFile(t.db, 'copilot-studio', fixture('transcripts.json'));
    expect(again.counts).toMatchObject({ accepted: 0, duplicate: 24, rejected: 0, skipped: 6 });
    const csv = await importPlatformFile(t.db, 'copilot-studio', fixture('transcripts.csv'));
    expect(csv.rejected).toEqual([]);
    expect(csv.counts).toMatchObject({ accepted: 0, duplicate: 24, rejected: 0, skipped: 6 });
  });

  it('reads the CSV export (display-name columns) and a Web API answer ({"value": [rows]}) the same way', async () => {
    const csv = await importPlatformFile(t.db, 'copilot-studio', fixture('transcripts.csv'), { botId: 'contoso-csv' });
    expect(csv.counts).toMatchObject({ accepted: 24, rejected: 0, skipped: 6 });
    expect(await conversationTotals(t.db, 'contoso-csv')).toEqual({ conversations: 4, inbound: 4, outbound: 7, handedOff: 1 });
    const rows = fs.readFileSync(fixture('transcripts.json'), 'utf8');
    const odata = `{"@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#conversationtranscripts","value":${rows}}`;
    const web = await importPlatformFile(t.db, 'copilot-studio', { text: odata }, { botId: 'contoso-odata' });
    expect(web.counts).toMatchObject({ accepted: 24, rejected: 0, skipped: 6 });
    expect(chooseFormat(undefined, odata.slice(0, 8192), 'export.json').name).toBe('copilot-studio');
    expect(chooseFormat(undefined, fs.readFileSync(fixture('transcripts.csv'), 'utf8').slice(0, 8192), 'transcripts.csv').name).toBe('copilot-studio');
  });

  it('reports a row whose content is not JSON, and a truncated export, by record; keeps the rest', async () => {
    const rows = JSON.parse(fs.readFileSync(fixture('transcripts.json'), 'utf8')) as Record<string, unknown>[];
    const broken = rows.map((r, i) => (i === 1 ? { ...r, content: '{"activities": [' } : r));
    const one = await importPlatformFile(t.db, 'copilot-studio', { text: JSON.stringify(broken) }, { botId: 'contoso-broken' });
    expect(one.rejected).toEqual([expect.stringMatching(/^record 2: content is not valid JSON \(/)]);
    expect(await conversationTotals(t.db, 'contoso-broken')).toMatchObject({ conversations: 3, handedOff: 0 });

    const text = JSON.stringify(rows);
    const cut = text.indexOf('"conversationtranscriptid":"11111111-0000-0000-0000-000000000003"') + 20;
    const two = await importPlatformFile(t.db, 'copilot-studio', { text: text.slice(0, cut) }, { botId: 'contoso-cut' });
    expect(two.rejected).toEqual([`record 3: the file ends at byte ${cut} before this record is complete (truncated or corrupt?)`]);
    expect(await conversationTotals(t.db, 'contoso-cut')).toEqual({ conversations: 2, inbound: 3, outbound: 5, handedOff: 1 });
  });
});
