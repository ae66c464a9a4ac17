/** The form fields a card sent back that were text, length-capped: shown again beside what to fix. */
export function typedValues(value: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const raw = value[field];
    if (typeof raw === 'string') values[field] = raw.slice(0, 1000);
  }
  return values;
}
