import { describe, expect, it } from 'vitest';
import { issueApiKey, looksLikeApiKey } from '../../../worker/services/auth/api-key';
import { openSecret, sealSecret } from '../../../worker/services/secret-box';

/** What jose's base64url replaced must keep reading and writing the same text. */

describe('stored encodings', () => {
  it('opens a secret sealed before the helpers were shared (btoa-based base64url)', async () => {
    const sealedBefore = 'v1.AxQlNkdYaXqLnK2-.KC4A7BkFKR_xfY2z580qB53ymW9m51wXnBoCenAswSDb';
    expect(await openSecret('pinned-key-pinned-key-pinned-key-0', sealedBefore)).toBe(
      'AC-token ✓ 1234',
    );
    const sealed = await sealSecret('pinned-key-pinned-key-pinned-key-0', 'AC-token ✓ 1234');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(await openSecret('pinned-key-pinned-key-pinned-key-0', sealed)).toBe('AC-token ✓ 1234');
  });

  it('refuses a sealed secret that is not base64url rather than throwing', async () => {
    expect(await openSecret('k'.repeat(32), 'v1.@@@@.####')).toBeNull();
  });

  it('issues keys of 43 base64url characters with a lowercase hex SHA-256', async () => {
    for (let i = 0; i < 20; i++) {
      const issued = await issueApiKey();
      expect(looksLikeApiKey(issued.key)).toBe(true);
      expect(issued.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
