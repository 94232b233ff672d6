/**
 * What the workspace reads of each `/api/v1` answer, as zod checks. The server's schemas for
 * these live in worker/db and worker/routes, which import the database client and cannot run
 * in a browser, so each check names only the fields this page uses. The `…Check` types below
 * tie the checks to the server's own types (worker/db, type-only): the type check fails if
 * the server starts sending something a check would refuse.
 */
import { z } from 'zod';
import { VerdictSchema } from '#core/schemas/report';
import type { ReviewRecord } from '../../db/analysis-reviews';
import type { AnalysisRecord, AnalysisSummary } from '../../db/call-analyses';
import type { ROLES } from '../../db/organization-members';
import type { Organization } from '../../db/organizations';

/** Compiles only while every `Server` value passes the `View` check. */
type Accepts<View, Server extends View> = Server;

const OrganizationView = z.object({ id: z.string(), name: z.string(), role: z.string() });
export type OrganizationCheck = Accepts<z.infer<typeof OrganizationView>, Organization>;

/**
 * Members' roles in ascending order of privilege: the server's `ROLES` (worker/db cannot be
 * bundled for a browser), kept identical, order included, by the check below.
 */
const ROLE_ORDER = ['viewer', 'analyst', 'reviewer', 'admin', 'owner'] as const;
export type RoleOrderCheck = [
  Accepts<typeof ROLE_ORDER, typeof ROLES>,
  Accepts<typeof ROLES, typeof ROLE_ORDER>,
];

/**
 * Whether a member's `role` is `min` or above. Only for what the page offers: the server
 * decides what a member may do, and its refusal is shown as it comes.
 */
export function roleAtLeast(role: string, min: (typeof ROLE_ORDER)[number]): boolean {
  return (ROLE_ORDER as readonly string[]).indexOf(role) >= ROLE_ORDER.indexOf(min);
}

/** `GET /api/v1/me` (`Me` in worker/routes/v1/me.ts). */
export const MeView = z.object({
  user: z.object({ email: z.string().nullable() }).nullable(),
  organizations: z.array(OrganizationView),
});

/** A row of the list (`AnalysisSummary`). */
export const SummaryView = z.object({
  id: z.string(),
  source: z.string(),
  file_name: z.string().nullable(),
  status: z.string(),
  stage: z.string(),
  progress: z.number(),
  verdict: VerdictSchema.nullable(),
  combined_score: z.number().nullable(),
  review_required: z.boolean(),
  review_status: z.string(),
  review_outcome: z.string().nullable(),
  created_at: z.string(),
});
export type SummaryView = z.infer<typeof SummaryView>;
export type SummaryCheck = Accepts<SummaryView, AnalysisSummary>;

/** `GET /api/v1/analyses` (`AnalysisPage` in worker/routes/v1/analyses-list.ts). */
export const PageView = z.object({
  items: z.array(SummaryView),
  next_cursor: z.string().nullable(),
});

/** One analysis (`StoredAnalysis`): a job on its way, a finished report, or a failure. */
export const AnalysisView = SummaryView.extend({
  error: z.string().nullable(),
  review_reason: z.string().nullable(),
  assigned_to: z.string().nullable(),
  transcript: z.string().nullable(),
  segments: z
    .array(
      z.object({
        start: z.number(),
        end: z.number(),
        text: z.string(),
        confidence: z.number().nullable(),
      }),
    )
    .nullable(),
  /** The report as the client received it; its shape depends on the source (detail.ts). */
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type AnalysisView = z.infer<typeof AnalysisView>;
export type AnalysisCheck = Accepts<AnalysisView, AnalysisRecord>;

const DownloadUrlView = z.object({ url: z.string() });

/** `GET /api/v1/analyses/{id}/audio` (`DownloadUrl`s in worker/routes/v1/analyses.ts). */
export const AudioView = z.object({
  original: DownloadUrlView.nullable(),
  trimmed: DownloadUrlView.nullable(),
});

const ReviewView = z.object({
  action: z.string(),
  outcome: z.string().nullable(),
  notes: z.string().nullable(),
  created_at: z.string(),
});
export type ReviewCheck = Accepts<z.infer<typeof ReviewView>, ReviewRecord>;

/** `GET /api/v1/analyses/{id}/reviews` (`ReviewRecords`). */
export const ReviewsView = z.object({ reviews: z.array(ReviewView) });

/** An upload's answer (`UploadedFile` in worker/routes/v1/audio.ts). */
export const UploadedView = z.object({ file_id: z.string(), file_name: z.string() });

/** `POST /api/v1/audio/upload-url` (`UploadUrl` in worker/routes/v1/audio.ts). */
export const UploadUrlView = z.object({
  file_id: z.string(),
  file_name: z.string(),
  upload_url: z.string(),
  method: z.string(),
  headers: z.record(z.string(), z.string()),
});
