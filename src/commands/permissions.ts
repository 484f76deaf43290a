import type { Asker } from '../chat/destination.ts';
import type { Reply } from '../replies/reply.ts';
import type { Command } from './command.ts';

const changing: Record<'digest' | 'alert', readonly string[]> = {
  digest: ['add', 'remove', 'send', 'pause', 'resume'],
  alert: ['add', 'remove', 'mute', 'unmute', 'test'],
};

/** Commands that change what botwatch posts (digests, alerts) — admins only; reading is for everyone. */
export function changesSettings(command: Command): boolean {
  return (command.name === 'digest' || command.name === 'alert') && changing[command.name].includes(command.action);
}

const adminSetting = { slack: 'SLACK_ADMIN_USER_IDS', teams: 'TEAMS_ADMIN_AAD_IDS', console: '' } as const;

/** Why the asker may not run a settings-changing command. */
export function refusal(command: Extract<Command, { name: 'digest' | 'alert' }>, asker: Asker): Reply {
  const setting = adminSetting[asker.platform];
  return {
    kind: 'error',
    title: `Only botwatch admins can ${command.name} ${command.action}.`,
    figures: [],
    notes: [],
    text: `Anyone may read metrics; changing ${command.name}s is limited to the admins listed in ${setting || 'the deployment settings'}. Ask one of them${setting ? `, or have your id (${asker.userId}) added to ${setting}` : ''}.`,
  };
}
