import { median, perTurnChange } from '../../bench/stats';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('perTurnChange', () => {
  it('is the median of the turns’ ratios, less one', () => {
    // Turn ratios 1.1, 0.9, 1.2: the median is 1.1, where the medians' ratio (220/200) is also 1.1.
    expect(perTurnChange([110, 180, 360], [100, 200, 300])).toBeCloseTo(0.1);
  });

  it('does not let a turn slowed for both sides move it, as the ratio of medians does', () => {
    // The last two turns ran on a busy machine: both sides slower, this one 5% slower in every turn.
    const before = [100, 100, 300, 300];
    const now = before.map((ms) => ms * 1.05);
    expect(perTurnChange(now, before)).toBeCloseTo(0.05);
    expect(median(now) / median([100, 100, 100, 300]) - 1).toBeGreaterThan(0.5);
  });

  it('skips turns without both figures, and is NaN when none has them', () => {
    expect(perTurnChange([110, undefined, 120], [100, 100, undefined])).toBeCloseTo(0.1);
    expect(perTurnChange([undefined], [100])).toBeNaN();
  });
});
