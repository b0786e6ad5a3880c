/**
 * A bounded pool: at most `concurrency` tasks run at once, the rest wait in order. Tasks that start
 * more tasks must not await them while holding a slot (the per-VPC work is queued after DescribeVpcs
 * completes, not inside it), or the pool could fill with waiting parents.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  let active = 0;
  const waiting: (() => void)[] = [];
  const startNext = (): void => {
    if (active >= concurrency) return;
    const start = waiting.shift();
    if (!start) return;
    active += 1;
    start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active -= 1;
            startNext();
          });
      });
      startNext();
    });
}
