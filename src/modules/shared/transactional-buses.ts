import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus, type ICommand, type IQuery } from '@nestjs/cqrs';
import { UnitOfWork } from '../../domain/shared/ports/unit-of-work.port';

/** A command or query names the organization it works in, or null for platform work. */
export interface Scoped {
  readonly organizationId: string | null;
}

/**
 * The only way controllers run commands: each one in its own transaction, with row-level
 * security for its organization and its events published before commit.
 */
@Injectable()
export class TransactionalCommandBus {
  constructor(
    private readonly commands: CommandBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute<TResult>(command: ICommand & Scoped): Promise<TResult> {
    return this.unitOfWork.run({ organizationId: command.organizationId }, () => this.commands.execute(command));
  }
}

/** Queries read inside a transaction too: row-level security needs the organization set. */
@Injectable()
export class TenantQueryBus {
  constructor(
    private readonly queries: QueryBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute<TResult>(query: IQuery & Scoped): Promise<TResult> {
    return this.unitOfWork.run({ organizationId: query.organizationId }, () => this.queries.execute(query));
  }
}
