import { describe, expect, it } from 'vitest';
import { createApp } from '../../../worker/app';
import { call } from './client';

/**
 * The OpenAPI document as client generators and the reference pages (/docs, /redoc) read it:
 * every operation named, tagged and summarised, every schema reachable.
 */

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation>>;
  tags?: { name: string; description?: string }[];
  components: { schemas: Record<string, unknown> };
}

/**
 * Every operation's id, as generated clients name their methods. Renaming one breaks those
 * clients, so a change here is a deliberate one; a new route adds its line.
 */
const OPERATION_IDS: Record<string, string> = {
  'GET /': 'getRoot',
  'GET /api/health': 'getHealth',
  'POST /analyze/text': 'analyzeText',
  'POST /api/analyze/transcript': 'analyzeTranscript',
  'POST /analyze/audio': 'analyzeAudio',
  'POST /api/analyze/audio': 'analyzeAudioFile',
  'PUT /api/storage/object': 'uploadSignedObject',
  'GET /api/storage/object': 'downloadSignedObject',
  'GET /ws/stream': 'streamAudio',
  'POST /api/streams/ticket': 'createStreamTicket',
  'GET /api/streams/{id}': 'getStream',
  'POST /twilio/voice': 'twilioVoiceWebhook',
  'GET /twilio/media/{org}/{callSid}': 'twilioMediaStream',
  'GET /api/v1/me': 'getMe',
  'POST /api/v1/organizations': 'createOrganization',
  'GET /api/v1/organizations': 'listOrganizations',
  'GET /api/v1/members': 'listMembers',
  'POST /api/v1/members': 'inviteMember',
  'PATCH /api/v1/members/{user_id}': 'updateMemberRole',
  'DELETE /api/v1/members/{user_id}': 'removeMember',
  'POST /api/v1/invitations': 'createInvitation',
  'GET /api/v1/invitations': 'listInvitations',
  'DELETE /api/v1/invitations/{id}': 'revokeInvitation',
  'GET /api/v1/me/invitations': 'listMyInvitations',
  'POST /api/v1/invitations/{id}/accept': 'acceptInvitation',
  'POST /api/v1/invitations/{id}/decline': 'declineInvitation',
  'POST /api/v1/api-keys': 'createApiKey',
  'GET /api/v1/api-keys': 'listApiKeys',
  'DELETE /api/v1/api-keys/{id}': 'revokeApiKey',
  'POST /api/v1/audio/upload': 'uploadAudio',
  'POST /api/v1/audio/upload-url': 'createUploadUrl',
  'POST /api/v1/audio/{file_id}/complete': 'completeUpload',
  'GET /api/v1/audio/{file_id}/download-url': 'getDownloadUrl',
  'GET /api/v1/analyses/metrics': 'getAnalysisMetrics',
  'GET /api/v1/analyses/export': 'exportReviewedAnalyses',
  'GET /api/v1/analyses': 'listAnalyses',
  'POST /api/v1/analyses': 'createAnalysis',
  'GET /api/v1/review-queue': 'listReviewQueue',
  'GET /api/v1/analyses/{id}': 'getAnalysis',
  'DELETE /api/v1/analyses/{id}': 'deleteAnalysis',
  'PATCH /api/v1/analyses/{id}': 'updateAnalysis',
  'GET /api/v1/analyses/{id}/audio': 'getAnalysisAudio',
  'POST /api/v1/analyses/{id}/claim': 'claimAnalysis',
  'POST /api/v1/analyses/{id}/assign': 'assignAnalysis',
  'POST /api/v1/analyses/{id}/reviews': 'submitReview',
  'GET /api/v1/analyses/{id}/reviews': 'listAnalysisReviews',
  'GET /api/v1/campaigns': 'listCampaigns',
  'GET /api/v1/campaigns/{id}': 'getCampaign',
  'PUT /api/v1/campaigns/{id}/label': 'labelCampaign',
  'GET /api/v1/campaign-settings': 'getCampaignSettings',
  'PUT /api/v1/campaign-settings': 'setCampaignSettings',
  'PUT /api/v1/integrations/twilio': 'connectTwilio',
  'GET /api/v1/integrations/twilio': 'getTwilioIntegration',
  'DELETE /api/v1/integrations/twilio': 'disconnectTwilio',
  'POST /api/v1/integrations': 'createIntegration',
  'GET /api/v1/integrations': 'listIntegrations',
  'GET /api/v1/integrations/{id}': 'getIntegration',
  'PATCH /api/v1/integrations/{id}': 'updateIntegration',
  'DELETE /api/v1/integrations/{id}': 'deleteIntegration',
  'POST /api/v1/integrations/{id}/rotate-secret': 'rotateIntegrationSecret',
  'POST /api/v1/integrations/{id}/test': 'sendTestEvent',
  'GET /api/v1/integrations/{id}/deliveries': 'listDeliveries',
  'GET /api/v1/integrations/{id}/deliveries/{delivery_id}': 'getDelivery',
  'POST /api/v1/integrations/{id}/deliveries/{delivery_id}/redeliver': 'redeliver',
  'GET /api/v1/calls/{callSid}': 'getCall',
  'GET /api/v1/alert-levels': 'getAlertLevels',
  'PUT /api/v1/alert-levels': 'setAlertLevels',
  'DELETE /api/v1/alert-levels': 'resetAlertLevels',
  'WEBHOOK analysis.completed': 'onAnalysisCompleted',
  'WEBHOOK analysis.review_required': 'onAnalysisReviewRequired',
  'WEBHOOK review.submitted': 'onReviewSubmitted',
  'WEBHOOK call.alert': 'onCallAlert',
  'WEBHOOK call.ended': 'onCallEnded',
  'WEBHOOK campaign.detected': 'onCampaignDetected',
};

/** Routes that serve the reference itself: not API operations, so not in the document. */
const REFERENCE_ROUTES = ['GET /docs', 'GET /redoc', 'GET /openapi.json'];

async function document(): Promise<Document> {
  const res = await call('/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as Document;
}

/** Every operation, keyed `METHOD /path` (paths) or `WEBHOOK name` (webhooks). */
function operations(doc: Document): [string, Operation][] {
  const fromPaths = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
  const fromWebhooks = Object.entries(doc.webhooks ?? {}).flatMap(([name, item]) =>
    Object.values(item).map((op): [string, Operation] => [`WEBHOOK ${name}`, op]),
  );
  return [...fromPaths, ...fromWebhooks];
}

/** Every `$ref` anywhere in `value`. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  return found;
}

describe('the OpenAPI document', () => {
  it('names every operation with a unique, camelCase, stable operationId', async () => {
    const ops = operations(await document());
    const missing = ops.filter(([, op]) => !op.operationId).map(([key]) => key);
    expect(missing, 'operations without an operationId').toEqual([]);
    const ids = ops.map(([, op]) => op.operationId as string);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated, 'operationIds used twice').toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(Object.fromEntries(ops.map(([key, op]) => [key, op.operationId]))).toEqual(
      OPERATION_IDS,
    );
  });

  it('documents every route the app answers, besides the reference itself', async () => {
    const doc = await document();
    const documented = new Set(operations(doc).map(([key]) => key.replace(/\{([^}]+)\}/g, ':$1')));
    const answered = createApp()
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`);
    const undocumented = [...new Set(answered)].filter((key) => !documented.has(key));
    expect(undocumented.sort()).toEqual([...REFERENCE_ROUTES].sort());
  });

  it('gives every operation a summary and a declared, described tag', async () => {
    const doc = await document();
    const declared = (doc.tags ?? []).map((tag) => tag.name);
    for (const tag of doc.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
    const used = new Set<string>();
    for (const [key, op] of operations(doc)) {
      expect(op.summary, key).toBeTruthy();
      expect(op.tags?.length, key).toBe(1);
      for (const tag of op.tags ?? []) {
        expect(declared, key).toContain(tag);
        used.add(tag);
      }
    }
    // A declared tag no operation uses would show as an empty section.
    expect(declared.filter((tag) => !used.has(tag))).toEqual([]);
  });

  it('resolves every $ref to a schema it defines', async () => {
    const doc = await document();
    const dangling = [...new Set(refs(doc))].filter((ref) => {
      const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
      return !match?.[1] || !(match[1] in doc.components.schemas);
    });
    expect(dangling).toEqual([]);
    expect(refs(doc).length).toBeGreaterThan(0);
  });
});
