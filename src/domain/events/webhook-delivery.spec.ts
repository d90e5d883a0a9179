import { nextRetryDelay } from './webhook-delivery';

describe('webhook retries', () => {
  it('wait the scheduled delay after each failed attempt, then give up', () => {
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(n, [5, 60, 600]))).toEqual([5, 60, 600, null]);
  });
});
