import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What Linux's /proc says about processes and listening sockets. Where there is no /proc
 * (macOS), `HAS_PROC` is false and callers fall back to `process.kill(pid, 0)`, which cannot
 * tell a zombie from a running process.
 */
export const HAS_PROC = existsSync('/proc/self/stat');

/** The fields of /proc/<pid>/stat the stack's cleanup reads. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** Its process group. */
  pgrp: number;
  /** `Z` for a zombie: it has ended and only waits for its parent to reap it. */
  state: string;
  /** Clock ticks after boot at which it started: with the pid, it names one process. */
  startTime: string;
}

/** Every pid in /proc now (none without /proc). */
export function listPids(): number[] {
  if (!HAS_PROC) return [];
  return readdirSync('/proc').flatMap((name) => (/^\d+$/.test(name) ? [Number(name)] : []));
}

/** /proc/<pid>/stat; undefined once the process is gone (or without /proc). */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in parentheses may hold spaces and parentheses: fields follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '',
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    startTime: fields[19] ?? '',
  };
}

/** Its command line, shortened for messages (`?` when it cannot be read). */
export function commandLine(pid: number, limit = 160): string {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return text.length > limit ? `${text.slice(0, limit)}…` : text || '?';
  } catch {
    return '?';
  }
}

/** Inodes of the sockets listening on TCP `port` (IPv4 and IPv6), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …; 0A = LISTEN
      const columns = line.trim().split(/\s+/);
      if (columns[1]?.endsWith(`:${hexPort}`) && columns[3] === '0A' && columns[9])
        inodes.add(columns[9]);
    }
  }
  return inodes;
}

/** Pids holding a socket that listens on TCP `port` (those whose fds this user may read). */
export function listenersOf(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  return listPids().filter((pid) => {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return false;
    }
    return fds.some((fd) => {
      try {
        return targets.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  });
}
