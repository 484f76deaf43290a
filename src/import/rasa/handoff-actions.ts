/**
 * True when a Rasa action hands the conversation to a person: one of `configured` names (the
 * `--handoff-actions` list) or, by default, any action whose name contains "handoff" or "human"
 * (`action_handoff`, `utter_transfer_to_human`).
 */
export function isHandoffAction(name: string, configured: readonly string[] | undefined): boolean {
  if (configured !== undefined && configured.length > 0) return configured.includes(name);
  return /handoff|human/i.test(name);
}
