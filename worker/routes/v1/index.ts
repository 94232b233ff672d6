import { createRouter } from '../../openapi';
import { analyses } from './analyses';
import { apiKeys } from './api-keys';
import { me } from './me';
import { members } from './members';
import { organizations } from './organizations';

/**
 * `/api/v1`: organisations, members, API keys and analyses (AuthentiVoice's API). Every route
 * needs credentials (the app mounts `authenticate()` on `/api/v1/*`); each checks its role.
 */
export const v1 = createRouter()
  .route('/', me)
  .route('/', organizations)
  .route('/', members)
  .route('/', apiKeys)
  .route('/', analyses);
