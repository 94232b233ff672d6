/**
 * Refuses to start a misconfigured Worker. worker/index.ts imports this module before anything
 * else, so the check runs once per isolate, in the module's top-level scope, with the env that
 * `cloudflare:workers` exposes there (secrets included), before any request, queue batch, cron
 * or Durable Object is served.
 *
 * Throwing here is the loudest failure Workers offer: Cloudflare runs a Worker's top-level
 * scope when a version is uploaded and refuses the upload when it throws (API error 10021,
 * which `wrangler deploy` prints with this message), so a production version that would come
 * up open, or without a secret, is never deployed; `wrangler dev` and the test pool fail to
 * start with the same message. The message names each variable and never a value.
 */
import { env } from 'cloudflare:workers';
import { describeProblems } from '#core/config/parse';
import { createLogger } from '#core/log';
import { ConfigError, checkConfig } from './index';

const { environment, problems } = checkConfig(env);
if (problems.length > 0) {
  createLogger().error('config_invalid', { environment, problems: describeProblems(problems) });
  throw new ConfigError(problems);
}
