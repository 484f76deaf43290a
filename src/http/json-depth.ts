/** How deep JSON input may nest before botwatch refuses it (deeper input is never plausible data). */
export const maxJsonDepth = 64;

/**
 * True when `value` nests arrays or objects more than `max` levels deep. Walks with an explicit
 * stack: `JSON.parse` accepts any depth, but recursive walkers (and `JSON.stringify`) overflow the
 * call stack at a few thousand levels, so depth is checked before anything else touches the value.
 */
export function nestedDeeperThan(value: unknown, max = maxJsonDepth): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(top.value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
    }
  }
  return false;
}
