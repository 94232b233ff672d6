import { z } from 'zod';
import { secretString, variable } from '#core/config/variable';
import { section } from '../section';

/**
 * The organisation of callers without credentials while auth is off and no `OPEN_ORG_ID` is
 * set. It is not a database organisation (those are UUIDs), so nothing can claim it: no API key
 * belongs to it, no `x-orgid` names it, and its analyses are not stored.
 */
export const OPEN_ORG = 'public';

/** Who may call: users and API keys, or (local development only) anyone. */
export const auth = section({
  title: 'Authentication',
  about: 'Who may call the API, and the key of the one-time WebSocket tickets.',
  variables: {
    AUTH_MODE: variable({
      doc: '`on`: every analysis, stream and `/api/v1` route needs a user JWT or an organisation API key (needs the Supabase section). `off` (`npm start`): requests without credentials act as the open caller; credentials that are sent are still checked.',
      schema: z.enum(['on', 'off']),
      default: 'on',
      production: { rule: 'must be on', check: (mode: 'on' | 'off') => mode === 'on' },
    }),
    OPEN_ORG_ID: variable({
      doc: 'While auth is off, the organisation (UUID) the open caller acts for, as an analyst; its analyses are stored there. Unset: the reserved `public`, whose analyses are not stored. `npm start` sets the dev organisation.',
      schema: z.uuid('expected an organisation id (a UUID)'),
    }),
    TICKET_SECRET: variable({
      doc: 'HS256 key of the one-time WebSocket tickets and the Twilio stream tokens. `npm start` and the tests make one per run.',
      schema: secretString(32),
      secret: true,
      required: 'always',
    }),
  },
  build: (v) => ({
    /**
     * `on`: every analysis, stream and /api/v1 route needs a user JWT or an API key. `off`
     * (local dev only): requests without credentials act as `openOrg`.
     */
    mode: v.AUTH_MODE,
    /** Whom a caller without credentials acts for while auth is off. */
    openOrg: v.OPEN_ORG_ID ?? OPEN_ORG,
    /** HS256 key of the one-time WebSocket tickets. */
    ticketSecret: v.TICKET_SECRET,
  }),
});
