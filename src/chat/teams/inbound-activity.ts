import { z } from 'zod';

/**
 * What botwatch reads from an activity Teams (or the Bot Framework Emulator) posts to
 * `/api/messages`, checked at the edge. Every other field is kept as it came: botbuilder reads
 * the activity too.
 */
const account = z.looseObject({
  id: z.string().min(1, { message: 'expected an id' }),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

const namedId = z.looseObject({ id: z.string(), name: z.string().optional() });

export const inboundActivitySchema = z.looseObject({
  type: z.string({ message: 'expected the activity type' }).min(1, { message: 'expected the activity type' }),
  id: z.string().optional(),
  channelId: z.string({ message: 'expected the channel id (msteams)' }).min(1, { message: 'expected the channel id (msteams)' }),
  serviceUrl: z.url({ message: 'expected the absolute URL of the Bot Connector service' }),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string({ message: 'expected the conversation id' }).min(1, { message: 'expected the conversation id' }),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    name: z.string().optional(),
  }),
  text: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  locale: z.string().optional(),
  action: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), mentioned: z.looseObject({ id: z.string() }).optional() })).optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  channelData: z
    .looseObject({
      eventType: z.string().optional(),
      tenant: z.looseObject({ id: z.string() }).optional(),
      team: namedId.optional(),
      channel: namedId.optional(),
    })
    .optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** The activity, or one line saying which field is wrong (`conversation.id: expected …`). */
export function parseInboundActivity(body: unknown): { activity: InboundActivity } | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problem: 'expected one activity (a JSON object)' };
  const parsed = inboundActivitySchema.safeParse(body);
  if (parsed.success) return { activity: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'activity';
  return { problem: `${where}: ${issue?.message ?? 'invalid'}` };
}
