import { asArray, asObject, asText } from '../platform/json-values.ts';
import type { Activity } from './activity-parts.ts';

/** A call to action the bot showed: its name (the CTA), what clicking it sends back, and its Action.Execute verb. */
export interface ShownAction {
  name: string;
  value: unknown;
  verb?: string;
}

const maxActions = 100;
const maxDepth = 24;

/**
 * The calls to action of a bot message (the contract's `ctas`): suggested actions, and the buttons
 * and actions of its cards (hero/thumbnail `buttons`, Adaptive Card `actions`, nested `ShowCard`
 * cards, and `selectAction` on containers, named by the first text or image label inside them).
 * An action without a title is named by its type.
 */
export function actionsShown(activity: Activity): ShownAction[] {
  const found: ShownAction[] = [];
  for (const action of asArray(asObject(activity.suggestedActions)?.actions) ?? []) addAction(found, action, undefined);
  for (const attachment of asArray(activity.attachments) ?? []) walk(found, asObject(attachment)?.content, 0);
  return found;
}

function walk(found: ShownAction[], node: unknown, depth: number): void {
  if (depth > maxDepth || found.length >= maxActions) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(found, item, depth + 1);
    return;
  }
  const o = asObject(node);
  if (o === undefined) return;
  for (const [key, child] of Object.entries(o)) {
    if (key === 'selectAction') addAction(found, child, firstLabel(o, 0));
    else if ((key === 'actions' || key === 'buttons') && Array.isArray(child)) {
      for (const action of child) {
        addAction(found, action, undefined);
        walk(found, asObject(action)?.card, depth + 1); // Action.ShowCard
      }
    } else if (typeof child === 'object' && child !== null) walk(found, child, depth + 1);
  }
}

function addAction(found: ShownAction[], action: unknown, label: string | undefined): void {
  const a = asObject(action);
  if (a === undefined || found.length >= maxActions) return;
  const value = a.data ?? a.value ?? a.text;
  const verb = asText(a.verb);
  const name = asText(a.title) ?? label ?? (typeof value === 'string' ? asText(value) : undefined) ?? verb ?? asText(a.type) ?? 'action';
  found.push({ name: tidy(name), value, ...(verb === undefined ? {} : { verb }) });
}

/** The first text a person would read inside a clickable container (TextBlock, TextRun, Image alt text). */
function firstLabel(node: unknown, depth: number): string | undefined {
  if (depth > maxDepth) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const label = firstLabel(item, depth + 1);
      if (label !== undefined) return label;
    }
    return undefined;
  }
  const o = asObject(node);
  if (o === undefined) return undefined;
  if (o.type === 'TextBlock' || o.type === 'TextRun') return asText(o.text);
  if (o.type === 'Image') return asText(o.altText);
  for (const [key, child] of Object.entries(o)) {
    if (key === 'selectAction' || typeof child !== 'object' || child === null) continue;
    const label = firstLabel(child, depth + 1);
    if (label !== undefined) return label;
  }
  return undefined;
}

/** A CTA name as the contract takes it: one line, at most 256 characters. */
const tidy = (name: string) => name.replace(/\s+/g, ' ').trim().slice(0, 256) || 'action';
