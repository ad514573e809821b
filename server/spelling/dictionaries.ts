// The server's one copy of the spelling dictionaries, held by a worker thread
// (spelling-worker.mjs) that starts on the first request rather than with the server: Russian
// costs about 3 s and 280 MB to load, which a desk whose operators never ask should not pay, and
// which must never block the event loop. Until it is loaded every request answers null ("not
// ready"), so a console simply shows no marks yet; a worker that fails is logged and stays failed.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { SpellingLang } from '../../shared/spelling-words';

/** Beside this module in the sources, and beside the bundle's chunks (cli/build.mjs copies it there). */
const WORKER_URL = new URL('./spelling-worker.mjs', import.meta.url);

type Reply = { id: number; misspelt?: string[]; suggestions?: string[] };

export class Dictionaries {
  private worker: Worker | null = null;
  private state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private loaded: Promise<void> | null = null;

  constructor(private readonly log: Pick<Logger, 'info' | 'error'>) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Starts loading unless it has; resolves once the dictionaries answer, rejects if they cannot. */
  whenReady(): Promise<void> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** The words of `words` that are misspelt, or null while loading. */
  async misspelt(words: ReadonlyArray<readonly [SpellingLang, string]>): Promise<string[] | null> {
    if (!this.ask()) return null;
    return (await this.request({ op: 'check', words })).misspelt ?? [];
  }

  /** Suggestions for one word, best first, or null while loading. */
  async suggestions(lang: SpellingLang, word: string): Promise<string[] | null> {
    if (!this.ask()) return null;
    return (await this.request({ op: 'suggest', lang, word })).suggestions ?? [];
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.state = 'failed';
    await worker?.terminate();
  }

  /** Whether a request can go now; the first one starts the load. */
  private ask(): boolean {
    if (this.state === 'idle') void this.whenReady().catch(() => undefined);
    return this.state === 'ready';
  }

  private load(): Promise<void> {
    this.state = 'loading';
    const started = performance.now();
    // No execArgv: the server's own V8 flags (cli/server-node-flags.ts) are not all allowed in a worker.
    const worker = new Worker(WORKER_URL, { execArgv: [] });
    this.worker = worker;
    // Its replies wake the server when needed; it must not keep a stopping process alive.
    worker.unref();
    return new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        if (this.worker === worker) this.log.error({ err: error }, 'spelling dictionaries failed: no spelling help');
        this.state = 'failed';
        this.worker = null;
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
        reject(error);
      };
      worker.on('message', (message: Reply | { ready: true }) => {
        if ('ready' in message) {
          this.state = 'ready';
          this.log.info({ ms: Math.round(performance.now() - started) }, 'spelling dictionaries loaded');
          return resolve();
        }
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        waiter?.resolve(message);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the spelling worker exited with code ${code}`)));
    });
  }

  private request(body: object): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, ...body });
    });
  }
}
