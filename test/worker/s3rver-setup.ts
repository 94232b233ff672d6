import type { TestProject } from 'vitest/node';
import { S3RVER_CREDENTIALS, startS3rver } from '../fixtures/s3rver';
import './s3-provided';

/**
 * An S3 API (s3rver) for the workerd tests of the SigV4 storage path: uploads, analysis jobs
 * (the real sidecar fetches and stores audio through presigned URLs to it) and downloads.
 * `TEST_S3_PORT` moves it (default: `TEST_SIDECAR_PORT` + 4, 8822).
 */
const PORT = Number(process.env.TEST_S3_PORT ?? Number(process.env.TEST_SIDECAR_PORT ?? 8818) + 4);
const BUCKET = 'callshield-audio';

export default async function setup(project: TestProject) {
  const s3 = await startS3rver(PORT, BUCKET);
  project.provide('s3Vars', {
    R2_S3_ENDPOINT: s3.endpoint,
    R2_S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    R2_S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    R2_BUCKET_NAME: BUCKET,
  });
  return s3.stop;
}
