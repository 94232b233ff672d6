import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DEV = resolve(import.meta.dirname, '../../../shared/eval/dev.jsonl');

/**
 * Real call text to benchmark with: the shared dev transcripts joined until `chars` long, so
 * the scorer sees realistic wording. Falls back to a fixed synthetic call when ../shared is absent.
 */
export function benchTranscript(chars: number): string {
  let pool: string[];
  if (existsSync(DEV)) {
    pool = readFileSync(DEV, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 400)
      .map((line) => (JSON.parse(line) as { transcript: string }).transcript);
  } else {
    console.warn('bench: ../shared/eval/dev.jsonl not found; using a synthetic transcript');
    pool = [
      'Hello, this is a courtesy call from the security department about a suspicious charge on your account.',
      'Please press one to speak with an agent, or call us back at the number provided to avoid suspension.',
    ];
  }
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${pool[i % pool.length]} `;
  return text.slice(0, chars);
}
