// Secrets and optional settings that are not in wrangler.toml's [vars] (set with
// `wrangler secret put NAME`, or `.dev.vars` / `--var` locally). `wrangler types` cannot see
// them, so they are declared here, all optional: worker/config-schema.ts validates them and
// decides what is required.
interface Env {
  LOG_LEVEL?: string;
  PUBLIC_BASE_URL?: string;
  AUTH_MODE?: string;
  OPEN_ORG_ID?: string;
  TICKET_SECRET?: string;
  STORAGE_SIGNING_SECRET?: string;
  SIDECAR_URL?: string;
  SIDECAR_SECRET?: string;
  R2_S3_ENDPOINT?: string;
  R2_S3_ACCESS_KEY_ID?: string;
  R2_S3_SECRET_ACCESS_KEY?: string;
  R2_BUCKET_NAME?: string;
  GEMINI_API_KEY?: string;
  GEMINI_MODEL?: string;
  GEMINI_BASE_URL?: string;
  GEMINI_TIMEOUT_MS?: string;
  CASCADE_BAND?: string;
  CASCADE_ON_FINAL?: string;
  SUPABASE_URL?: string;
  SUPABASE_ANON_KEY?: string;
  SUPABASE_SERVICE_ROLE_KEY?: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS_URL?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  INTEGRATION_SECRETS_KEY?: string;
  TWILIO_API_BASE_URL?: string;
  TWILIO_REDIRECT_START_CALLS?: string;
}
