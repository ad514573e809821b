// The console app mounted on an in-memory desk (fake-desk.ts) at a terminal size, for the tests
// that drive it through its keyboard: mounting, typing, and a desk of four dialogs in every SLA state.
import { ConsoleApp } from '../../cli/console/console-app';
import { DeskModel } from '../../cli/console/desk-model';
import { conversation, FakeDesk, message, ME, NOW, renderOn, untilFrame, type Rendered } from './fake-desk';
import { press } from './helpers';

const mounted: Rendered[] = [];

/** For afterEach: unmounts every app started since. */
export function unmountAll(): void {
  for (const app of mounted.splice(0)) app.unmount();
}

export async function start(
  desk: FakeDesk,
  opts: { columns?: number; rows?: number; lang?: 'en' | 'ru'; demo?: boolean; demoSite?: string } = {},
) {
  const model = new DeskModel(desk, () => NOW);
  let quits = 0;
  const app = renderOn(
    <ConsoleApp
      model={model}
      lang={opts.lang ?? 'en'}
      onQuit={() => quits++}
      now={() => NOW}
      tickMs={0}
      demo={opts.demo}
      demoSite={opts.demoSite}
    />,
    opts.columns ?? 80,
    opts.rows ?? 24,
  );
  mounted.push(app);
  await model.start();
  await untilFrame(app, (frame) => frame.includes(ME.name) && frame.includes('─'));
  return { app, model, quits: () => quits };
}

/** Types text the way a terminal delivers it: one keypress per character. */
export async function type(app: Rendered, text: string) {
  for (const char of text) await press(app, char);
}

export function desk3(): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [
    conversation('calm', { customerName: 'Calm Carl', lastMessageAt: NOW - 10_000 }),
    conversation('late', {
      customerName: 'Late Lena',
      waitingSince: NOW - 90_000,
      slaDueAt: NOW - 30_000,
      slaTargetMs: 60_000,
    }),
    conversation('near', {
      customerName: 'Near Nick',
      waitingSince: NOW - 50_000,
      slaDueAt: NOW + 10_000,
      slaTargetMs: 60_000,
    }),
    conversation('fine', {
      customerName: 'Fine Fay',
      waitingSince: NOW - 5_000,
      slaDueAt: NOW + 55_000,
      slaTargetMs: 60_000,
    }),
  ];
  for (const c of desk.conversations)
    desk.transcripts.set(c.id, [
      message(c.id, `hello from ${c.customerName}`, { author: { type: 'customer', id: null, name: c.customerName } }),
    ]);
  return desk;
}

export const header = (frame: string) => frame.split('\n')[1] ?? '';
