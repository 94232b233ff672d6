import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../../../worker/webhooks/url-policy';

const strict = (url: string) => checkWebhookUrl(url, { allowLocal: false });
const local = (url: string) => checkWebhookUrl(url, { allowLocal: true });

describe('the webhook URL policy (production)', () => {
  it.each([
    'https://hooks.example.com/callshield',
    'https://hooks.example.com:8443/a?b=c',
    'https://93.184.216.34/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://172.32.0.1/just-outside-172.16/12',
    'https://[2002:5db8:d822::1]/6to4-of-a-public-address',
  ])('accepts %s', (url) => {
    expect(strict(url)).toMatchObject({ ok: true });
  });

  it.each([
    ['http://hooks.example.com/', /https/],
    ['ftp://hooks.example.com/', /https/],
    ['https://user:pass@hooks.example.com/', /credentials/],
    ['https://localhost/', /local/],
    ['https://api.localhost/', /local/],
    ['https://printer.local/', /local/],
    ['https://metadata.google.internal/', /local/],
    ['https://intranet/', /fully qualified/],
    ['https://127.0.0.1/', /loopback/],
    ['https://127.8.9.10/', /loopback/],
    ['https://2130706433/', /loopback/], // 127.0.0.1 as one number
    ['https://0x7f.1/', /loopback/],
    ['https://0.0.0.0/', /loopback/],
    ['https://10.1.2.3/', /private/],
    ['https://172.16.0.1/', /private/],
    ['https://172.31.255.255/', /private/],
    ['https://192.168.1.1/', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://100.64.0.1/', /reserved/],
    ['https://224.0.0.1/', /reserved/],
    ['https://255.255.255.255/', /reserved/],
    ['https://[::1]/', /loopback/],
    ['https://[::]/', /loopback/],
    ['https://[fe80::1]/', /link-local/],
    ['https://[fd00::1]/', /private/],
    ['https://[::ffff:127.0.0.1]/', /loopback/],
    ['https://[::ffff:10.0.0.1]/', /private/],
    ['https://[64:ff9b::192.168.0.1]/', /private/],
    ['https://[::ffff:0:10.0.0.1]/', /private/], // IPv4-translated
    ['https://[::10.0.0.1]/', /private/], // IPv4-compatible
    ['https://[::ffff:93.184.216.34]/', /reserved/], // mapped: not a public IPv6 address
    ['https://[64:ff9b:1::a00:1]/', /private/], // local-use NAT64
    ['https://[64:ff9b::93.184.216.34]/', /reserved/], // NAT64 of a public address
    ['https://[2002:a00:1::1]/', /private/], // 6to4
    ['https://[2002:7f00:1::]/', /loopback/],
    ['https://[2001:0:a00:1::1]/', /private/], // Teredo server
    ['https://[2001:0:4136:e378:8000:0:3f57:fefe]/', /private/], // Teredo client
    ['https://[2001:2::1]/', /reserved/], // benchmarking
    ['https://[3fff::1]/', /reserved/], // documentation (RFC 9637)
    ['https://[2606:4700::5efe:a00:1]/', /private/], // ISATAP
    ['https://[2606:4700::200:5efe:7f00:1]/', /loopback/],
    ['not a url', /not a URL/],
    [`https://example.com/${'a'.repeat(2048)}`, /longer/],
  ])('refuses %s', (url, reason) => {
    const verdict = strict(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});

describe('the webhook URL policy with WEBHOOK_ALLOW_LOCAL_URLS', () => {
  it('lets local development use loopback over http', () => {
    expect(local('http://127.0.0.1:9890/hooks/a')).toMatchObject({ ok: true });
    expect(local('http://localhost:3000/')).toMatchObject({ ok: true });
  });

  it('still refuses credentials and other schemes', () => {
    expect(local('http://u:p@127.0.0.1/').ok).toBe(false);
    expect(local('file:///etc/passwd').ok).toBe(false);
  });
});
