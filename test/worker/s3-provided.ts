/** What the workerd tests get through `inject('s3Vars')` (test/worker/s3rver-setup.ts). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The Worker variables that point its storage at s3rver (R2_S3_*, R2_BUCKET_NAME). */
    s3Vars: Record<string, string>;
  }
}

export {};
