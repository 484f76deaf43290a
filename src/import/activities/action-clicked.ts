import { asObject, asText } from '../platform/json-values.ts';
import type { Activity } from './activity-parts.ts';
import type { ShownAction } from './actions-shown.ts';

/**
 * The CTA a user message clicked, or undefined when it is typed text. A click is a message the
 * channel marks as `postBack`/`messageBack` (Web Chat's `channelData`), or one carrying a `value`
 * and no text (a card submit), or one whose text is exactly the value or title of an action the
 * bot just showed (an `imBack` button or suggested action). It is named after the shown action it
 * matches (a submit matches the action whose `data` it contains), else by its text.
 */
export function actionClicked(activity: Activity, shown: readonly ShownAction[]): string | undefined {
  const channelData = asObject(activity.channelData);
  const text = asText(activity.text)?.trim();
  const value = activity.value;
  const marked = channelData?.postBack === true || channelData?.messageBack === true || (value !== undefined && value !== null && text === undefined);

  const submitted = asObject(value);
  if (submitted !== undefined) {
    const match = shown.find((a) => isSubset(asObject(a.value), submitted));
    if (match !== undefined) return match.name;
  }
  const sent = text ?? (typeof value === 'string' ? asText(value)?.trim() : undefined);
  if (sent !== undefined) {
    const match = shown.find((a) => (typeof a.value === 'string' && a.value.trim() === sent) || a.name === sent);
    if (match !== undefined) return match.name;
  }
  if (!marked) return undefined;
  return (sent ?? 'card submit').slice(0, 256);
}

/**
 * The CTA an `adaptiveCard/action` invoke clicked (Teams' Universal Actions: `Action.Execute`
 * arrives as an invoke, not a message): the shown action with its verb or data, else its title or verb.
 */
export function actionInvoked(activity: Activity, shown: readonly ShownAction[]): string {
  const action = asObject(asObject(activity.value)?.action);
  const verb = asText(action?.verb);
  const data = asObject(action?.data);
  const match = shown.find((a) => verb !== undefined && a.verb === verb) ?? (data === undefined ? undefined : shown.find((a) => isSubset(asObject(a.value), data)));
  return (match?.name ?? asText(action?.title) ?? verb ?? 'card action').slice(0, 256);
}

/** True when every field of `part` has the same primitive value in `whole` (a submit adds its inputs to the action's data). */
function isSubset(part: Record<string, unknown> | undefined, whole: Record<string, unknown>): boolean {
  if (part === undefined) return false;
  const entries = Object.entries(part);
  return entries.length > 0 && entries.every(([k, v]) => (typeof v === 'object' && v !== null ? JSON.stringify(v) === JSON.stringify(whole[k]) : whole[k] === v));
}
