// Azure Tables keeps at most 64 KiB (32K UTF-16 characters) in one property and 1 MiB in one row, so long
// JSON is spread over data, data1, data2… A promise telling a whole queue stays one row that way.
const CHUNK = 30_000;
const MAX_CHUNKS = 15;

export function textColumns(text: string): Record<string, string> {
  const columns: Record<string, string> = {};
  const count = Math.max(1, Math.ceil(text.length / CHUNK));
  if (count > MAX_CHUNKS) throw new Error(`${text.length} characters do not fit one table row`);
  for (let index = 0; index < count; index++)
    columns[index === 0 ? 'data' : `data${index}`] = text.slice(index * CHUNK, (index + 1) * CHUNK);
  return columns;
}

export function textOf(row: Record<string, unknown>): string {
  let text = '';
  for (let index = 0; typeof row[index === 0 ? 'data' : `data${index}`] === 'string'; index++)
    text += row[index === 0 ? 'data' : `data${index}`] as string;
  return text;
}
