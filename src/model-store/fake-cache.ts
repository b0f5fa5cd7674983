/** Fakes for the model store's unit tests: an in-memory Cache API and a fetch. */
import type { CacheLike } from './store';

export class FakeCache implements CacheLike {
  map = new Map<string, Response>();
  putError?: Error;
  async match(k: string) {
    return this.map.get(k)?.clone();
  }
  async put(k: string, r: Response) {
    if (this.putError) throw this.putError;
    // Like the Cache API: the body is read fully before put resolves.
    const body = await r.arrayBuffer();
    this.map.set(k, new Response(body, { status: r.status, headers: r.headers }));
  }
  async delete(k: string) {
    return this.map.delete(k);
  }
}

export type Route = (url: string) => Response | Promise<Response>;
/** A fetch answering from `files` by URL (404 for anything else), recording the URLs asked for. */
export function fakeNet(files: Record<string, Uint8Array | Route>, headers: Record<string, string> = {}) {
  const calls: string[] = [];
  const net = (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    const f = files[url];
    if (!f) return new Response('not found', { status: 404 });
    if (typeof f === 'function') return f(url);
    return new Response(f as BodyInit, {
      status: 200,
      headers: { 'content-length': String(f.byteLength), 'content-type': 'application/octet-stream', ...headers },
    });
  }) as typeof fetch;
  return { net, calls };
}
