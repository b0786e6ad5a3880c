import { memoized, memoizedWeak } from '../lambda/memo';

describe('memoized', () => {
  it('computes a key once, including an answer of undefined', () => {
    const cache = new Map<string, string | undefined>();
    let calls = 0;
    const compute = (value: string | undefined) => () => {
      calls++;
      return value;
    };
    expect(memoized(cache, 'a', compute('x'))).toBe('x');
    expect(memoized(cache, 'a', compute('y'))).toBe('x');
    expect(memoized(cache, 'b', compute(undefined))).toBeUndefined();
    expect(memoized(cache, 'b', compute('z'))).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('works over a WeakMap for object keys', () => {
    const cache = new WeakMap<object, number>();
    const key = {};
    expect(memoizedWeak(cache, key, () => 1)).toBe(1);
    expect(memoizedWeak(cache, key, () => 2)).toBe(1);
  });
});
