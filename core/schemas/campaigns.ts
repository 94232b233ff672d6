import { z } from 'zod';
import { VerdictSchema } from './report';

/**
 * Wire shapes of campaigns: calls of the same script, grouped per organisation by their
 * fingerprint (issue #25). The fingerprint itself is opaque here: a base64 string of at most
 * 1 KB, and the LSH band keys that find candidate campaigns.
 */

/** The labels a reviewer gives a whole campaign (the `campaign_label` enum). */
export const CAMPAIGN_LABELS = ['scam', 'legitimate'] as const;
export const CampaignLabelSchema = z.enum(CAMPAIGN_LABELS).meta({ id: 'CampaignLabel' });

/** At most 1 KB of base64: what a call stores of its script (the table checks the same). */
export const MAX_FINGERPRINT_CHARS = 1024;
export const FingerprintSchema = z
  .string()
  .min(4)
  .max(MAX_FINGERPRINT_CHARS)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a fingerprint is base64');

/** Calls per verdict. */
export const VerdictMixSchema = z
  .object({
    SAFE: z.number().int(),
    SUSPICIOUS: z.number().int(),
    LIKELY_SCAM: z.number().int(),
    SCAM: z.number().int(),
  })
  .meta({ id: 'VerdictMix', description: 'Calls per verdict.' });

/** A campaign as lists show it. */
export const CampaignSummarySchema = z
  .object({
    id: z.uuid(),
    first_seen: z.string(),
    last_seen: z.string(),
    calls_total: z.number().int().nonnegative(),
    calls_24h: z.number().int().nonnegative().meta({
      description:
        'Calls in the 24 whole UTC hours before the hour the list was asked for: the sort key.',
    }),
    verdicts: VerdictMixSchema,
    label: CampaignLabelSchema.nullable(),
    labeled_by: z.uuid().nullable(),
    labeled_at: z.string().nullable(),
  })
  .meta({ id: 'CampaignSummary' });
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

export const CampaignPageSchema = z
  .object({
    items: z.array(CampaignSummarySchema),
    next_cursor: z.string().nullable().meta({ description: 'null on the last page.' }),
  })
  .meta({ id: 'CampaignPage' });

/** One example call of a campaign. */
export const CampaignExampleSchema = z
  .object({
    id: z.uuid(),
    verdict: VerdictSchema.nullable(),
    combined_score: z.number().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'CampaignExample' });

/** Calls in one period (an hour or a UTC day) starting at `start`. */
export const CallCountSchema = z
  .object({ start: z.string(), calls: z.number().int().nonnegative() })
  .meta({ id: 'CallCount' });

/**
 * What the index shared across organisations knows of a campaign's script: counts only, summed
 * over the organisations that opted in. Never an organisation, transcript, number or example.
 */
export const SharedCampaignSchema = z
  .object({
    calls_total: z.number().int().nonnegative(),
    verdicts: VerdictMixSchema,
    first_seen: z.string(),
    last_seen: z.string(),
    similarity: z.number().min(0).max(1).meta({
      description: "Estimated similarity of the shared entry's script to this campaign's.",
    }),
  })
  .meta({
    id: 'SharedCampaign',
    description:
      'The shared index entry of this script (docs/campaigns.md, "The shared index"): calls and their verdicts over every organisation that opted in, this one included.',
  });
export type SharedCampaign = z.infer<typeof SharedCampaignSchema>;

/** A campaign in full: its counts, its recent volume, its label and examples. */
export const CampaignSchema = CampaignSummarySchema.extend({
  calls_per_hour: z.array(CallCountSchema).length(24).meta({
    description: 'The last 24 UTC hours, oldest first; the last one is the current hour.',
  }),
  calls_per_day: z.array(CallCountSchema).length(7).meta({
    description: 'The last 7 UTC days, oldest first; the last one is today.',
  }),
  examples: z.array(CampaignExampleSchema).meta({
    description: 'A few of its calls (the first ones recorded), with their verdicts.',
  }),
  shared: SharedCampaignSchema.nullable().meta({
    description:
      'For an organisation that joined the shared index: its entry for this script; null when the organisation did not join, when no entry matches, or when the index could not be read.',
  }),
}).meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof CampaignSchema>;

export const SetCampaignLabelSchema = z
  .object({
    label: CampaignLabelSchema.nullable().meta({ description: 'null clears the label.' }),
  })
  .strict()
  .meta({ id: 'SetCampaignLabel', example: { label: 'scam' } });

/** An organisation's campaign settings. */
export const CampaignSettingsSchema = z
  .object({
    shared_index: z.boolean().meta({
      description:
        'Whether the organisation’s campaign fingerprints and counts, and the counts of its callers’ numbers (as keyed hashes), join the indexes shared across organisations: never transcripts, audio, phone numbers or its id. Off by default.',
    }),
    detection_calls_per_day: z.number().int().min(1).max(1_000_000).nullable().meta({
      description:
        'The calls in one day at which a campaign raises `campaign.detected`; null: never.',
    }),
  })
  .strict()
  .meta({ id: 'CampaignSettings', example: { shared_index: false, detection_calls_per_day: 50 } });
export type CampaignSettings = z.infer<typeof CampaignSettingsSchema>;
