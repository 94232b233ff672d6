import { type AppConfig, loadConfig } from '../config';
import { type TextEngine, textEngineFor } from '../engines';
import { createLogger, type Logger } from './logger';
import { type Presigner, presignerFor } from './presign';
import { type SidecarClient, sidecarClientFor } from './sidecar-client';

/**
 * Everything the Worker's routes, the Durable Objects and the queue consumers use to do their
 * work, built from the validated configuration in one place. Code takes what it needs from
 * here instead of reading the environment itself.
 */
export interface Services {
  config: AppConfig;
  logger: Logger;
  /** Audio objects: the R2 binding, and URLs others can read or write them with. */
  storage: { bucket: R2Bucket; presigner: Presigner };
  sidecar: SidecarClient;
  textEngine: TextEngine;
}

/** The bindings the services are made of (the rest of the env is configuration). */
export type ServiceBindings = Pick<Env, 'AUDIO_BUCKET' | 'MEDIA_SIDECAR'>;

const cache = new WeakMap<object, Services>();

/**
 * The services for an env object, built once per object (a Worker isolate, a Durable Object
 * instance). Throws when the configuration is invalid, naming the variable.
 */
export function servicesFor(env: ServiceBindings): Services {
  const cached = cache.get(env);
  if (cached) return cached;
  const config = loadConfig(env as unknown as Record<string, unknown>);
  const services: Services = {
    config,
    logger: createLogger({ minLevel: config.logLevel }),
    storage: { bucket: env.AUDIO_BUCKET, presigner: presignerFor(config) },
    sidecar: sidecarClientFor(config.sidecar, env.MEDIA_SIDECAR),
    textEngine: textEngineFor(config.textEngine, config.thresholds),
  };
  cache.set(env, services);
  return services;
}
