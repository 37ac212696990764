import { describe, expect, it } from 'vitest';
import { FAST_FORWARD_WALL_MS, MAX_FAST_FORWARD_MS, planFastForward } from './quietTime';

describe('planFastForward', () => {
  it('covers a quiet gap in a fixed wall time', () => {
    const ff = planFastForward(1000, 4600, false, 0.05)!;
    expect(ff).toEqual({ from: 1000, to: 4600, speed: 3600 / FAST_FORWARD_WALL_MS });
  });
  it('leaves alone: packets on a link, nothing due, a gap the chosen speed plays quickly, a gap of days', () => {
    expect(planFastForward(0, 5000, true, 0.05)).toBeNull();
    expect(planFastForward(0, null, false, 0.05)).toBeNull();
    expect(planFastForward(0, 0, false, 0.05)).toBeNull();
    expect(planFastForward(0, 500, false, 1)).toBeNull();
    expect(planFastForward(0, MAX_FAST_FORWARD_MS + 1, false, 0.05)).toBeNull();
    expect(planFastForward(0, 432_000_000, false, 0.05)).toBeNull();
  });
});
