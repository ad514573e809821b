// The lint configuration catches what review misses: each fixture holds one deliberate mistake,
// and linting it must report exactly that rule. The fixtures are ignored by `npm run lint`.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => path.join(root, 'test/lint/fixtures', name);

async function rulesReported(file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, ignore: false });
  const [result] = await eslint.lintFiles([fixture(file)]);
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('lint configuration', { timeout: 120_000 }, () => {
  it('fails a floating promise', async () => {
    expect(await rulesReported('floating-promise.ts')).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('fails an async callback where a void one is expected', async () => {
    expect(await rulesReported('misused-promise.ts')).toEqual(['@typescript-eslint/no-misused-promises']);
  });

  it('fails a switch over a union that hides a missing case behind default', async () => {
    expect(await rulesReported('non-exhaustive-switch.ts')).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
  });

  it('fails an unused import and an unused variable', async () => {
    expect(await rulesReported('unused.ts')).toEqual([
      '@typescript-eslint/no-unused-vars',
      '@typescript-eslint/no-unused-vars',
    ]);
  });

  it('passes the same shapes written correctly', async () => {
    expect(await rulesReported('clean.ts')).toEqual([]);
  });
});
