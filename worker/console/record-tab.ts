/**
 * The Record tab's controller: microphone or file → chunker → socket, Stop → end_stream →
 * final_result. The display lives in live-view.ts.
 */
import { errorParts } from './api';
import { Chunker, type ChunkInfo } from './chunker';
import { byId, query } from './dom';
import { createLiveView } from './live-view';
import { decodeFile, type Microphone, startMicrophone } from './recorder';
import { openStream, type StreamClient } from './stream-client';

/** How long a file chunk may take to score before the next one is sent anyway. */
const FILE_CHUNK_TIMEOUT_MS = 60_000;

/** The call in progress: its stream, and the audio feeding it. */
interface Session {
  client: StreamClient;
  mic?: Microphone;
  chunker?: Chunker;
  /** Finishing has begun (Stop, the end of a file, or the server ended the call). */
  stopping: boolean;
}

/**
 * Wires the Record tab.
 * @param deps.ensureAuth asks for a key first when one is needed
 */
export function setupRecordTab(deps: { ensureAuth: () => Promise<boolean> }): void {
  const view = createLiveView();
  const startButton = byId('record-start', HTMLButtonElement);
  const stopButton = byId('record-stop', HTMLButtonElement);
  const fileInput = byId('stream-file', HTMLInputElement);
  const fileLabel = query(document, 'label[for="stream-file"]', HTMLLabelElement);

  let session: Session | null = null;

  function setBusy(busy: boolean): void {
    startButton.disabled = busy;
    fileInput.disabled = busy;
    fileLabel.classList.toggle('disabled', busy);
    stopButton.disabled = !busy;
    document.body.classList.toggle('is-live', busy);
  }

  async function connect(): Promise<StreamClient> {
    if (!(await deps.ensureAuth())) throw new Error('An API key is needed to stream.');
    view.reset();
    view.status('Connecting…');
    return openStream({
      onConnected: (msg) => view.connected(msg),
      onPartial: (msg) => view.partial(msg),
      onAlert: (msg) => view.alert(msg),
      onError: (problem) => view.error(problem),
      onReconnecting: (info) => view.reconnecting(info),
      onReconnected: (info) => view.reconnected(info),
      onFinal: (msg) => {
        view.final(msg);
        // The server can end the call itself (chunk limit, idle timeout): stop recording too.
        if (session && !session.stopping) void finish(`Ended by the server (${msg.reason}).`);
      },
      onClose: (info) => {
        if (session && !info.hadFinal) {
          view.error({
            code: 'DISCONNECTED',
            detail: info.gaveUp
              ? 'The connection was lost and could not be re-established.'
              : info.reason || `connection closed (${info.code})`,
          });
          void finish(info.gaveUp ? 'Connection lost: could not reconnect.' : 'Disconnected.');
        }
      },
    });
  }

  /** Sends one chunk unless the server's chunk limit is reached (then it ends the call). */
  function sendChunk(client: StreamClient, wav: ArrayBuffer, info: ChunkInfo): boolean {
    const max = client.limits?.max_chunks;
    if (max && info.index > max) return false;
    client.sendChunk(wav, info.index);
    view.chunkSent(info);
    return true;
  }

  async function startRecording(): Promise<void> {
    setBusy(true);
    try {
      const client = await connect();
      const current: Session = { client, stopping: false };
      session = current;
      const chunker = new Chunker((wav, info) => {
        try {
          sendChunk(client, wav, info);
        } catch (error) {
          view.error({ ...errorParts(error), code: 'SEND_FAILED' });
        }
      });
      current.chunker = chunker;
      current.mic = await startMicrophone((samples) => chunker.push(samples));
      // The call may have ended while the microphone opened (the server ended it, or the
      // connection was lost): finish() found no microphone to release then, so release it here.
      if (current.stopping) await current.mic.stop();
      else view.status('Recording… speak, then press Stop.');
    } catch (error) {
      fail(error);
    }
  }

  async function streamFile(file: File): Promise<void> {
    setBusy(true);
    try {
      const client = await connect();
      const current: Session = { client, stopping: false };
      session = current;
      view.status(`Decoding ${file.name}…`);
      const chunks: { wav: ArrayBuffer; info: ChunkInfo }[] = [];
      const chunker = new Chunker((wav, info) => chunks.push({ wav, info }));
      chunker.push(await decodeFile(file));
      chunker.flush();
      for (const { wav, info } of chunks) {
        // Not `client.open`: while it reconnects, chunks are held and sent once it is back.
        if (session !== current || current.stopping || !client.alive) break;
        if (!sendChunk(client, wav, info)) break;
        view.status(`Streaming ${file.name}: chunk ${info.index} of ${chunks.length}…`);
        // Pace by the server's answers, as a live call would be, rather than flooding it.
        await client.waitForChunk(info.index, FILE_CHUNK_TIMEOUT_MS).catch(() => {});
      }
      if (session === current && !current.stopping) await finish('File streamed.');
    } catch (error) {
      fail(error);
    }
  }

  /** Stops the audio, sends the tail and end_stream, and waits for the final result. */
  async function finish(doneText: string): Promise<void> {
    const current = session;
    if (!current || current.stopping) return;
    current.stopping = true;
    stopButton.disabled = true;
    view.status('Finishing: waiting for the final result…');
    try {
      await current.mic?.stop();
      if (current.client.alive) current.chunker?.flush();
      if (current.client.alive || current.client.final) await current.client.end();
      view.status(doneText);
    } catch (error) {
      view.error({ code: 'NO_FINAL_RESULT', detail: errorParts(error).detail });
      view.status('Stopped without a final result.');
    } finally {
      current.client.close();
      session = null;
      setBusy(false);
    }
  }

  function fail(error: unknown): void {
    view.error(errorParts(error));
    view.status('Could not start.');
    const current = session;
    session = null;
    void current?.mic?.stop().catch(() => {});
    current?.client.close();
    setBusy(false);
  }

  // For tests and manual checks only, and only with ?debug=1: drop the live socket the way a
  // network failure would (non-1000 close), to exercise the resume path. Nothing else is exposed.
  if (new URLSearchParams(location.search).get('debug') === '1') {
    Object.assign(window, {
      callshieldDebug: {
        /** @param code a close code from 4000 to 4999 */
        dropStream: (code?: number) => session?.client.simulateDrop(code),
      },
    });
  }

  startButton.addEventListener('click', () => void startRecording());
  stopButton.addEventListener('click', () => void finish('Stopped.'));
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void streamFile(file);
  });
}
