// Every benchmark in sequence, then one summary table. Each bench file is optional here: a file
// that is not (yet) in the tree is reported as skipped, so benches can be added independently.
// Add one by appending to BENCHES with a `summarize` that turns its module into rows.
//
//   npm run bench            (node --import tsx bench/run-all.ts)
//   npm run bench -- routing memory     (only those)
import { pathToFileURL } from 'node:url';
import { runWithBinaryNodeFlags } from './lib/node-flags';

// The console bench measures the console in this process, as the binary runs it.
runWithBinaryNodeFlags();

interface BenchResult {
  text?: string;
  rows: [string, string][];
  ok: boolean;
}

type AnyModule = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;
// Each bench module's result is read by shape here, so a bench can be added without a shared type.
const call = async <T>(mod: AnyModule, name: string): Promise<T> => (await (mod[name] as Fn)()) as T;

const BENCHES: { name: string; file: string; summarize: (mod: AnyModule) => Promise<BenchResult> }[] = [
  {
    name: 'routing',
    file: './routing.ts',
    summarize: async (mod) => {
      const f = await call<{ cases?: { name: string; p99Us: number }[]; pass?: boolean }>(mod, 'runRoutingBench');
      const rows: [string, string][] = (f.cases ?? []).map((c) => [
        `routing ${c.name} p99`,
        `${c.p99Us.toFixed(1)} µs`,
      ]);
      return { rows, ok: f.pass !== false };
    },
  },
  {
    name: 'stats',
    file: './stats.ts',
    summarize: async (mod) => {
      const f = await call<{ p99Ms: number; snapshotBytes: number }>(mod, 'runStatsBench');
      return {
        rows: [
          ['stats tick p99', `${Number(f.p99Ms).toFixed(2)} ms`],
          ['stats snapshot size', `${f.snapshotBytes} B`],
        ],
        ok: true,
      };
    },
  },
  {
    name: 'console',
    file: './console.ts',
    summarize: async (mod) => {
      const f = await call<{
        sizes?: { size: string; keyP99Ms: number; startInProcessMs: number }[];
        binaryReadyMs?: number | null;
        pass?: boolean;
      }>(mod, 'runConsoleBench');
      const first = f.sizes?.[0];
      const rows: [string, string][] = [];
      if (first)
        rows.push(
          [`console keystroke p99 (${first.size})`, `${Number(first.keyP99Ms).toFixed(2)} ms`],
          ['console start in-process', `${Number(first.startInProcessMs).toFixed(0)} ms`],
        );
      if (f.binaryReadyMs != null) rows.push(['console binary ready', `${Number(f.binaryReadyMs).toFixed(0)} ms`]);
      return { rows, ok: f.pass !== false };
    },
  },
  { name: 'store-commit', file: './store-commit.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'textdesk-vs-raw', file: './textdesk-vs-raw.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'memory', file: './memory.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'email-ingest', file: './email-ingest.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'messenger-ingest', file: './messenger-ingest.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'forecast', file: './forecast.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  { name: 'search', file: './search.ts', summarize: (mod) => call<BenchResult>(mod, 'run') },
  {
    name: 'widget',
    file: './widget.ts',
    summarize: async (mod) => {
      const f = await call<{
        minifiedBytes: number;
        gzippedBytes: number;
        firstFrameMs: number | null;
        onlineMs: number | null;
        pass: boolean;
      }>(mod, 'runWidgetBench');
      const rows: [string, string][] = [
        ['widget.js minified', `${(f.minifiedBytes / 1024).toFixed(1)} KB`],
        ['widget.js gzipped (< 30 KB)', `${(f.gzippedBytes / 1024).toFixed(1)} KB`],
      ];
      // Without Chromium only the size is measured.
      if (f.firstFrameMs !== null && f.onlineMs !== null)
        rows.push(
          ['widget script tag → launcher (median)', `${f.firstFrameMs.toFixed(1)} ms`],
          ['widget script tag → online (median)', `${f.onlineMs.toFixed(1)} ms`],
        );
      else rows.push(['widget time to first frame', 'not measured (no /usr/bin/chromium)']);
      return { rows, ok: f.pass };
    },
  },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const summary: { bench: string; metric: string; value: string }[] = [];
  let failed = false;
  for (const bench of BENCHES) {
    if (only.length > 0 && !only.includes(bench.name)) continue;
    const url = new URL(bench.file, import.meta.url);
    let mod: AnyModule;
    try {
      mod = (await import(url.href)) as AnyModule;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(bench.file.slice(2))) {
        summary.push({ bench: bench.name, metric: '(not present)', value: 'skipped' });
        continue;
      }
      throw error;
    }
    console.log(`\n=== ${bench.name}`);
    const started = performance.now();
    try {
      const result = await bench.summarize(mod);
      if (result.text) console.log(result.text);
      for (const [metric, value] of result.rows) summary.push({ bench: bench.name, metric, value });
      if (!result.ok) {
        failed = true;
        summary.push({ bench: bench.name, metric: 'result', value: 'FAIL' });
      }
    } catch (error) {
      failed = true;
      console.error(error);
      summary.push({ bench: bench.name, metric: 'error', value: (error as Error).message.split('\n')[0] });
    }
    console.log(`(${bench.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const w1 = Math.max(5, ...summary.map((r) => r.bench.length));
  const w2 = Math.max(6, ...summary.map((r) => r.metric.length));
  console.log(`\n${'bench'.padEnd(w1)}  ${'metric'.padEnd(w2)}  value`);
  console.log(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(12)}`);
  for (const r of summary) console.log(`${r.bench.padEnd(w1)}  ${r.metric.padEnd(w2)}  ${r.value}`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
