// `textdesk search` (issue 18 §3) through the real binary against a real server: JSON hits, a
// plain table with matches in [brackets] and customer text made safe for the terminal, an
// operator's narrower view, and usage errors that say what to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../shared/search-schemas';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD } from '../helpers/server';
import { startSearchDesk, type SearchDesk } from '../helpers/search-desk';

describe('textdesk search', { timeout: 60_000 }, () => {
  let d: SearchDesk;
  beforeAll(async () => {
    d = await startSearchDesk('sqlite');
    await d.write('site', { id: 'eve', name: 'Eve\u001b]0;pwned\u0007' }, 'квитанция \u001b[2J потерялась');
  });
  afterAll(() => d.close());

  const search = (args: string[], user = 'admin', password = ADMIN_PASSWORD) =>
    runCli(['search', '--url', d.t.server.url, '--user', user, ...args], { TEXTDESK_PASSWORD: password });

  it('prints the hits as JSON with --json', async () => {
    const out = await search(['заказ', '--json']);
    expect(out.code).toBe(0);
    const hits = JSON.parse(out.stdout) as SearchHit[];
    expect(hits.map((h) => [h.conversationId, h.author, h.channel.id])).toEqual([
      [d.anna, 'operator', 'site'],
      [d.anna, 'customer', 'site'],
    ]);
    expect(hits[1].snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['ЗАКАЗ']);
  });

  it('prints a table with the matches in brackets and no escape sequence of a customer’s', async () => {
    const out = await search(['квитанция']);
    expect(out.code).toBe(0);
    const [header, row, ...rest] = out.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^time\s+channel\s+customer\s+conversation\s+match$/);
    expect(rest).toEqual([]);
    expect(row).toContain('[квитанция]');
    expect(row).toContain('Site');
    expect(out.stdout).not.toMatch(/[\u001b\u0007]/);
  });

  it('applies filters, and an operator finds only the customers they serve', async () => {
    const byShop = JSON.parse((await search(['ord*', '--channel', 'shop', '--json'])).stdout) as SearchHit[];
    expect(byShop.map((h) => h.conversationId)).toEqual([d.clara]);
    const low = JSON.parse((await search(['ord*', '--csat-max', '2', '--json'])).stdout) as SearchHit[];
    expect(low.map((h) => h.conversationId)).toEqual([d.boris]);
    const olga = await search(['ord*'], 'olga', 'olga-password');
    expect(olga).toMatchObject({ code: 0, stdout: 'no matches\n' });
  });

  it('refuses bad flags with what to fix, exit code 2', async () => {
    const out = await search(['заказ', '--csat-min', 'five']);
    expect(out).toMatchObject({ code: 2, stderr: 'textdesk search: --csat-min must be a whole number\n' });
    const range = await search(['заказ', '--csat-min', '4', '--csat-max', '2']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('`csatMin` must not be above `csatMax`');
  });
});
