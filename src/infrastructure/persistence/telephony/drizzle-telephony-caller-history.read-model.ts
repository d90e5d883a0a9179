import { Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { CallerHistoryReadModel, type CallerSignalsView } from '@domain/telephony/ports/caller-history-read-model.port';
import { calls } from './telephony.schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleCallerHistoryReadModel extends CallerHistoryReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async signals(
    organizationId: string,
    input: { from: string; before: Date; windowMinutes: number; shortCallSeconds: number },
  ): Promise<CallerSignalsView> {
    const since = new Date(input.before.getTime() - input.windowMinutes * 60_000);
    const [r] = await this.tx.db
      .select({
        calls: sql<number>`count(*)::int`,
        agents: sql<number>`count(distinct coalesce(${calls.answeredByUserId}, ${calls.agentUserId}))::int`,
        workspaces: sql<number>`count(distinct ${calls.workspaceId})::int`,
        short: sql<number>`(count(*) filter (where ${calls.durationSeconds} is not null and ${calls.durationSeconds} < ${input.shortCallSeconds}))::int`,
      })
      .from(calls)
      .where(
        and(
          eq(calls.organizationId, organizationId),
          eq(calls.fromNumber, input.from),
          sql`${calls.parentCallSid} is null`,
          sql`${calls.createdAt} >= ${since.toISOString()}::timestamptz and ${calls.createdAt} <= ${input.before.toISOString()}::timestamptz`,
        ),
      );
    return {
      callsFromSameNumber: r?.calls ?? 0,
      distinctAgentsCalled: r?.agents ?? 0,
      distinctWorkspacesCalled: r?.workspaces ?? 0,
      shortCallsFromSameNumber: r?.short ?? 0,
    };
  }
}
