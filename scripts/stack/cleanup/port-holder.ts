import { commandLine, listenersOf } from './proc';

/**
 * Who listens on TCP `port`, for the message of a start that found it taken: ` by pid 1234
 * (…/postgrest)`. Often a part of an earlier run that was killed before it could stop it; the
 * user decides what to do with it (nothing here ever kills a process it did not start).
 * Empty where /proc cannot tell (not Linux, or another user's process).
 */
export function describePortHolders(port: number): string {
  const holders = listenersOf(port);
  if (holders.length === 0) return '';
  return ` by ${holders.map((pid) => `pid ${pid} (${commandLine(pid, 120)})`).join(', ')}`;
}
