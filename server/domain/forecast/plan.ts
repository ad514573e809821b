// A staffing plan for every channel of the desk: the volume forecast per interval, the queueing
// or workload model each channel needs, and the operators to schedule. Pure: the caller reads the
// history (server/store/forecast-queries.ts) and passes the clock's now.
import type { Medium } from '../../../shared/sla';
import { fitHandleTime, handleSecondsAt, type HandleTimeModel } from './handle-time';
import { channelHistories, type ChannelHistory, type HistoryConversation } from './history';
import { applyUplifts, type Uplift } from './uplift';
import {
  binArrivals,
  forecastVolume,
  holdoutAccuracy,
  type HoldoutAccuracy,
  type IntervalMinutes,
  type VolumeMethod,
} from './volume';
import { checkShrinkage, staffDeferred, staffLive, type IntervalPlan, type QueueModel } from './staffing';

export interface ForecastChannel {
  id: string;
  name: string;
  queueId: string;
  queueName: string;
  medium: Medium;
  /** The channel's first-response target, ms. */
  slaFirstMs: number;
  /** Share of an operator's capacity one of its dialogs takes. */
  weight: number;
  createdAt: number;
}

export type Horizon = 'day' | 'week';
export type ModelChoice = 'auto' | QueueModel;

export interface ChannelTarget {
  serviceLevel?: number;
  answerSeconds?: number;
}

export interface PlanOptions {
  now: number;
  interval: IntervalMinutes;
  horizon: Horizon;
  /** Share answered within target, for every live channel without its own (default 0.8). */
  serviceLevel: number;
  /** Per channel (by id or name): its own service level or answer time. */
  targets?: ReadonlyMap<string, ChannelTarget>;
  /** Dialogs an operator carries at once; null: the desk's configured capacity over the channel's weight. */
  concurrency: number | null;
  /** The operators' configured capacity (median), for the default concurrency. */
  configuredCapacity: number;
  shrinkage: number;
  uplifts: readonly Uplift[];
  model: ModelChoice;
}

/** Abandonment above this share of resolved dialogs makes Erlang C too pessimistic. */
export const MATERIAL_ABANDONMENT = 0.03;
/** Fewer abandonments than this are too few to estimate a patience from. */
const MIN_ABANDONED = 5;

export interface ChannelPlan {
  channel: ForecastChannel;
  kind: 'live' | 'deferred';
  volume: { method: VolumeMethod; weeks: number; weeklyTrend: number; note: string };
  holdout: HoldoutAccuracy;
  /** The model used and why, in words. */
  model: QueueModel | 'workload';
  modelReason: string;
  concurrency: number;
  handle: HandleTimeModel;
  /** Handle time used (live: at the plan's concurrency; deferred: operator effort per message). */
  handleSeconds: number;
  serviceLevelTarget: number;
  /** Live: seconds to be assigned in (the SLA less the operators' median reply time); deferred: the window. */
  answerSeconds: number;
  abandonmentRate: number | null;
  patienceSeconds: number | null;
  backlog: number;
  rows: IntervalPlan[];
  notes: string[];
}

export interface Plan {
  start: number;
  interval: IntervalMinutes;
  horizon: Horizon;
  shrinkage: number;
  /** Start of each interval, epoch ms. */
  starts: number[];
  channels: ChannelPlan[];
  /** Per interval: operators on task and scheduled, summed over channels (no pooling assumed). */
  totals: { operators: number; scheduled: number; volume: number }[];
}

export function buildPlan(
  channels: readonly ForecastChannel[],
  conversations: readonly HistoryConversation[],
  options: PlanOptions,
): Plan {
  checkShrinkage(options.shrinkage);
  if (!(options.serviceLevel > 0 && options.serviceLevel < 1)) {
    throw new RangeError(
      `service level must be between 0 % and 100 % (exclusive), got ${options.serviceLevel * 100} %`,
    );
  }
  if (options.concurrency !== null && (!Number.isInteger(options.concurrency) || options.concurrency < 1)) {
    throw new RangeError(`concurrency must be a whole number of dialogs ≥ 1, got ${options.concurrency}`);
  }
  const intervalMs = options.interval * 60_000;
  const start = Math.floor(options.now / intervalMs) * intervalMs;
  const horizon = ((options.horizon === 'day' ? 1 : 7) * 24 * 60) / options.interval;
  const starts = Array.from({ length: horizon }, (_, i) => start + i * intervalMs);
  const histories = channelHistories(conversations.filter((c) => c.createdAt < start));
  let firstArrival = Infinity;
  for (const c of conversations) if (!c.outbound && c.createdAt < firstArrival) firstArrival = c.createdAt;
  const plans = channels.map((channel) =>
    planChannel(channel, histories.get(channel.id) ?? emptyHistory(), firstArrival, start, horizon, options),
  );
  const totals = starts.map((_, i) => {
    let operators = 0;
    let scheduled = 0;
    let volume = 0;
    for (const p of plans) {
      operators += p.rows[i].operators;
      scheduled += p.rows[i].scheduled;
      volume += p.rows[i].volume;
    }
    return { operators, scheduled, volume };
  });
  return {
    start,
    interval: options.interval,
    horizon: options.horizon,
    shrinkage: options.shrinkage,
    starts,
    channels: plans,
    totals,
  };
}

function planChannel(
  channel: ForecastChannel,
  history: ChannelHistory,
  firstArrival: number,
  start: number,
  horizon: number,
  options: PlanOptions,
): ChannelPlan {
  const intervalMs = options.interval * 60_000;
  const intervalSeconds = intervalMs / 1000;
  const notes: string[] = [];
  // History runs from the desk's first arrival (or the channel's creation, if later) to the plan's start.
  const since = Math.max(firstArrival, channel.createdAt);
  const past = Number.isFinite(since) && since < start ? Math.ceil((start - since) / intervalMs) : 0;
  const counts = binArrivals(history.arrivals, start - past * intervalMs, start, options.interval);
  const volume = forecastVolume(counts, options.interval, horizon);
  const holdout = holdoutAccuracy(counts, options.interval);
  const volumes = applyUplifts(volume.arrivals, start, intervalMs, options.uplifts);
  const target = options.targets?.get(channel.id) ?? options.targets?.get(channel.name) ?? {};
  const serviceLevel = target.serviceLevel ?? options.serviceLevel;
  const concurrency =
    options.concurrency ?? Math.max(1, Math.floor(options.configuredCapacity / channel.weight + 1e-9));
  const common = {
    channel,
    volume: { method: volume.method, weeks: volume.weeks, weeklyTrend: volume.weeklyTrend, note: volume.note },
    holdout,
    concurrency,
    handle: history.handle,
    serviceLevelTarget: serviceLevel,
    abandonmentRate: history.abandonmentRate,
    patienceSeconds: history.patienceSeconds,
    backlog: history.waiting,
    notes,
  };
  if (history.handle.dialogs === 0)
    notes.push('no handled dialogs in the history: no handle time to size with, so no operators');
  if (channel.medium === 'email') {
    const windowSeconds = target.answerSeconds ?? channel.slaFirstMs / 1000;
    const effort = history.handle.meanEffortSeconds;
    const rows =
      effort > 0
        ? staffDeferred(
            volumes,
            intervalSeconds,
            { kind: 'deferred', windowSeconds, effortSeconds: effort, backlog: history.waiting },
            options.shrinkage,
          )
        : zeroRows(volumes, 0);
    return {
      ...common,
      kind: 'deferred',
      model: 'workload',
      modelReason: `deferred channel: each message's ${Math.round(effort)} s of operator time spread over its ${formatSeconds(windowSeconds)} window, the ${history.waiting} waiting now over the first window`,
      handleSeconds: effort,
      answerSeconds: windowSeconds,
      rows,
    };
  }
  const handleSeconds = handleSecondsAt(history.handle, concurrency);
  let answerSeconds = target.answerSeconds;
  if (answerSeconds === undefined) {
    answerSeconds = Math.max(0, channel.slaFirstMs / 1000 - history.replySeconds);
    if (history.replySeconds > 0) {
      notes.push(
        `answer target ${formatSeconds(channel.slaFirstMs / 1000)} less the operators' median ${Math.round(history.replySeconds)} s to first reply: assigned within ${formatSeconds(answerSeconds)}`,
      );
    }
  }
  const { model, reason } = chooseModel(history, options.model);
  const rows =
    handleSeconds > 0
      ? staffLive(
          volumes,
          intervalSeconds,
          {
            kind: 'live',
            serviceLevel,
            answerSeconds,
            concurrency,
            handleSeconds,
            model,
            patienceSeconds: history.patienceSeconds ?? undefined,
          },
          options.shrinkage,
        )
      : zeroRows(volumes, 0);
  return { ...common, kind: 'live', model, modelReason: reason, handleSeconds, answerSeconds, rows };
}

function chooseModel(history: ChannelHistory, choice: ModelChoice): { model: QueueModel; reason: string } {
  const rate = history.abandonmentRate;
  const share = rate === null ? 'no resolved dialogs' : `abandonment ${(rate * 100).toFixed(1)} %`;
  if (choice === 'erlang-c') return { model: 'erlang-c', reason: `Erlang C, as asked (${share} in the history)` };
  const patience = history.patienceSeconds;
  if (choice === 'erlang-a') {
    if (patience === null)
      throw new RangeError(
        'Erlang A needs abandoned dialogs in the history to measure patience: use --model erlang-c or auto',
      );
    return { model: 'erlang-a', reason: `Erlang A, as asked: ${share}, mean patience ${Math.round(patience)} s` };
  }
  if (rate !== null && rate > MATERIAL_ABANDONMENT && history.abandoned >= MIN_ABANDONED && patience !== null) {
    return {
      model: 'erlang-a',
      reason: `Erlang A: ${share} in the history is material (over ${MATERIAL_ABANDONMENT * 100} %), mean patience ${Math.round(patience)} s`,
    };
  }
  return {
    model: 'erlang-c',
    reason: `Erlang C: ${share} in the history${rate !== null && rate > MATERIAL_ABANDONMENT ? ` but only ${history.abandoned} abandoned, too few to measure patience` : ` (at most ${MATERIAL_ABANDONMENT * 100} %)`}`,
  };
}

function zeroRows(volumes: readonly number[], handleSeconds: number): IntervalPlan[] {
  return volumes.map((volume) => ({
    volume,
    handleSeconds,
    operators: 0,
    scheduled: 0,
    occupancy: 0,
    serviceLevel: volume > 0 ? 0 : 1,
    averageWaitSeconds: null,
    abandonment: null,
  }));
}

function emptyHistory(): ChannelHistory {
  return {
    arrivals: [],
    handle: fitHandleTime([]),
    abandonmentRate: null,
    abandoned: 0,
    patienceSeconds: null,
    replySeconds: 0,
    waiting: 0,
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${Math.round(seconds)} s`;
}
