// Talking to the Sylva server: JSON requests, binary tiles, the event socket.
const params = new URLSearchParams(location.search);
const token = params.get('token') || sessionStorage.getItem('sylva-token') || '';
if (params.get('token')) {
  sessionStorage.setItem('sylva-token', token);
  // keep the key out of the address bar (a cookie carries it from now on)
  history.replaceState(null, '', location.pathname);
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function check(r) {
  if (r.ok) return r;
  let m = r.statusText;
  try { m = (await r.json()).error || m; } catch (e) { /* not JSON */ }
  throw new ApiError(r.status, m);
}

export async function get(path) {
  const r = await fetch(path, { headers: { 'X-Sylva-Token': token } });
  return (await check(r)).json();
}

export async function send(method, path, body) {
  const r = await fetch(path, {
    method, headers: { 'X-Sylva-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await check(r)).json();
}

export async function upload(path, file) {
  const r = await fetch(path, { method: 'POST', headers: { 'X-Sylva-Token': token }, body: file });
  return (await check(r)).json();
}

/** A binary tile: {buffer, width, height, headers}. */
export async function tile(path, signal) {
  const r = await fetch(path, { headers: { 'X-Sylva-Token': token }, signal });
  await check(r);
  const buffer = await r.arrayBuffer();
  return {
    buffer,
    width: +r.headers.get('X-Tile-Width'),
    height: +r.headers.get('X-Tile-Height'),
    generation: +(r.headers.get('X-Generation') || 0),
    classes: +(r.headers.get('X-Classes') || 0),
    preview: r.headers.get('X-Preview') === 'true',
    stride: +(r.headers.get('X-Preview-Stride') || 1),   // a preview's planes hold every stride-th pixel per axis
    dtype: r.headers.get('X-Dtype') || 'float32',
  };
}

/** The event socket; reconnects after a drop. */
export function events(onEvent, onState) {
  let ws;
  const open = () => {
    ws = new WebSocket(`ws://${location.host}/api/events?token=${encodeURIComponent(token)}`);
    ws.onmessage = (m) => onEvent(JSON.parse(m.data));
    ws.onopen = () => onState(true);
    ws.onclose = () => { onState(false); setTimeout(open, 1000); };
  };
  open();
}
