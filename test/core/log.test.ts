import { describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel, silentLogger } from '#core/log';
import { jsonLogger } from '../../sidecar/src/log';

describe('createLogger', () => {
  it('writes one redacted JSON line per event at the minimum level and above', () => {
    const lines: [LogLevel, Record<string, unknown>][] = [];
    const logger = createLogger({
      sink: (level, line) => lines.push([level, JSON.parse(line)]),
      minLevel: 'info',
      bound: { request_id: 'r1' },
    });
    logger.debug('hidden');
    logger.child({ stream_id: 's1' }).warn('late', { token: 'abc', ms: 5 });
    expect(lines).toEqual([
      [
        'warn',
        {
          t: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          level: 'warn',
          event: 'late',
          request_id: 'r1',
          stream_id: 's1',
          token: '[redacted]',
          ms: 5,
        },
      ],
    ]);
  });

  it('writes nothing through the silent logger', () => {
    const log = vi.spyOn(console, 'log');
    silentLogger.error('x');
    expect(log).not.toHaveBeenCalled();
  });
});

describe("the sidecar's logger", () => {
  it('is the same logger, every line on stderr', () => {
    const written: unknown[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(chunk);
      return true;
    });
    try {
      jsonLogger.info('engine_ready', { engine: 'pocketsphinx', secret: 's' });
    } finally {
      write.mockRestore();
    }
    const line = String(written[0]);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      event: 'engine_ready',
      engine: 'pocketsphinx',
      secret: '[redacted]',
    });
  });
});
