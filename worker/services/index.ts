import { createLogger, type Logger } from '#core/log';
import { type AppConfig, loadConfig } from '../config';
import { type Database, databaseFor } from '../db/client';
import { type TextEngine, textEngineFor } from '../engines';
import { type AnalysisSink, analysisSinkFor } from './analysis-sink';
import { Authenticator } from './auth/authenticator';
import { type ObjectStore, objectStoreFor } from './object-store';
import { type Presigner, presignerFor } from './presign';
import { type RateLimiterNamespace, type RateLimits, rateLimitsFor } from './rate-limit';
import type { SidecarClient } from './sidecar-client';
import { sidecarClientFor } from './sidecar-for';

/**
 * Everything the Worker's routes, the Durable Objects and the queue consumers use to do their
 * work, built from the validated configuration in one place. Code takes what it needs from
 * here instead of reading the environment itself.
 */
export interface Services {
  config: AppConfig;
  logger: Logger;
  /**
   * Audio objects: the R2 binding, the store uploads and jobs use (R2's S3 API when its
   * credentials are set, so presigned uploads are found where they went), and URLs others can
   * read or write them with.
   */
  storage: { bucket: R2Bucket; objects: ObjectStore; presigner: Presigner };
  sidecar: SidecarClient;
  textEngine: TextEngine;
  /** Supabase, through supabase-js; null when `SUPABASE_URL` is not set. */
  db: Database | null;
  /** Credentials → identity → caller, with this isolate's key and membership caches. */
  auth: Authenticator;
  /** Finished analyses → the persist-analysis queue → `call_analyses`. */
  analyses: AnalysisSink;
  /** Requests per caller and route group (`RATE_LIMIT_*`), counted in `RateLimiter` objects. */
  rateLimits: RateLimits;
  /** The analysis-jobs queue (uploaded calls analysed in the background), when bound. */
  jobQueue: Queue | undefined;
  /** The webhooks queue (events to fan out, deliveries to attempt); null without the binding. */
  webhookQueue: Queue | null;
  /** The clock of the caches (tests pass their own). */
  now: () => number;
}

/** The bindings the services are made of (the rest of the env is configuration). */
export type ServiceBindings = Pick<Env, 'AUDIO_BUCKET' | 'MEDIA_SIDECAR'> &
  Partial<Pick<Env, 'ANALYSIS_QUEUE' | 'JOB_QUEUE' | 'RATE_LIMITER' | 'WEBHOOK_QUEUE'>>;

/** What tests may replace. */
export interface ServiceOptions {
  now?: () => number;
}

const cache = new WeakMap<object, Services>();

/**
 * Builds the services for an env object. Throws when the configuration is invalid, naming
 * the variable. Most code wants `servicesFor`, which builds them once per env object.
 */
export function createServices(env: ServiceBindings, options: ServiceOptions = {}): Services {
  const config = loadConfig(env);
  const now = options.now ?? Date.now;
  const logger = createLogger({ minLevel: config.logLevel });
  const db = config.supabase ? databaseFor(config.supabase) : null;
  return {
    config,
    logger,
    storage: {
      bucket: env.AUDIO_BUCKET,
      objects: objectStoreFor(env.AUDIO_BUCKET, config.storage.r2S3),
      presigner: presignerFor(config),
    },
    sidecar: sidecarClientFor(config.sidecar, env.MEDIA_SIDECAR),
    textEngine: textEngineFor(config.textEngine, config.thresholds),
    db,
    auth: new Authenticator({ config, db, now, logger }),
    analyses: analysisSinkFor({ queue: env.ANALYSIS_QUEUE, db, bucket: env.AUDIO_BUCKET, logger }),
    rateLimits: rateLimitsFor({
      config,
      namespace: env.RATE_LIMITER as RateLimiterNamespace | undefined,
      now,
      logger,
    }),
    jobQueue: env.JOB_QUEUE,
    webhookQueue: env.WEBHOOK_QUEUE ?? null,
    now,
  };
}

/**
 * The services for an env object, built once per object (a Worker isolate, a Durable Object
 * instance), so caches live as long as the isolate.
 */
export function servicesFor(env: ServiceBindings): Services {
  const cached = cache.get(env);
  if (cached) return cached;
  const services = createServices(env);
  cache.set(env, services);
  return services;
}
