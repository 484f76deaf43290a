/**
 * Block Kit's rules as Slack enforces them on chat.postMessage / chat.update, reported the way
 * Slack reports them in `invalid_blocks` errors ("… [json-pointer:/blocks/3/text]"), so the
 * stand-in refuses what Slack would refuse.
 */
export function checkBlocks(blocks: readonly Record<string, unknown>[], fileUsable: (id: string) => boolean): string[] {
  const problems: string[] = [];
  const at = (path: string) => ` [json-pointer:/blocks${path}]`;
  if (blocks.length > 50) problems.push(`no more than 50 items allowed${at('')}`);
  blocks.forEach((block, i) => {
    const p = `/${i}`;
    switch (block.type) {
      case 'header':
        checkText(block.text, 150, `${p}/text`, problems, 'plain_text');
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`must provide either text or fields${at(p)}`);
        if (block.text !== undefined) checkText(block.text, 3000, `${p}/text`, problems);
        if (block.fields !== undefined) {
          const fields = block.fields as unknown[];
          if (fields.length > 10) problems.push(`no more than 10 items allowed${at(`${p}/fields`)}`);
          fields.forEach((f, j) => checkText(f, 2000, `${p}/fields/${j}`, problems));
        }
        break;
      }
      case 'context': {
        const elements = (block.elements as unknown[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > 10) problems.push(`must have between 1 and 10 elements${at(`${p}/elements`)}`);
        elements.forEach((e, j) => checkText(e, 3000, `${p}/elements/${j}`, problems));
        break;
      }
      case 'actions': {
        const elements = (block.elements as Record<string, unknown>[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > 25) problems.push(`must have between 1 and 25 elements${at(`${p}/elements`)}`);
        elements.forEach((e, j) => {
          checkText(e.text, 75, `${p}/elements/${j}/text`, problems, 'plain_text');
          if (typeof e.value === 'string' && e.value.length > 2000) problems.push(`must be less than 2001 characters${at(`${p}/elements/${j}/value`)}`);
          if (typeof e.action_id !== 'string' || e.action_id.length > 255) problems.push(`invalid action_id${at(`${p}/elements/${j}/action_id`)}`);
        });
        break;
      }
      case 'image': {
        const file = block.slack_file as { id?: unknown } | undefined;
        if ((file === undefined) === (block.image_url === undefined)) problems.push(`must provide exactly one of image_url or slack_file${at(p)}`);
        if (file !== undefined && (typeof file.id !== 'string' || !fileUsable(file.id))) problems.push(`invalid slack file${at(`${p}/slack_file`)}`);
        if (typeof block.alt_text !== 'string' || block.alt_text === '' || block.alt_text.length > 2000) problems.push(`invalid alt_text${at(`${p}/alt_text`)}`);
        if (block.title !== undefined) checkText(block.title, 2000, `${p}/title`, problems, 'plain_text');
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`unsupported type: ${String(block.type)}${at(`${p}/type`)}`);
    }
  });
  return problems;
}

function checkText(value: unknown, max: number, path: string, problems: string[], only?: 'plain_text'): void {
  const text = value as { type?: unknown; text?: unknown } | undefined;
  const where = ` [json-pointer:/blocks${path}]`;
  if (!text || (text.type !== 'plain_text' && text.type !== 'mrkdwn') || (only && text.type !== only)) {
    problems.push(`must be a ${only ?? 'text'} object${where}`);
    return;
  }
  if (typeof text.text !== 'string' || text.text.length === 0) problems.push(`must be more than 0 characters${where}`);
  else if (text.text.length > max) problems.push(`must be less than ${max + 1} characters${where}`);
}
