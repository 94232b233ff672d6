import { beforeAll, describe, expect, it } from 'vitest';
import { LEGIT_CALLS, phoneCall } from '../../scripts/bench/asr-legit';
import { inventedTerms, SCAM_TERMS, termsIn } from '../../scripts/bench/asr-terms';
import type { Sidecar } from '../../sidecar/src/app';
import { okJson, post, testSidecar } from './harness';

let sidecar: Sidecar;

beforeAll(async () => {
  // The default configuration: pocketsphinx with the domain language model.
  sidecar = await testSidecar();
});

describe('legitimate calls through a phone line (espeak-ng voices, 8 kHz µ-law)', () => {
  it('uses the domain language model', () => {
    expect(sidecar.selector.status()[0]?.model).toContain('domain LM');
  });

  it.each(LEGIT_CALLS.map((c) => [c.id, c.voice, c] as const))(
    '%s (%s) gains no scam term its script does not say',
    async (_id, _voice, call) => {
      const { mulaw } = phoneCall(call);
      const body = await okJson(await post(sidecar, mulaw, '?format=mulaw&sample_rate=8000'));
      expect(body.engine.name).toBe('pocketsphinx');
      // It heard something: an empty transcript would pass the check below vacuously.
      expect(body.words.length).toBeGreaterThan(5);
      expect(inventedTerms(call.script, body.text)).toEqual([]);
    },
    60_000,
  );

  it('would catch an invented term (the check is not vacuous)', () => {
    const all = Object.values(SCAM_TERMS).flat();
    const bank = LEGIT_CALLS.find((c) => c.id === 'bank-fraud-alert')!;
    expect(termsIn(bank.script, all)).toEqual(['pin', 'password*']);
    expect(inventedTerms(bank.script, 'never ask for your pin buy gift cards press one')).toEqual([
      'gift card*',
      'press #',
    ]);
  });
});
