import { z } from 'zod';
import { HTTPS_ONLY, httpUrl, int, secretString, variable } from '#core/config/variable';
import { section } from '../section';

/** R2's S3 API, for SigV4-presigned URLs. */
export interface R2S3Config {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

/** Audio in R2 (`AUDIO_BUCKET`), and the URLs others read and write it with. */
export const storage = section({
  title: 'Storage',
  about:
    'Audio lives in the `AUDIO_BUCKET` R2 binding. URLs handed to clients and to the sidecar are SigV4-presigned against R2’s S3 API when its credentials are set (all three or none), and otherwise signed by the Worker and served by its `/api/storage/object` route.',
  variables: {
    STORAGE_SIGNING_SECRET: variable({
      doc: 'HMAC key of the storage URLs the Worker signs itself. `npm start` and the tests make one per run.',
      schema: secretString(32),
      secret: true,
      required: 'always',
    }),
    R2_S3_ENDPOINT: variable({
      doc: "R2's S3 endpoint, `https://<account>.r2.cloudflarestorage.com`.",
      schema: httpUrl,
      production: HTTPS_ONLY,
    }),
    R2_S3_ACCESS_KEY_ID: variable({
      doc: 'An R2 API token’s access key id.',
      schema: z.string().min(1),
      secret: true,
    }),
    R2_S3_SECRET_ACCESS_KEY: variable({
      doc: 'Its secret access key.',
      schema: z.string().min(1),
      secret: true,
    }),
    REQUEST_BODY_LIMIT_MB: variable({
      doc: 'The largest request body Cloudflare lets through to this Worker, set by the account’s plan: 100 (Free, Pro), 200 (Business), 500 (Enterprise by default); larger ones get 413 from Cloudflare before the Worker runs. Upload URLs the Worker signs itself (no `R2_S3_*`) send the file through the Worker, so they are limited to this; with `R2_S3_*` the file goes straight to R2 and may be 500 MB on any plan.',
      schema: int(1, 500),
      default: '100',
    }),
    R2_BUCKET_NAME: variable({
      doc: 'The bucket presigned URLs name: the `bucket_name` of `AUDIO_BUCKET` in `wrangler.toml`.',
      schema: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'expected an R2 bucket name'),
      default: 'callshield-audio',
    }),
  },
  build: (v) => ({
    /** HMAC key of the URLs the Worker signs for its own storage route. */
    signingSecret: v.STORAGE_SIGNING_SECRET,
    /** Cloudflare's request-body limit on this account's plan, in bytes. */
    requestBodyLimitBytes: v.REQUEST_BODY_LIMIT_MB * 1024 * 1024,
    /** R2's S3 API; null: URLs are signed by the Worker itself. */
    r2S3:
      v.R2_S3_ENDPOINT && v.R2_S3_ACCESS_KEY_ID && v.R2_S3_SECRET_ACCESS_KEY
        ? ({
            endpoint: v.R2_S3_ENDPOINT,
            accessKeyId: v.R2_S3_ACCESS_KEY_ID,
            secretAccessKey: v.R2_S3_SECRET_ACCESS_KEY,
            bucket: v.R2_BUCKET_NAME,
          } satisfies R2S3Config)
        : null,
  }),
});
