// What every part of the desk shares: the store, the router, the clock, the bus and settings.
// Built once by the composition root.
import type { Logger } from 'pino';
import type { Bot } from '../domain/bot';
import type { Clock, Timer } from '../domain/clock';
import type { Router } from '../domain/routing';
import type { EventBus } from '../events/bus';
import type { Store } from '../store/store';
import type { IdGenerator } from './ids';

export interface DeskSettings {
  graceMs: number;
  reopenWindowMs: number;
  sessionTtlMs: number;
  contactRatePerSec: number;
  contactBurst: number;
  /** Conversations the desk starts, per channel (issue 16); absent: 1 a second, bursts of 10. */
  outboundRatePerSec?: number;
  outboundBurst?: number;
  /** How long events and delivered outbox entries are kept. */
  retentionMs: number;
  /** A call-back waiting unclaimed longer than this raises an alert (default 15 min). */
  callbackTargetMs?: number;
  /** Whether call-back requests and closings go to the configured telephony webhook. */
  callbackWebhook?: boolean;
  /** Where a phone number written without its country code is read (ISO 3166 alpha-2); absent: not linked on. */
  phoneRegion?: string;
}

export interface DeskContext {
  store: Store;
  router: Router;
  clock: Clock;
  /** Waits on `clock` (setTimeout in production): tests that move the clock fire the desk's deadlines with it. */
  timer: Timer;
  bus: EventBus;
  bot: Bot;
  log: Logger;
  settings: DeskSettings;
  ids: IdGenerator;
  /**
   * Room on the data directory (server/disk-guard.ts): throws a SERVICE_UNAVAILABLE DeskError
   * while free space is low, so a write is refused before it starts rather than failing its commit.
   */
  disk: { assertRoom(): void; readonly low: boolean; readonly freeBytes: number | null };
  /**
   * A commit failed for a reason other than the caller's input (disk full, I/O error). Memory is
   * then ahead of the disk, so the process must stop and rebuild from disk on restart.
   */
  onFatal: (error: unknown) => void;
}
