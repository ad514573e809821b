// A supervisor API that answers every call with nothing: a dashboard test spreads it and
// overrides the calls it exercises, so a new call on SupervisorApi is added here once, not in
// every test's fake.
import { vi } from 'vitest';
import type { SupervisorApi } from '../../cli/dashboard/supervisor-actions';

export function quietSupervisorApi(now: () => number) {
  return {
    overview: vi.fn(async () => ({ conversations: [], operators: [], queues: [] })),
    transfer: vi.fn(async () => ({})),
    setCapacity: vi.fn(async () => ({})),
    setStatus: vi.fn(async () => ({})),
    messages: vi.fn(async () => []),
    search: vi.fn(async () => []),
    callbacks: vi.fn(async () => []),
    operators: vi.fn(async () => []),
    claimCallback: vi.fn(async () => ({})),
    doneCallback: vi.fn(async () => ({})),
    cancelCallback: vi.fn(async () => ({})),
    reviewQueue: vi.fn(async () => []),
    criteria: vi.fn(async () => []),
    submitReview: vi.fn(() => Promise.reject(new Error('not reviewed here'))),
    follow: vi.fn(() => () => undefined),
    whisper: vi.fn(async () => ({})),
    takeOver: vi.fn(async () => ({})),
    now,
  } satisfies SupervisorApi;
}
