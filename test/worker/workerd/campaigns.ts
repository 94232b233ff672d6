import { expect } from 'vitest';
import { bands, fingerprint, fingerprintToBase64 } from '#core/campaigns/fingerprint';
import { recordCampaignCall } from '../../../worker/db/campaigns';
import { as, type TestApp, type TestOrg } from './harness';

/**
 * Records `calls` calls of `script` as one campaign of `org` through the service-role record
 * function, then has the organisation's reviewer label it through the API. Returns its id.
 */
export async function labelledCampaign(
  app: TestApp,
  org: TestOrg,
  script: string,
  label: 'scam' | 'legitimate',
  calls: number,
): Promise<string> {
  const fp = fingerprint(script);
  const call = {
    org: org.id,
    verdict: 'SAFE' as const,
    at: new Date().toISOString(),
    fingerprint: fingerprintToBase64(fp),
    bands: bands(fp),
  };
  const id = await recordCampaignCall(app.services.db!.service, call);
  for (let i = 1; i < calls; i++)
    await recordCampaignCall(app.services.db!.service, { ...call, campaign: id });
  const res = await app.fetch(
    `/api/v1/campaigns/${id}/label`,
    as(org.members.reviewer.jwt, { method: 'PUT', body: { label } }),
  );
  expect(res.status).toBe(200);
  return id;
}
