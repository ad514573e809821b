// Arrivals per interval, forecast from the same channel's history: an hour-of-week profile in
// which recent weeks weigh more, scaled by the trend of the weekly totals. Weeks are counted back
// from the forecast's start, so "the same slot a week ago" is exactly 7 × 24 h earlier whatever
// the time zone. With less than a week of history it falls back and says so.

export type IntervalMinutes = 15 | 30 | 60;
export const INTERVALS: readonly IntervalMinutes[] = [15, 30, 60];

export type VolumeMethod = 'hour-of-week+trend' | 'hour-of-week' | 'hour-of-day' | 'flat' | 'none';

export interface VolumeForecast {
  /** Expected arrivals per interval, from the first interval after the history on. */
  arrivals: number[];
  method: VolumeMethod;
  /** Whole weeks of history the profile was built from. */
  weeks: number;
  /** Weekly growth the trend applied, as a share of the weekly volume (0 = none). */
  weeklyTrend: number;
  /** What a planner should know about how it was made, in one sentence. */
  note: string;
}

export interface VolumeOptions {
  /** Weight of a week relative to the one after it: 0.7 puts half the weight on the last 2 weeks. */
  decay?: number;
  /** Weeks the trend line is fitted over (the most recent ones). */
  trendWeeks?: number;
}

const DECAY = 0.7;
const TREND_WEEKS = 8;
/** A fitted trend is trusted only this far: a promotion week is not a new level. */
const MAX_TREND_FACTOR = 1.5;
const MIN_TREND_FACTOR = 0.5;

export function slotsPerWeek(interval: IntervalMinutes): number {
  return (7 * 24 * 60) / interval;
}

/**
 * Forecast `horizon` intervals after `history` (arrivals per interval, oldest first, the last
 * one ending where the forecast begins).
 */
export function forecastVolume(
  history: readonly number[],
  interval: IntervalMinutes,
  horizon: number,
  options: VolumeOptions = {},
): VolumeForecast {
  const decay = options.decay ?? DECAY;
  const week = slotsPerWeek(interval);
  const day = week / 7;
  const weeks = Math.floor(history.length / week);
  if (weeks >= 1) {
    const profile = weightedProfile(history, week, weeks, decay);
    const trend =
      weeks >= 3 ? weeklyTrend(history, week, Math.min(weeks, options.trendWeeks ?? TREND_WEEKS), decay) : null;
    const arrivals = Array.from({ length: horizon }, (_, i) => {
      const ahead = Math.floor(i / week);
      const factor = trend ? trendFactor(trend, ahead) : 1;
      return profile[i % week] * factor;
    });
    return {
      arrivals,
      method: trend ? 'hour-of-week+trend' : 'hour-of-week',
      weeks,
      weeklyTrend: trend ? trend.slope / trend.level : 0,
      note: trend
        ? `${weeks} weeks of history: hour-of-week profile, recent weeks weighted, with the weekly trend`
        : `${weeks} week${weeks === 1 ? '' : 's'} of history: hour-of-week profile, no trend (it needs 3 weeks)`,
    };
  }
  const days = Math.floor(history.length / day);
  if (days >= 1) {
    const profile = weightedProfile(history, day, days, decay);
    return {
      arrivals: Array.from({ length: horizon }, (_, i) => profile[i % day]),
      method: 'hour-of-day',
      weeks: 0,
      weeklyTrend: 0,
      note: `less than a week of history (${days} day${days === 1 ? '' : 's'}): hour-of-day profile, weekdays and weekends alike`,
    };
  }
  if (history.length > 0) {
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    return {
      arrivals: new Array<number>(horizon).fill(mean),
      method: 'flat',
      weeks: 0,
      weeklyTrend: 0,
      note: `less than a day of history (${history.length} intervals): the average rate, flat`,
    };
  }
  return {
    arrivals: new Array<number>(horizon).fill(0),
    method: 'none',
    weeks: 0,
    weeklyTrend: 0,
    note: 'no history: nothing to forecast from (use --uplift or wait for traffic)',
  };
}

/** Weighted mean of each slot over the last `periods` whole periods, the newest weighing 1. */
function weightedProfile(history: readonly number[], period: number, periods: number, decay: number): number[] {
  const profile = new Array<number>(period).fill(0);
  let total = 0;
  for (let age = 0; age < periods; age++) {
    const w = decay ** age;
    total += w;
    const start = history.length - (age + 1) * period;
    for (let k = 0; k < period; k++) profile[k] += w * history[start + k];
  }
  for (let k = 0; k < period; k++) profile[k] /= total;
  return profile;
}

interface Trend {
  /** Weekly total the profile stands for (its weighted mean). */
  level: number;
  /** Arrivals per week gained each week (least squares over the recent weekly totals). */
  slope: number;
  /** Weighted mean age of the profile's weeks, in weeks before the forecast (0 = the last week). */
  meanAge: number;
}

function weeklyTrend(history: readonly number[], week: number, fitted: number, decay: number): Trend {
  const weeks = Math.floor(history.length / week);
  const totals: number[] = []; // by age, 0 = the last week
  for (let age = 0; age < weeks; age++) {
    const start = history.length - (age + 1) * week;
    let sum = 0;
    for (let k = 0; k < week; k++) sum += history[start + k];
    totals.push(sum);
  }
  let wSum = 0;
  let level = 0;
  let meanAge = 0;
  for (let age = 0; age < weeks; age++) {
    const w = decay ** age;
    wSum += w;
    level += w * totals[age];
    meanAge += w * age;
  }
  level /= wSum;
  meanAge /= wSum;
  // Ordinary least squares of total against time (−age) over the fitted weeks.
  let sx = 0;
  let sy = 0;
  for (let age = 0; age < fitted; age++) {
    sx += -age;
    sy += totals[age];
  }
  const mx = sx / fitted;
  const my = sy / fitted;
  let sxy = 0;
  let sxx = 0;
  for (let age = 0; age < fitted; age++) {
    sxy += (-age - mx) * (totals[age] - my);
    sxx += (-age - mx) ** 2;
  }
  return { level, slope: sxx === 0 ? 0 : sxy / sxx, meanAge };
}

/** The profile is centred `meanAge` weeks back; a slot `ahead` weeks on is meanAge + 1 + ahead weeks later. */
function trendFactor(trend: Trend, ahead: number): number {
  if (trend.level <= 0) return 1;
  const factor = 1 + (trend.slope * (trend.meanAge + 1 + ahead)) / trend.level;
  return Math.min(MAX_TREND_FACTOR, Math.max(MIN_TREND_FACTOR, factor));
}

export interface HoldoutAccuracy {
  /** Weighted absolute percentage error: Σ|actual − forecast| / Σ actual; null without enough data. */
  wape: number | null;
  /** The share of the error that is bias: (Σ forecast − Σ actual) / Σ actual. */
  bias: number | null;
  note: string;
}

/** The last week of history forecast from the weeks before it, compared with what came. */
export function holdoutAccuracy(
  history: readonly number[],
  interval: IntervalMinutes,
  options: VolumeOptions = {},
): HoldoutAccuracy {
  const week = slotsPerWeek(interval);
  const weeks = Math.floor(history.length / week);
  if (weeks < 2) {
    return { wape: null, bias: null, note: 'no holdout: it needs two whole weeks (one to learn, one to check)' };
  }
  const train = history.slice(0, history.length - week);
  const actual = history.slice(history.length - week);
  const predicted = forecastVolume(train, interval, week, options).arrivals;
  let error = 0;
  let sumActual = 0;
  let sumPredicted = 0;
  for (let i = 0; i < week; i++) {
    error += Math.abs(actual[i] - predicted[i]);
    sumActual += actual[i];
    sumPredicted += predicted[i];
  }
  if (sumActual === 0) return { wape: null, bias: null, note: 'no holdout: nothing arrived in the last week' };
  return {
    wape: error / sumActual,
    bias: (sumPredicted - sumActual) / sumActual,
    note: `last week forecast from the ${weeks - 1} before it`,
  };
}

/** Arrival times (epoch ms) counted into intervals of `interval` minutes over [from, to). */
export function binArrivals(times: Iterable<number>, from: number, to: number, interval: IntervalMinutes): number[] {
  const size = interval * 60_000;
  const counts = new Array<number>(Math.max(0, Math.ceil((to - from) / size))).fill(0);
  for (const t of times) {
    if (t < from || t >= to) continue;
    counts[Math.floor((t - from) / size)]++;
  }
  return counts;
}
