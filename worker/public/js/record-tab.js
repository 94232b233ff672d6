/**
 * The Record tab's controller: microphone or file → chunker → socket, Stop → end_stream →
 * final_result. The display lives in live-view.js.
 */
import { errorParts } from './api.js';
import { Chunker } from './chunker.js';
import { byId } from './dom.js';
import { createLiveView } from './live-view.js';
import { decodeFile, startMicrophone } from './recorder.js';
import { openStream } from './stream-client.js';

/** How long a file chunk may take to score before the next one is sent anyway. */
const FILE_CHUNK_TIMEOUT_MS = 60_000;

/**
 * Wires the Record tab.
 * @param {{ensureAuth: () => Promise<boolean>}} deps asks for a key first when one is needed
 */
export function setupRecordTab({ ensureAuth }) {
  const view = createLiveView();
  const startButton = /** @type {HTMLButtonElement} */ (byId('record-start'));
  const stopButton = /** @type {HTMLButtonElement} */ (byId('record-stop'));
  const fileInput = /** @type {HTMLInputElement} */ (byId('stream-file'));
  const fileLabel = /** @type {HTMLElement} */ (document.querySelector('label[for="stream-file"]'));

  /** @type {{client: any, mic?: any, chunker?: Chunker, stopping: boolean} | null} */
  let session = null;

  function setBusy(busy) {
    startButton.disabled = busy;
    fileInput.disabled = busy;
    fileLabel.classList.toggle('disabled', busy);
    stopButton.disabled = !busy;
    document.body.classList.toggle('is-live', busy);
  }

  async function connect() {
    if (!(await ensureAuth())) throw new Error('An API key is needed to stream.');
    view.reset();
    view.status('Connecting…');
    return openStream({
      onConnected: (msg) => view.connected(msg),
      onPartial: (msg) => view.partial(msg),
      onAlert: (msg) => view.alert(msg),
      onError: (msg) => view.error(msg),
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
  function sendChunk(client, wav, info) {
    const max = client.limits?.max_chunks;
    if (max && info.index > max) return false;
    client.sendChunk(wav, info.index);
    view.chunkSent(info);
    return true;
  }

  async function startRecording() {
    setBusy(true);
    try {
      const client = await connect();
      session = { client, stopping: false };
      const chunker = new Chunker((wav, info) => {
        try {
          sendChunk(client, wav, info);
        } catch (error) {
          view.error({ ...errorParts(error), code: 'SEND_FAILED' });
        }
      });
      session.chunker = chunker;
      session.mic = await startMicrophone((samples) => chunker.push(samples));
      view.status('Recording… speak, then press Stop.');
    } catch (error) {
      fail(error);
    }
  }

  async function streamFile(file) {
    setBusy(true);
    try {
      const client = await connect();
      session = { client, stopping: false };
      view.status(`Decoding ${file.name}…`);
      const chunks = [];
      const chunker = new Chunker((wav, info) => chunks.push({ wav, info }));
      chunker.push(await decodeFile(file));
      chunker.flush();
      for (const { wav, info } of chunks) {
        // Not `client.open`: while it reconnects, chunks are held and sent once it is back.
        if (!session || session.stopping || !client.alive) break;
        if (!sendChunk(client, wav, info)) break;
        view.status(`Streaming ${file.name}: chunk ${info.index} of ${chunks.length}…`);
        // Pace by the server's answers, as a live call would be, rather than flooding it.
        await client.waitForChunk(info.index, FILE_CHUNK_TIMEOUT_MS).catch(() => {});
      }
      if (session && !session.stopping) await finish('File streamed.');
    } catch (error) {
      fail(error);
    }
  }

  /** Stops the audio, sends the tail and end_stream, and waits for the final result. */
  async function finish(doneText) {
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

  function fail(error) {
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
    /** @type {any} */ (window).callshieldDebug = {
      /** @param {number} [code] a close code from 4000 to 4999 */
      dropStream: (code) => session?.client.simulateDrop(code),
    };
  }

  startButton.addEventListener('click', () => void startRecording());
  stopButton.addEventListener('click', () => void finish('Stopped.'));
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void streamFile(file);
  });
}
