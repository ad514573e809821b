// The web chat channel's settings: allowedOrigins (which sites' pages may open its WebSocket) and
// widgetTexts (the widget's wording, sent in the welcome).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebchatDesk, type WebchatDesk } from '../helpers/webchat-desk';

let desk: WebchatDesk;

beforeAll(async () => {
  desk = await startWebchatDesk();
});

afterAll(() => desk.close());

/** The HTTP status a WebSocket upgrade to the channel gets with that Origin (101: accepted). */
function upgrade(origin: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${desk.t.server.wsUrl}/channels/webchat/widget`, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

describe('web chat allowedOrigins', () => {
  it('allows every origin while the list is empty, as before the setting existed', async () => {
    expect((await upgrade('https://anywhere.example')).status).toBe(101);
  });

  it('takes the list as comma-separated text, keeps scheme, host and port, and refuses other origins with 403', async () => {
    await desk.t.admin.admin.updateChannel.mutate({
      id: 'widget',
      settings: { allowedOrigins: 'https://shop.example/, http://localhost:8080' },
    });
    expect((await upgrade('https://shop.example')).status).toBe(101);
    expect((await upgrade('http://localhost:8080')).status).toBe(101);
    const refused = await upgrade('https://evil.example');
    expect(refused).toEqual({
      status: 403,
      body: 'origin https://evil.example is not allowed on this channel: add it to its allowedOrigins setting',
    });
    expect((await upgrade('http://shop.example')).status).toBe(403);
    // Not a browser: it could send any Origin, so the check is not applied to it.
    expect((await upgrade(undefined)).status).toBe(101);
  });

  it('refuses a setting that is not a list of origins, naming the field', async () => {
    await expect(
      desk.t.admin.admin.updateChannel.mutate({
        id: 'widget',
        settings: { allowedOrigins: ['https://shop.example/cart'] },
      }),
    ).rejects.toThrow(/allowedOrigins.*an origin such as https:\/\/shop\.example/);
  });
});

describe('web chat widgetTexts', () => {
  it('takes JSON text (as --setting gives it) and sends the wording in the welcome', async () => {
    await desk.t.admin.admin.updateChannel.mutate({
      id: 'widget',
      settings: { allowedOrigins: '', widgetTexts: '{"en":{"title":"Talk to the shop"}}' },
    });
    const v = await desk.visitor();
    expect(await v.hello()).toMatchObject({ type: 'welcome', texts: { en: { title: 'Talk to the shop' } } });
  });

  it('refuses a key that is not a word, naming the field', async () => {
    await expect(
      desk.t.admin.admin.updateChannel.mutate({ id: 'widget', settings: { widgetTexts: { en: { 'x y': 'z' } } } }),
    ).rejects.toThrow(/widgetTexts/);
  });
});
