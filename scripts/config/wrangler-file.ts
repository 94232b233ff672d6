import { resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';

/** The repository's wrangler.toml. */
export const WRANGLER_TOML = resolve(import.meta.dirname, '../../wrangler.toml');

/** What the configuration tools need from a wrangler config file. */
export interface WranglerFile {
  /** The Worker's name (whose secrets `wrangler secret list` lists). */
  name: string;
  /** Its top-level `[vars]`, as strings (the Worker sees typed values; the schema reads strings). */
  vars: Record<string, string>;
  /** The media sidecar's `[[containers]]` entry (`MediaSidecar`), when there is one. */
  sidecarContainer: { maxInstances: number | null; instanceType: unknown } | null;
  /** The analysis-jobs queue's consumer (`callshield-jobs`), when there is one. */
  jobsConsumer: { maxBatchSize: number | null; maxConcurrency: number | null } | null;
}

/**
 * Reads a wrangler config file with wrangler's own reader (the one `wrangler deploy` uses), at
 * its top level: the production profile (there are no named environments).
 */
export function readWranglerFile(path = WRANGLER_TOML): WranglerFile {
  const config = unstable_readConfig({ config: path });
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.vars ?? {}))
    vars[name] = typeof value === 'string' ? value : JSON.stringify(value);
  if (!config.name) throw new Error(`${path} has no Worker name`);
  type Container = { class_name?: string; max_instances?: number; instance_type?: unknown };
  type Consumer = { queue: string; max_batch_size?: number; max_concurrency?: number | null };
  const containers = (config.containers ?? []) as Container[];
  const consumers = (config.queues?.consumers ?? []) as Consumer[];
  const container = containers.find((c) => c.class_name === 'MediaSidecar');
  const consumer = consumers.find((c) => c.queue === 'callshield-jobs');
  return {
    name: config.name,
    vars,
    sidecarContainer: container
      ? { maxInstances: container.max_instances ?? null, instanceType: container.instance_type }
      : null,
    jobsConsumer: consumer
      ? {
          maxBatchSize: consumer.max_batch_size ?? null,
          maxConcurrency: consumer.max_concurrency ?? null,
        }
      : null,
  };
}
