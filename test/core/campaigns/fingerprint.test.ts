import { describe, expect, it } from 'vitest';
import { CampaignIndex, MATCH_THRESHOLD } from '#core/campaigns/campaign-index';
import {
  bands,
  FINGERPRINT_BYTES,
  FingerprintBuilder,
  type FingerprintBuilderState,
  FingerprintFormatError,
  fingerprint,
  fingerprintFromBase64,
  fingerprintFromBytes,
  fingerprintToBase64,
  fingerprintToBytes,
  similarity,
} from '#core/campaigns/fingerprint';
import { withWordErrors } from '../../../scripts/campaigns/cluster-eval';

const WARRANTY =
  "Hi, this is Susie calling with the Vehicle Service Department. We are calling about your vehicle's " +
  "manufacturer's warranty. We sent you several notices in the mail and you have yet to call us back. " +
  'We are giving you a final courtesy call before we close out your file. Press 1 now to speak to a ' +
  'warranty specialist about reinstating your coverage, or press 2 to be removed from our list.';

const SSN =
  'This call is to inform you that we just suspended your social security number because we found ' +
  'some suspicious activity. If you want to know about this case, just press 1. Ignoring this call ' +
  'will be an intentional attempt to avoid appearing before a grand jury for a federal criminal ' +
  'offence. Press 1 to speak with an officer of the legal department.';

describe('fingerprint', () => {
  it('is the same whether a live call feeds its words chunk by chunk or all at once', () => {
    const words = `${WARRANTY} ${SSN}`.split(' ');
    for (const size of [1, 5, 12, 40]) {
      const builder = new FingerprintBuilder();
      for (let at = 0; at < words.length; at += size) {
        builder.feed(words.slice(at, at + size).join(' '));
      }
      const live = builder.fingerprint();
      expect(live).toEqual(fingerprint(words.join(' ')));
      expect(similarity(live, fingerprint(words.join(' ')))).toBe(1);
    }
  });

  it('carries on from a stored state as if the builder had never stopped', () => {
    // Split inside a run of numbers and mid-script: both the tail and the last word matter.
    const first = 'Press one eight';
    const rest = `three three now. ${WARRANTY}`;
    const stored = JSON.parse(
      JSON.stringify(new FingerprintBuilder().feed(first).state()),
    ) as FingerprintBuilderState;
    expect(JSON.stringify(stored).length).toBeLessThan(800);
    const resumed = FingerprintBuilder.fromState(stored).feed(rest).fingerprint();
    expect(resumed).toEqual(fingerprint(`${first} ${rest}`));
    expect(() => FingerprintBuilder.fromState({ ...stored, fingerprint: 'AAAA' })).toThrow(
      FingerprintFormatError,
    );
  });

  it('gives the same bytes on every run (stored fingerprints keep matching)', () => {
    expect(fingerprintToBase64(fingerprint(WARRANTY))).toBe(
      fingerprintToBase64(fingerprint(WARRANTY)),
    );
    expect(bands(fingerprint(WARRANTY))).toEqual(bands(fingerprint(WARRANTY)));
  });

  it('ignores case, punctuation, fillers and how numbers are written', () => {
    const spoken = WARRANTY.toLowerCase()
      .replace(/[.,']/g, '')
      .replace('press 1', 'um press one')
      .replace('press 2', 'press two');
    expect(similarity(fingerprint(spoken), fingerprint(WARRANTY))).toBe(1);
  });

  it('still matches the script with 15% of its words misrecognised', () => {
    for (const seed of [1, 2, 3]) {
      const heard = fingerprint(withWordErrors(WARRANTY, 0.15, seed));
      expect(similarity(heard, fingerprint(WARRANTY))).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      const index = new CampaignIndex();
      index.add('warranty', fingerprint(WARRANTY));
      index.add('ssn', fingerprint(SSN));
      expect(index.query(heard)?.campaign).toBe('warranty');
    }
  });

  it('does not match a different script', () => {
    expect(similarity(fingerprint(SSN), fingerprint(WARRANTY))).toBeLessThan(MATCH_THRESHOLD);
    const index = new CampaignIndex();
    index.add('warranty', fingerprint(WARRANTY));
    const result = index.assign(fingerprint(SSN), () => 'new');
    expect(result).toMatchObject({ campaign: 'new', created: true });
  });

  it('matches nothing when the transcript is empty', () => {
    expect(similarity(fingerprint(''), fingerprint(''))).toBe(0);
    expect(bands(fingerprint('uh, um'))).toEqual([]);
  });

  it('serialises to under 1 KB and back', () => {
    const fp = fingerprint(WARRANTY);
    const bytes = fingerprintToBytes(fp);
    expect(bytes.length).toBe(FINGERPRINT_BYTES);
    expect(FINGERPRINT_BYTES).toBeLessThanOrEqual(1024);
    expect(fingerprintFromBytes(bytes)).toEqual(fp);
    const text = fingerprintToBase64(fp);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(fingerprintFromBase64(text)).toEqual(fp);
    expect(() => fingerprintFromBytes(bytes.subarray(1))).toThrow(FingerprintFormatError);
  });
});

describe('CampaignIndex', () => {
  it('puts a second hearing of a script in the first one’s campaign', () => {
    const index = new CampaignIndex();
    let n = 0;
    const first = index.assign(fingerprint(WARRANTY), () => `c${n++}`);
    const other = index.assign(fingerprint(SSN), () => `c${n++}`);
    const again = index.assign(fingerprint(withWordErrors(WARRANTY, 0.15, 7)), () => `c${n++}`);
    expect(first.created && other.created).toBe(true);
    expect(again).toMatchObject({ campaign: first.campaign, created: false });
    expect(index.size).toBe(2);
  });
});
