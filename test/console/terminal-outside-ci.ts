// Import this FIRST in a test that reads what Ink writes to a terminal through its renderer
// (not its debug mode): Ink writes no frames at all when it thinks it runs in CI (is-in-ci reads
// CI and CONTINUOUS_INTEGRATION once, when Ink is first imported), and .ci/run sets CI=true.
const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
process.env.CI = '0';
process.env.CONTINUOUS_INTEGRATION = '0';

/** For afterAll: the environment as it was. */
export function restoreCiEnvironment(): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
