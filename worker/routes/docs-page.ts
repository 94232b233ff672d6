/**
 * The API reference page. Everything it needs is inline (no CDN), so it renders with no
 * internet: a small script reads /openapi.json and lists every operation with its request
 * schema, responses and a curl example.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CallShield Edge — API reference</title>
<style>
  :root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --accent: #2563eb; }
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
  h1 { margin-bottom: 0; } .sub { color: var(--muted); margin-top: .25rem; }
  nav a { margin-right: 1rem; }
  section.op { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
  .method { font: 600 13px monospace; padding: 2px 8px; border-radius: 4px; background: var(--accent); color: #fff; }
  .path { font: 600 15px monospace; margin-left: .5rem; }
  pre { background: rgba(127,127,127,.12); padding: .6rem; border-radius: 6px; overflow-x: auto; font-size: 13px; }
  table { border-collapse: collapse; } td, th { border-bottom: 1px solid var(--line); padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
  .tag { color: var(--muted); font-size: 13px; }
</style>
</head>
<body>
<h1>CallShield Edge API</h1>
<p class="sub" id="version">Loading the OpenAPI document…</p>
<nav><a href="/openapi.json">openapi.json</a><a href="/">Console</a></nav>
<main id="ops"></main>
<script>
(async () => {
  const spec = await (await fetch('/openapi.json')).json();
  document.getElementById('version').textContent = spec.info.title + ' ' + spec.info.version + ' — OpenAPI ' + spec.openapi;
  const resolve = (s) => (s && s.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s);
  const esc = (t) => String(t).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
  const fields = (schema) => {
    const s = resolve(schema);
    if (!s || !s.properties) return '';
    const rows = Object.entries(s.properties).map(([name, p]) => {
      const r = resolve(p);
      const type = p.$ref ? p.$ref.split('/').pop() : (r.type || (r.enum ? 'enum' : 'any'));
      return '<tr><td><code>' + esc(name) + '</code></td><td>' + esc(Array.isArray(type) ? type.join(' | ') : type) +
        '</td><td>' + esc(r.description || (r.enum ? r.enum.join(', ') : '')) + '</td></tr>';
    });
    return '<table><tr><th>field</th><th>type</th><th>notes</th></tr>' + rows.join('') + '</table>';
  };
  const curl = (method, path, op) => {
    const body = op.requestBody && op.requestBody.content;
    let cmd = 'curl -X ' + method.toUpperCase() + ' ' + location.origin + path;
    if (body && body['application/json']) {
      const ex = resolve(body['application/json'].schema);
      const sample = {};
      for (const [k, v] of Object.entries((ex && ex.properties) || {})) sample[k] = v.example !== undefined ? v.example : '…';
      cmd += " \\\\\\n  -H 'Content-Type: application/json' -d '" + JSON.stringify(sample).replace(/'/g, "'\\\\''") + "'";
    } else if (body && body['multipart/form-data']) {
      cmd += ' \\\\\\n  -F file=@call.wav';
    }
    return cmd;
  };
  const out = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const req = op.requestBody && op.requestBody.content;
      const reqSchema = req && (req['application/json'] || req['multipart/form-data']);
      const responses = Object.entries(op.responses || {}).map(([code, r]) => '<tr><td>' + code + '</td><td>' + esc(r.description || '') + '</td></tr>').join('');
      out.push('<section class="op"><span class="method">' + method.toUpperCase() + '</span><span class="path">' + esc(path) +
        '</span> <span class="tag">' + esc((op.tags || []).join(', ')) + '</span><p>' + esc(op.summary || '') + '</p>' +
        (op.description ? '<p>' + esc(op.description) + '</p>' : '') +
        (reqSchema ? '<h4>Request body</h4>' + fields(reqSchema.schema) : '') +
        '<h4>Responses</h4><table>' + responses + '</table><h4>Example</h4><pre>' + esc(curl(method, path, op)) + '</pre></section>');
    }
  }
  // Webhook events (OpenAPI 3.1 webhooks): what integrations receive, envelope then data.
  for (const [name, ops] of Object.entries(spec.webhooks || {})) {
    const op = ops.post || {};
    const body = resolve(((op.requestBody || {}).content || {})['application/json'].schema);
    out.push('<section class="op"><span class="method">EVENT</span><span class="path">' + esc(name) +
      '</span> <span class="tag">Webhook events</span><p>' + esc(op.description || '') + '</p>' +
      '<h4>Envelope</h4>' + fields(body) + '<h4>data</h4>' + fields(body && body.properties && body.properties.data) + '</section>');
  }
  const report = spec.components.schemas.ScamReport;
  if (report) out.push('<section class="op"><h3>ScamReport</h3>' + fields(report) + '</section>');
  document.getElementById('ops').innerHTML = out.join('');
})().catch((e) => { document.getElementById('version').textContent = 'Could not load /openapi.json: ' + e; });
</script>
</body>
</html>`;
