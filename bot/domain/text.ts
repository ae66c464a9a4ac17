/** Trims and removes control characters (keeping line breaks) from text a resident or councillor typed. */
export function cleanText(value: unknown): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '').trim();
}

export function cleanLine(value: unknown): string {
  return cleanText(value).replace(/\s+/g, ' ');
}
