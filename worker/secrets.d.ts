// Secrets and optional settings that are not in wrangler.toml's [vars] (set with
// `wrangler secret put NAME`, or `.dev.vars` / `--var` locally). `wrangler types` cannot see
// them, so they are declared here, all optional: config validation decides what is required.
interface Env {
  SIDECAR_URL?: string;
  SIDECAR_SECRET?: string;
  GEMINI_API_KEY?: string;
  STORAGE_SIGNING_SECRET?: string;
  API_KEYS?: string;
  TICKET_SECRET?: string;
  R2_S3_ENDPOINT?: string;
  R2_S3_ACCESS_KEY_ID?: string;
  R2_S3_SECRET_ACCESS_KEY?: string;
  R2_BUCKET_NAME?: string;
}
