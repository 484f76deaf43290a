/** Reading Adaptive Cards in tests: the card of a posted activity, its texts, its elements by type. */

export function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (card === undefined) throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** Every element of `type` in the card, depth first. */
export function elementsOf(node: unknown, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (record.type === type) found.push(record);
    Object.values(record).forEach(visit);
  };
  visit(node);
  return found;
}

/** The text of every TextBlock, markdown escapes undone. */
export function textsOf(node: unknown): string[] {
  return elementsOf(node, 'TextBlock').map((t) => String(t.text).replace(/\\(.)/g, '$1'));
}
