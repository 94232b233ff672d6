/**
 * A strict WAV reader for stream chunks. Pure: no runtime-specific imports.
 *
 * The CallSession Durable Object has no ffmpeg, yet it must reject frames that are not audio
 * and measure loudness from the real samples (CallShield read a fixed 44-byte offset, which
 * mis-measures any WAV with extra chunks). This walks the RIFF chunks properly.
 */
import { alawDecodeSample, mulawDecodeSample } from './g711';
import { PCM16_FULL_SCALE, ratioToDbfs } from './pcm';

/** The WAV format tags we can measure. */
const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

/** What a parsed WAV says about itself, and its samples mixed to mono in [-1, 1]. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  formatTag: number;
  /** Duration of the data chunk in milliseconds. */
  durationMs: number;
  /** RMS level of all channels in dBFS. */
  rmsDbfs: number;
}

/** Why a frame is not a usable WAV. */
export class WavError extends Error {
  override name = 'WavError';
}

function ascii(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

/** Reads one sample (as a ratio of full scale) at `offset` for the given format. */
function sampleAt(view: DataView, offset: number, tag: number, bits: number): number {
  if (tag === FORMAT_FLOAT)
    return bits === 64 ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
  if (tag === FORMAT_MULAW) return mulawDecodeSample(view.getUint8(offset)) / PCM16_FULL_SCALE;
  if (tag === FORMAT_ALAW) return alawDecodeSample(view.getUint8(offset)) / PCM16_FULL_SCALE;
  switch (bits) {
    case 8:
      return (view.getUint8(offset) - 128) / 128;
    case 16:
      return view.getInt16(offset, true) / 32768;
    case 24: {
      const v =
        view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16);
      return v / 8_388_608;
    }
    default:
      return view.getInt32(offset, true) / 2_147_483_648;
  }
}

type Fmt = { tag: number; channels: number; rate: number; bits: number; align: number };

/** Where a validated WAV's samples are, and how they are encoded. */
interface WavLayout {
  view: DataView;
  fmt: Fmt;
  start: number;
  frames: number;
  /** The data chunk holds fewer bytes than its header declares (a cut-off file). */
  truncated: boolean;
}

/** What a WAV header says, read without touching the samples. */
export interface WavHeader {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Duration of the samples present, in milliseconds. */
  durationMs: number;
  /**
   * The file ends before the data its header declares. A streamed WAV that declares
   * 0xFFFFFFFF (length unknown when the header was written) never counts as truncated.
   */
  truncated: boolean;
}

/** Reads a WAV's header (format, duration, completeness); throws {@link WavError} if it isn't one. */
export function readWavHeader(bytes: Uint8Array): WavHeader {
  const { fmt, frames, truncated } = locate(bytes);
  return {
    sampleRate: fmt.rate,
    channels: fmt.channels,
    bitsPerSample: fmt.bits,
    durationMs: Math.round((frames * 1000) / fmt.rate),
    truncated,
  };
}

/** The data size a streamed WAV header declares when the length was not known. */
const UNKNOWN_SIZE = 0xffff_ffff;

/**
 * The one rule of a cut-off WAV: its data chunk declares more bytes than the file holds after
 * the chunk's header. A streamed WAV that declares 0xFFFFFFFF (length unknown) never is.
 */
function cutShort(declared: number, present: number): boolean {
  return declared > present && declared !== UNKNOWN_SIZE;
}

/**
 * Whether a WAV file of `totalBytes` bytes ends before the data its header declares, read from
 * its first bytes (`head`: the whole file, or a prefix of it), whatever its encoding. Null when
 * `head` holds no RIFF/WAVE header up to the data chunk (not a WAV, or a header longer than
 * `head`): whether such a file is audio is ffmpeg's question.
 */
export function wavCutShort(head: Uint8Array, totalBytes: number): boolean | null {
  if (head.byteLength < 12) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (ascii(view, 0) !== 'RIFF' || ascii(view, 8) !== 'WAVE') return null;
  let offset = 12;
  // Bounded: each step advances by at least 8 bytes.
  while (offset + 8 <= head.byteLength) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (ascii(view, offset) === 'data') return cutShort(size, totalBytes - body);
    offset = body + size + (size % 2);
  }
  return null;
}

/**
 * Parses a WAV file and measures its level. Throws {@link WavError} with a reason a client can
 * act on when the bytes are not a WAV we can read.
 */
export function readWav(bytes: Uint8Array): WavInfo {
  const { view, fmt, start, frames } = locate(bytes);
  let sum = 0;
  const count = frames * fmt.channels;
  const bytesPerSample = fmt.bits / 8;
  for (let i = 0; i < count; i++) {
    const s = sampleAt(view, start + i * bytesPerSample, fmt.tag, fmt.bits);
    sum += s * s;
  }
  return {
    sampleRate: fmt.rate,
    channels: fmt.channels,
    bitsPerSample: fmt.bits,
    formatTag: fmt.tag,
    durationMs: Math.round((frames * 1000) / fmt.rate),
    rmsDbfs: ratioToDbfs(Math.sqrt(sum / count)),
  };
}

/** The samples of a WAV mixed down to mono 16-bit, at the file's own rate. */
export function decodeWavMono16(bytes: Uint8Array): { sampleRate: number; samples: Int16Array } {
  const { view, fmt, start, frames } = locate(bytes);
  const bytesPerSample = fmt.bits / 8;
  const samples = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let ch = 0; ch < fmt.channels; ch++) {
      sum += sampleAt(view, start + (f * fmt.channels + ch) * bytesPerSample, fmt.tag, fmt.bits);
    }
    samples[f] = Math.max(-32768, Math.min(32767, Math.round((sum / fmt.channels) * 32768)));
  }
  return { sampleRate: fmt.rate, samples };
}

function locate(bytes: Uint8Array): WavLayout {
  if (bytes.byteLength < 44) throw new WavError('frame is too short to be a WAV file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(view, 0) !== 'RIFF' || ascii(view, 8) !== 'WAVE')
    throw new WavError('frame is not a RIFF/WAVE file');
  let fmt: Fmt | undefined;
  let offset = 12;
  // Bounded: each step advances by at least 8 bytes.
  while (offset + 8 <= bytes.byteLength) {
    const id = ascii(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength)
        throw new WavError('WAV fmt chunk is truncated');
      let tag = view.getUint16(body, true);
      if (tag === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.byteLength)
        tag = view.getUint16(body + 24, true);
      fmt = {
        tag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('WAV data chunk comes before its fmt chunk');
      const present = bytes.byteLength - body;
      const layout = validate(view, fmt, body, Math.min(size, present));
      return { ...layout, truncated: cutShort(size, present) };
    }
    offset = body + size + (size % 2);
  }
  throw new WavError('WAV file has no data chunk');
}

function validate(
  view: DataView,
  fmt: Fmt,
  start: number,
  length: number,
): Omit<WavLayout, 'truncated'> {
  const { tag, channels, rate, bits, align } = fmt;
  const knownTag = [FORMAT_PCM, FORMAT_FLOAT, FORMAT_ALAW, FORMAT_MULAW].includes(tag);
  const bitsOk =
    tag === FORMAT_FLOAT
      ? bits === 32 || bits === 64
      : tag === FORMAT_PCM
        ? [8, 16, 24, 32].includes(bits)
        : bits === 8;
  if (!knownTag || !bitsOk)
    throw new WavError(`unsupported WAV encoding (format ${tag}, ${bits}-bit)`);
  if (channels < 1 || channels > 8) throw new WavError(`unsupported channel count ${channels}`);
  if (rate < 4_000 || rate > 192_000) throw new WavError(`unsupported sample rate ${rate}`);
  if (align !== (bits / 8) * channels)
    throw new WavError('WAV block alignment does not match its format');
  const frames = Math.floor(length / align);
  if (frames === 0) throw new WavError('WAV file has no samples');
  return { view, fmt, start, frames };
}
