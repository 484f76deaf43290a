/** The rule defaults (docs/alerts.md): window 1 h, at least 30 conversations, 5 min pending, re-notify every 4 h. */
export const ruleDefaults = { windowSeconds: 3600, minConversations: 30, forSeconds: 300, renotifySeconds: 4 * 3600 } as const;
