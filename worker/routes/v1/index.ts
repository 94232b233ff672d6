import { createRouter } from '../../openapi';
import { alertLevels } from './alert-levels';
import { analyses } from './analyses';
import { analysesList } from './analyses-list';
import { analysisFigures } from './analysis-metrics';
import { apiKeys } from './api-keys';
import { audio } from './audio';
import { calls } from './calls';
import { campaignSettings } from './campaign-settings';
import { campaigns } from './campaigns';
import { deliveries } from './deliveries';
import { integrations } from './integrations';
import { invitations } from './invitations';
import { me } from './me';
import { members } from './members';
import { organizations } from './organizations';
import { reviews } from './reviews';
import { twilioIntegration } from './twilio-integration';

/**
 * `/api/v1`: organisations, members, API keys, uploads, analyses and reviews, and integrations
 * (outbound webhooks, their delivery log, the live-call alert levels) — AuthentiVoice's API —
 * and campaigns (calls of one script) with their settings.
 * Every route needs credentials (the app mounts `authenticate()` on `/api/v1/*`); each checks
 * its role. The fixed analyses paths (`metrics`, `export`) come before `{id}`.
 */
export const v1 = createRouter()
  .route('/', me)
  .route('/', organizations)
  .route('/', members)
  .route('/', invitations)
  .route('/', apiKeys)
  .route('/', audio)
  .route('/', analysisFigures)
  .route('/', analysesList)
  .route('/', analyses)
  // Before integrations: its `{id}` routes would otherwise take `twilio` for an id.
  .route('/', twilioIntegration)
  .route('/', reviews)
  .route('/', campaigns)
  .route('/', campaignSettings)
  .route('/', integrations)
  .route('/', calls)
  .route('/', deliveries)
  .route('/', alertLevels);
