import { Clock } from '@domain/shared/clock';

/** A clock that says what the test says. */
export class FixedClock extends Clock {
  constructor(public current: Date = new Date('2026-03-01T09:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }
}
