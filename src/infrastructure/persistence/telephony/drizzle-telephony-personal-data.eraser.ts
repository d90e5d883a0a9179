import { Injectable } from '@nestjs/common';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { TelephonyPersonalDataEraser } from '@domain/telephony/ports/telephony-personal-data-eraser.port';
import { agents, callParticipants, calls } from './telephony.schema';
import { ERASED } from '@domain/shared/erased';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleTelephonyPersonalDataEraser extends TelephonyPersonalDataEraser {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async callsWithParty(organizationId: string, numbers: readonly string[]): Promise<{ callId: string; workspaceId: string }[]> {
    if (numbers.length === 0) return [];
    const list = [...numbers];
    const direct = await this.tx.db
      .select({ callId: calls.id, workspaceId: calls.workspaceId })
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), or(inArray(calls.fromNumber, list), inArray(calls.toNumber, list))));
    const viaParticipants = await this.tx.db
      .selectDistinct({ callId: calls.id, workspaceId: calls.workspaceId })
      .from(callParticipants)
      .innerJoin(calls, eq(calls.id, callParticipants.callId))
      .where(and(eq(callParticipants.organizationId, organizationId), inArray(callParticipants.address, list)));
    const byId = new Map([...direct, ...viaParticipants].map((c) => [c.callId, c]));
    return [...byId.values()].sort((a, b) => a.callId.localeCompare(b.callId));
  }

  async redactParties(
    organizationId: string,
    callIds: readonly string[],
    numbers: readonly string[],
  ): Promise<{ callIds: string[]; participantIds: string[] }> {
    if (callIds.length === 0 || numbers.length === 0) return { callIds: [], participantIds: [] };
    const ids = [...callIds];
    const list = [...numbers];
    const changedCalls = await this.tx.db
      .update(calls)
      .set({
        fromNumber: sql`case when ${inArray(calls.fromNumber, list)} then ${ERASED} else ${calls.fromNumber} end`,
        toNumber: sql`case when ${inArray(calls.toNumber, list)} then ${ERASED} else ${calls.toNumber} end`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(calls.organizationId, organizationId),
          inArray(calls.id, ids),
          or(inArray(calls.fromNumber, list), inArray(calls.toNumber, list)),
        ),
      )
      .returning({ id: calls.id });
    const changedParticipants = await this.tx.db
      .update(callParticipants)
      .set({ address: ERASED })
      .where(
        and(
          eq(callParticipants.organizationId, organizationId),
          inArray(callParticipants.callId, ids),
          inArray(callParticipants.address, list),
        ),
      )
      .returning({ id: callParticipants.id });
    return { callIds: changedCalls.map((c) => c.id), participantIds: changedParticipants.map((p) => p.id) };
  }

  async agentWorkspacesOf(organizationId: string, userId: string): Promise<string[]> {
    const rows = await this.tx.db
      .select({ workspaceId: agents.workspaceId })
      .from(agents)
      .where(and(eq(agents.organizationId, organizationId), eq(agents.userId, userId)));
    return rows.map((r) => r.workspaceId).sort();
  }
}
