/**
 * Numbered query parameters built up while a statement is written: `p(value)` appends the value and
 * returns its placeholder (`$1`, `$2`, …), so the SQL and its values cannot drift apart.
 */
export function sqlParameters(initial: readonly unknown[] = []): { params: unknown[]; p: (value: unknown) => string } {
  const params: unknown[] = [...initial];
  return {
    params,
    p: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}
