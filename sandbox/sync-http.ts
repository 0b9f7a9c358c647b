/**
 * Synchronous HTTP for the sandbox. SuiteScript's N/https is synchronous; Node's HTTP is not.
 * A worker thread does the request while the calling thread waits on a shared buffer.
 */
import { Worker } from 'worker_threads';
import { NetworkFailure } from '../emulator/netsuite';
import type { HttpRequest, HttpResponse } from '../emulator/netsuite';

const CAPACITY = 8 * 1024 * 1024;
const WORKER = `
const { parentPort, workerData } = require('worker_threads');
const control = new Int32Array(workerData.shared, 0, 2);
const bytes = new Uint8Array(workerData.shared, 8);
parentPort.on('message', async (req) => {
  let out;
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.method === 'GET' || req.method === 'DELETE' ? undefined : req.body, signal: AbortSignal.timeout(req.timeoutMs) });
    const headers = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    out = { status: res.status, headers, body: await res.text() };
  } catch (e) {
    out = { error: e && e.name === 'TimeoutError' ? 'timeout' : 'connect', message: String(e && e.message || e) };
  }
  let encoded = new TextEncoder().encode(JSON.stringify(out));
  if (encoded.length > bytes.length) encoded = new TextEncoder().encode(JSON.stringify({ error: 'connect', message: 'response too large' }));
  bytes.set(encoded);
  Atomics.store(control, 1, encoded.length);
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
`;

export class SyncHttp {
  private readonly shared = new SharedArrayBuffer(8 + CAPACITY);
  private readonly control = new Int32Array(this.shared, 0, 2);
  private readonly worker: Worker;
  requests = 0;

  constructor(private readonly timeoutMs = 45000) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { shared: this.shared } });
    this.worker.unref();
  }

  request(req: HttpRequest): HttpResponse {
    this.requests++;
    Atomics.store(this.control, 0, 0);
    this.worker.postMessage({ ...req, timeoutMs: this.timeoutMs });
    const waited = Atomics.wait(this.control, 0, 0, this.timeoutMs + 5000);
    if (waited === 'timed-out') throw new NetworkFailure('timeout');
    const length = Atomics.load(this.control, 1);
    const out = JSON.parse(new TextDecoder().decode(new Uint8Array(this.shared, 8, length).slice())) as HttpResponse & { error?: 'timeout' | 'connect' };
    if (out.error) throw new NetworkFailure(out.error);
    return out;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
