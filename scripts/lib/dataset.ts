/**
 * Reading labelled transcript files (`{"id","source","label","transcript"}` per line).
 */
import { readdir, readFile } from 'node:fs/promises';

/** One labelled call. */
export interface LabelledRow {
  id: string;
  source: string;
  label: 'scam' | 'safe';
  transcript: string;
}

/** A problem with the input, with the line it was found on, for a clear CLI message. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Parses JSONL text; throws {@link DatasetError} naming the first bad line. */
export function parseRows(text: string, file = '<input>'): LabelledRow[] {
  const rows: LabelledRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DatasetError(`${where}: not valid JSON`);
    }
    rows.push(toRow(value, where));
  }
  if (rows.length === 0) throw new DatasetError(`${file}: no rows`);
  return rows;
}

function toRow(value: unknown, where: string): LabelledRow {
  if (typeof value !== 'object' || value === null)
    throw new DatasetError(`${where}: not an object`);
  const v = value as Record<string, unknown>;
  for (const key of ['id', 'source', 'transcript'] as const) {
    if (typeof v[key] !== 'string') throw new DatasetError(`${where}: "${key}" must be a string`);
  }
  if (v.label !== 'scam' && v.label !== 'safe') {
    throw new DatasetError(`${where}: "label" must be "scam" or "safe"`);
  }
  return {
    id: v.id as string,
    source: v.source as string,
    label: v.label,
    transcript: v.transcript as string,
  };
}

/** Reads and parses a JSONL file; a missing file becomes a {@link DatasetError}. */
export async function readRows(file: string): Promise<LabelledRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new DatasetError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read`);
  }
  return parseRows(text, file);
}

/**
 * The training rows: `file`, plus any `extra` files (such as an organisation's reviewed calls
 * from `GET /api/v1/analyses/export`). An id in two files is refused, so a call exported twice
 * can't count double.
 */
export async function readTrainingRows(file: string, extra: readonly string[] = []) {
  const rows: LabelledRow[] = [];
  const seen = new Map<string, string>();
  for (const name of [file, ...extra]) {
    for (const row of await readRows(name)) {
      const first = seen.get(row.id);
      if (first) throw new DatasetError(`${name}: id "${row.id}" is already in ${first}`);
      seen.set(row.id, name);
      rows.push(row);
    }
  }
  return rows;
}

/** The first `n` whitespace-separated words of a transcript. */
export function firstWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(0, n).join(' ');
}

/** The source name of the hand-written training calls. */
export const WRITTEN_SOURCE = 'written';

/** Where the hand-written training calls live (see scripts/data/README.md). */
export const WRITTEN_DIR = 'scripts/data';

/** The hand-written training call files, sorted (they train the character n-gram model). */
export async function writtenCallFiles(dir = WRITTEN_DIR): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => /^written-calls-[a-z0-9-]+\.jsonl$/.test(n))
    .sort()
    .map((n) => `${dir}/${n}`);
}
