/**
 * "Media pool capacity": how many live windows per second one sidecar instance serves with the
 * real engine (pocketsphinx), and the CPU each window costs, measured on one sidecar process
 * with the image's two slots. Windows are built as a CallSession sends them: a 5 s chunk after
 * up to `STREAM_CONTEXT_MS` (10 s) of the call before it, `context_ms` marking the split.
 *
 * CPU per window is read from /proc for the sidecar's whole process group (Node, and the
 * ffmpeg and pocketsphinx children it has reaped), so it does not depend on what else the
 * machine runs; windows per second at saturation does (the machine's free cores), and is
 * printed beside it. docs/deploy.md turns CPU per window into instances for N calls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cutWav, loadBenchAudio } from './audio';
import { type BenchSection, postProcess, startSidecar } from './sidecar';
import { ms, percentile } from './stats';

/** A call's chunk; the context the session sends (STREAM_CONTEXT_MS) and the sidecar's
 * BUSY_CONTEXT_MS, to which it sheds context under a backlog. */
const CHUNK_S = 5;
const CONTEXTS_S = [10, 2] as const;
/** Slots per instance: the image's MAX_CONCURRENCY. */
const SLOTS = 2;

/** User + system CPU seconds of every process in group `pgid`, reaped children included. */
function groupCpuSeconds(pgid: number): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    // utime, stime, cutime, cstime: fields 14–17 of the whole line, 12–15 here.
    total += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  }
  return total / ticks;
}

interface Measured {
  contextS: number;
  windows: number;
  concurrency: number;
  wallS: number;
  cpuPerWindow: number;
  latencies: number[];
}

/**
 * Sends `windows` live windows with `contextS` of context through a fresh sidecar,
 * `concurrency` at a time; wall time, CPU and per-window latency.
 */
async function measure(
  audio: ReturnType<typeof loadBenchAudio>,
  contextS: number,
  windows: number,
  concurrency: number,
): Promise<Measured> {
  const sidecar = await startSidecar({
    ASR_ENGINES: 'pocketsphinx',
    MAX_CONCURRENCY: String(SLOTS),
    MAX_QUEUE: '200',
    // Keep the context asked for, backlog or not: each row measures one window shape.
    BUSY_CONTEXT_MS: String(contextS * 1000),
  });
  const pgid = sidecar.proc.child.pid!;
  const durationS = audio.pcm.length / 16_000;
  const windowAt = (i: number) => {
    const start = contextS + ((i * CHUNK_S) % Math.max(CHUNK_S, durationS - contextS - CHUNK_S));
    return cutWav(audio, start - contextS, contextS + CHUNK_S);
  };
  const query = `?transcribe=true&trim=false&context_ms=${contextS * 1000}`;
  try {
    await postProcess(sidecar, windowAt(0), query); // warm-up
    const latencies: number[] = [];
    const cpuBefore = groupCpuSeconds(pgid);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < windows) {
          const i = next++;
          const t = performance.now();
          await postProcess(sidecar, windowAt(i + 1), query);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const cpuPerWindow = (groupCpuSeconds(pgid) - cpuBefore) / windows;
    return { contextS, windows, concurrency, wallS, cpuPerWindow, latencies };
  } finally {
    await sidecar.proc.stop();
  }
}

/** The capacity section: one row per window shape (full context, context shed). */
export async function benchCapacity(
  windows = 24,
  concurrency = 2 * SLOTS,
): Promise<BenchSection[]> {
  const audio = loadBenchAudio();
  const rows: Record<string, string>[] = [];
  try {
    for (const contextS of CONTEXTS_S) {
      const m = await measure(audio, contextS, windows, concurrency);
      rows.push({
        window: `${CHUNK_S} s + ${contextS} s context`,
        windows: String(m.windows),
        in_flight: String(m.concurrency),
        wall_s: m.wallS.toFixed(1),
        windows_per_s: (m.windows / m.wallS).toFixed(2),
        cpu_s_per_window: m.cpuPerWindow.toFixed(3),
        windows_per_s_per_vcpu: (1 / m.cpuPerWindow).toFixed(2),
        calls_per_vcpu_at_100pct: (CHUNK_S / m.cpuPerWindow).toFixed(1),
        latency_p50: ms(percentile(m.latencies, 50)),
      });
    }
  } finally {
    audio.cleanup();
  }
  return [
    {
      title: `Media pool capacity: live windows on one sidecar (pocketsphinx, ${SLOTS} slots)`,
      rows,
      notes: [
        `audio: ${audio.label}`,
        'windows_per_s: this machine at saturation (what its cores had free); cpu_s_per_window: the sidecar process group (Node, ffmpeg, pocketsphinx), independent of other load',
        `a live call sends one window per ${CHUNK_S} s, so calls per vCPU at 100% = ${CHUNK_S} / cpu_s_per_window; docs/deploy.md has the table`,
      ],
    },
  ];
}
