import type { ValuesOf } from '#core/config/parse';
import { auth } from './sections/auth';
import { general } from './sections/general';
import { jobs } from './sections/jobs';
import { rateLimits } from './sections/rate-limits';
import { sidecar } from './sections/sidecar';
import { storage } from './sections/storage';
import { streams } from './sections/streams';
import { supabase } from './sections/supabase';
import { textEngine } from './sections/text-engine';
import { twilio } from './sections/twilio';
import { webhooks } from './sections/webhooks';

/**
 * The Worker's configuration schema: every variable the Worker, its Durable Objects and its
 * queue consumers read, in sections, in the order the reference lists them. `general` lands at
 * the top of the config (`config.publicBaseUrl`); every other section under its own key
 * (`config.supabase`, `config.storage` …).
 */
export const SECTIONS = {
  general,
  auth,
  supabase,
  storage,
  sidecar,
  jobs,
  streams,
  rateLimits,
  textEngine,
  webhooks,
  twilio,
} as const;

export type SectionName = keyof typeof SECTIONS;

type OutputOf<S> = S extends { build: (values: never) => infer O } ? O : never;

/** The typed configuration the code reads: what the schema's sections build. */
export type AppConfig = OutputOf<typeof general> & {
  readonly [K in Exclude<SectionName, 'general'>]: OutputOf<(typeof SECTIONS)[K]>;
};

/** Every variable, by name (names are unique across sections: see the check below). */
export const VARIABLES = {
  ...general.variables,
  ...auth.variables,
  ...supabase.variables,
  ...storage.variables,
  ...sidecar.variables,
  ...jobs.variables,
  ...streams.variables,
  ...rateLimits.variables,
  ...textEngine.variables,
  ...webhooks.variables,
  ...twilio.variables,
};

export type VariableName = keyof typeof VARIABLES;
/** Every variable's parsed value. */
export type ConfigValues = ValuesOf<typeof VARIABLES>;

const counted = Object.values(SECTIONS).reduce((n, s) => n + Object.keys(s.variables).length, 0);
if (counted !== Object.keys(VARIABLES).length)
  throw new Error('a configuration variable is declared in two sections');

/** The typed config from values that passed every check. */
export function buildConfig(values: ConfigValues): AppConfig {
  return {
    ...general.build(values),
    auth: auth.build(values),
    supabase: supabase.build(values),
    storage: storage.build(values),
    sidecar: sidecar.build(values),
    jobs: jobs.build(values),
    streams: streams.build(values),
    rateLimits: rateLimits.build(values),
    textEngine: textEngine.build(values),
    webhooks: webhooks.build(values),
    twilio: twilio.build(values),
  };
}
