import type { Query } from '@nestjs/cqrs';
import type { TenantQueryBus } from '@modules/shared';

type QueryClass = abstract new (...args: never[]) => Query<unknown>;

/**
 * Answers the queries a handler asks other contexts, by query class; an unexpected query
 * fails the test. Stands in for `TenantQueryBus`, whose real unit of work joins the handler's.
 */
export class FakeQueryBus {
  private readonly answers = new Map<QueryClass, (query: never) => unknown>();
  readonly asked: unknown[] = [];

  answer<Q extends Query<unknown>>(queryClass: abstract new (...args: never[]) => Q, answer: (query: Q) => unknown): this {
    this.answers.set(queryClass as QueryClass, answer as (query: never) => unknown);
    return this;
  }

  execute(query: Query<unknown>): Promise<unknown> {
    this.asked.push(query);
    const answer = this.answers.get(query.constructor as QueryClass);
    if (!answer) return Promise.reject(new Error(`FakeQueryBus: no answer for ${query.constructor.name}`));
    return Promise.resolve(answer(query as never));
  }

  asBus(): TenantQueryBus {
    return this as unknown as TenantQueryBus;
  }
}
