// Issue 18 §1: when a merge or an unmerge is refused, and how what a merge moved is recorded.
import { describe, expect, it } from 'vitest';
import {
  checkMerge,
  checkUnmerge,
  MergeRefused,
  movedCounts,
  movedFromJson,
  movedToJson,
  type MovedRows,
} from '../../server/domain/customer-merge';

const standing = (id: string) => ({ id, mergedInto: null });

function refusal(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof MergeRefused) return error.reason;
    throw error;
  }
}

describe('checkMerge', () => {
  it('lets two customers that stand on their own merge', () => {
    expect(refusal(() => checkMerge(standing('a'), standing('b')))).toBeNull();
  });

  it('refuses a merge into itself', () => {
    expect(refusal(() => checkMerge(standing('a'), standing('a')))).toBe('same-customer');
  });

  it('refuses merging a customer twice, or into one that was merged away, naming where it went', () => {
    expect(refusal(() => checkMerge(standing('a'), { id: 'b', mergedInto: 'a' }))).toBe('already-merged');
    expect(refusal(() => checkMerge({ id: 'a', mergedInto: 'c' }, standing('b')))).toBe('already-merged');
    expect(() => checkMerge({ id: 'a', mergedInto: 'c' }, standing('b'))).toThrow(/merge with c instead/);
  });
});

describe('checkUnmerge', () => {
  it('lets a standing merge be undone while its survivor stands on its own', () => {
    expect(refusal(() => checkUnmerge({ id: 'm1', unmergedAt: null }, standing('a')))).toBeNull();
  });

  it('refuses undoing a merge twice', () => {
    expect(refusal(() => checkUnmerge({ id: 'm1', unmergedAt: 5 }, standing('a')))).toBe('already-unmerged');
  });

  it('refuses while the survivor was merged on into another: that merge holds the rows now', () => {
    expect(refusal(() => checkUnmerge({ id: 'm1', unmergedAt: null }, { id: 'a', mergedInto: 'c' }))).toBe(
      'merged-later',
    );
    expect(() => checkUnmerge({ id: 'm1', unmergedAt: null }, { id: 'a', mergedInto: 'c' })).toThrow(
      /undo that merge first/,
    );
  });
});

describe('the record of what moved', () => {
  const moved: MovedRows = {
    conversations: ['c1', 'c2'],
    contacts: [{ channelId: 'mail', externalId: 'ann@example.com' }],
    identities: ['i1'],
    callbacks: [],
  };

  it('survives its stored form exactly', () => {
    expect(movedFromJson(movedToJson(moved))).toEqual(moved);
  });

  it('reads a record missing a kind as none of it', () => {
    expect(movedFromJson('{"conversations":["c1"]}')).toEqual({
      conversations: ['c1'],
      contacts: [],
      identities: [],
      callbacks: [],
    });
  });

  it('counts each kind', () => {
    expect(movedCounts(moved)).toEqual({ conversations: 2, contacts: 1, identities: 1, callbacks: 0 });
  });
});
