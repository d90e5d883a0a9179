import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus, type Command, type Query } from '@nestjs/cqrs';
import { CommandJournal } from '@domain/shared/ports/command-journal.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';

/** A command or query names the organization it works in, or null for platform work. */
export interface Scoped {
  readonly organizationId: string | null;
}

/**
 * The only way controllers run commands: each one in its own transaction, with row-level
 * security for its organization and its events published before commit. Under an
 * Idempotency-Key the result is journaled in that same transaction, and a retry after a crash
 * gets the committed result back instead of running the command again.
 */
@Injectable()
export class TransactionalCommandBus {
  constructor(
    private readonly commands: CommandBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: CommandJournal,
  ) {}

  /** The result type is the command's own (`class X extends Command<TResult>`): call sites never restate it. */
  execute<TResult>(command: Command<TResult> & Scoped): Promise<TResult> {
    const replay = this.journal.replay();
    if (replay.replayed) return Promise.resolve(replay.result as TResult);
    return this.unitOfWork.run({ organizationId: command.organizationId }, async () => {
      const result = await this.commands.execute(command);
      await this.journal.record(result);
      return result;
    });
  }

  /**
   * Runs the command and then `answer` with its result in the same transaction, so a request
   * that changes something and answers with the resource costs one transaction: `answer`
   * usually runs a query through `TenantQueryBus`, whose unit of work joins this one, and sees
   * exactly what the command wrote. The journal keeps the command's result, not the answer:
   * a replay runs only `answer` again, on the committed state.
   */
  executeAndAnswer<TResult, TAnswer>(command: Command<TResult> & Scoped, answer: (result: TResult) => Promise<TAnswer>): Promise<TAnswer> {
    const scope = { organizationId: command.organizationId };
    const replay = this.journal.replay();
    if (replay.replayed) return this.unitOfWork.run(scope, () => answer(replay.result as TResult));
    return this.unitOfWork.run(scope, async () => {
      const result = await this.commands.execute(command);
      await this.journal.record(result);
      return answer(result);
    });
  }
}

/** Queries read inside a transaction too: row-level security needs the organization set. */
@Injectable()
export class TenantQueryBus {
  constructor(
    private readonly queries: QueryBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The result type is the query's own (`class X extends Query<TResult>`). */
  execute<TResult>(query: Query<TResult> & Scoped): Promise<TResult> {
    return this.unitOfWork.run({ organizationId: query.organizationId }, () => this.queries.execute(query));
  }
}
