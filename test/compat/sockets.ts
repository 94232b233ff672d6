/** Collects what an in-band refusal sends before it closes. */
export function inBand(
  ws: WebSocket,
): Promise<{ messages: unknown[]; close: { code: number; reason: string } }> {
  const messages: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no close; got ${JSON.stringify(messages)}`)),
      10_000,
    );
    ws.addEventListener('message', (e) => messages.push(JSON.parse(String(e.data))));
    ws.addEventListener('close', (e) => {
      clearTimeout(timer);
      resolve({ messages, close: { code: e.code, reason: e.reason } });
    });
    ws.accept();
  });
}
