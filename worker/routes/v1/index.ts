import { createRouter } from '../../openapi';
import { alertLevels } from './alert-levels';
import { analyses } from './analyses';
import { apiKeys } from './api-keys';
import { deliveries } from './deliveries';
import { integrations } from './integrations';
import { me } from './me';
import { members } from './members';
import { organizations } from './organizations';

/**
 * `/api/v1`: organisations, members, API keys, analyses and integrations (outbound webhooks,
 * their delivery log, the live-call alert levels) — AuthentiVoice's API. Every route
 * needs credentials (the app mounts `authenticate()` on `/api/v1/*`); each checks its role.
 */
export const v1 = createRouter()
  .route('/', me)
  .route('/', organizations)
  .route('/', members)
  .route('/', apiKeys)
  .route('/', analyses)
  .route('/', integrations)
  .route('/', deliveries)
  .route('/', alertLevels);
