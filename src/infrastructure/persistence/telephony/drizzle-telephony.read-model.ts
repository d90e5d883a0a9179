import { Injectable } from '@nestjs/common';
import { Clock } from '@domain/shared/clock';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import {
  TelephonyReadModel,
  type AgentView,
  type CallDetailView,
  type CallFilter,
  type CallView,
  type PhoneNumberView,
  type TwilioAccountView,
} from '@domain/telephony/ports/telephony-read-model.port';
import type { CallDirection, CallStatus } from '@domain/telephony/call-status';
import { agentNumbers, agents, callParticipants, calls, phoneNumbers } from './telephony.schema';
// Known debt: agents' names and emails are tenancy's (see KNOWN_FOREIGN_TABLE_READS in .dependency-cruiser.js).
import { profiles } from '../tenancy/tenancy.schema';
import { assignedPhoneNumber, liveNumbersOf } from './telephony-conditions';
import { twilioAccountRow } from './drizzle-telephony.repositories';
import { TransactionContext } from '../transaction-context';

const callColumns = {
  id: calls.id,
  workspaceId: calls.workspaceId,
  callSid: calls.callSid,
  parentCallSid: calls.parentCallSid,
  direction: calls.direction,
  from: calls.fromNumber,
  to: calls.toNumber,
  status: calls.status,
  startedAt: calls.startedAt,
  answeredAt: calls.answeredAt,
  endedAt: calls.endedAt,
  durationSeconds: calls.durationSeconds,
  answeredByUserId: calls.answeredByUserId,
  agentUserId: calls.agentUserId,
  phoneNumberId: calls.phoneNumberId,
  stirVerstat: calls.stirVerstat,
  createdAt: calls.createdAt,
};

type CallRow = Omit<CallView, 'direction' | 'status'> & { direction: string; status: string };
const asCall = (r: CallRow): CallView => ({ ...r, direction: r.direction as CallDirection, status: r.status as CallStatus });

@Injectable()
export class DrizzleTelephonyReadModel extends TelephonyReadModel {
  constructor(
    private readonly tx: TransactionContext,
    private readonly clock: Clock,
  ) {
    super();
  }

  async twilioAccount(organizationId: string, workspaceId: string): Promise<TwilioAccountView | null> {
    const r = await twilioAccountRow(this.tx.db, organizationId, workspaceId);
    if (!r) return null;
    const previousValid = r.previousAuthTokenSealed && r.previousAuthTokenExpiresAt && r.previousAuthTokenExpiresAt > new Date();
    return {
      workspaceId: r.workspaceId,
      accountSid: r.accountSid,
      authTokenSet: true,
      apiKeySid: r.apiKeySid,
      apiKeySecretSet: r.apiKeySecretSealed !== null,
      twimlAppSid: r.twimlAppSid,
      previousAuthTokenValidUntil: previousValid ? r.previousAuthTokenExpiresAt : null,
      verifiedAt: r.verifiedAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  private async numbers(organizationId: string, workspaceId: string, extra: SQL | undefined, limit: number): Promise<PhoneNumberView[]> {
    const rows = await this.tx.db
      .select()
      .from(phoneNumbers)
      .where(and(liveNumbersOf(organizationId, workspaceId), extra))
      .orderBy(asc(phoneNumbers.id))
      .limit(limit);
    if (rows.length === 0) return [];
    const assigned = await this.tx.db
      .select({
        phoneNumberId: agentNumbers.phoneNumberId,
        userId: agentNumbers.userId,
        position: agentNumbers.position,
        identity: agents.identity,
      })
      .from(agentNumbers)
      .leftJoin(
        agents,
        and(
          eq(agents.organizationId, agentNumbers.organizationId),
          eq(agents.workspaceId, workspaceId),
          eq(agents.userId, agentNumbers.userId),
        ),
      )
      .where(
        and(
          eq(agentNumbers.organizationId, organizationId),
          inArray(
            agentNumbers.phoneNumberId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .orderBy(asc(agentNumbers.position));
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspaceId,
      phoneNumber: r.e164,
      twilioSid: r.twilioSid,
      friendlyName: r.friendlyName,
      ringStrategy: r.ringStrategy,
      agents: assigned
        .filter((a) => a.phoneNumberId === r.id)
        .map((a) => ({ userId: a.userId, position: a.position, identity: a.identity })),
      createdAt: r.createdAt,
    }));
  }

  phoneNumbers(organizationId: string, workspaceId: string, after: string | null, limit: number): Promise<PhoneNumberView[]> {
    return this.numbers(organizationId, workspaceId, after ? gt(phoneNumbers.id, after) : undefined, limit);
  }

  async phoneNumber(organizationId: string, workspaceId: string, id: string): Promise<PhoneNumberView | null> {
    return (await this.numbers(organizationId, workspaceId, eq(phoneNumbers.id, id), 1))[0] ?? null;
  }

  private async agentRows(organizationId: string, workspaceId: string, extra: SQL | undefined, limit: number): Promise<AgentView[]> {
    const rows = await this.tx.db
      .select({
        workspaceId: agents.workspaceId,
        userId: agents.userId,
        identity: agents.identity,
        availability: agents.availability,
        presenceExpiresAt: agents.presenceExpiresAt,
        email: profiles.email,
        fullName: profiles.fullName,
        createdAt: agents.createdAt,
      })
      .from(agents)
      .innerJoin(profiles, eq(profiles.id, agents.userId))
      .where(and(eq(agents.organizationId, organizationId), eq(agents.workspaceId, workspaceId), extra))
      .orderBy(asc(agents.userId))
      .limit(limit);
    if (rows.length === 0) return [];
    const assigned = await this.tx.db
      .select({ userId: agentNumbers.userId, phoneNumberId: agentNumbers.phoneNumberId })
      .from(agentNumbers)
      .innerJoin(phoneNumbers, assignedPhoneNumber)
      .where(
        and(
          eq(agentNumbers.organizationId, organizationId),
          eq(phoneNumbers.workspaceId, workspaceId),
          inArray(
            agentNumbers.userId,
            rows.map((r) => r.userId),
          ),
        ),
      );
    const now = this.clock.now();
    return rows.map((r) => ({
      ...r,
      availability: r.presenceExpiresAt !== null && r.presenceExpiresAt <= now ? 'offline' : r.availability,
      phoneNumberIds: assigned.filter((a) => a.userId === r.userId).map((a) => a.phoneNumberId),
    }));
  }

  agents(organizationId: string, workspaceId: string, after: string | null, limit: number): Promise<AgentView[]> {
    return this.agentRows(organizationId, workspaceId, after ? gt(agents.userId, after) : undefined, limit);
  }

  async agent(organizationId: string, workspaceId: string, userId: string): Promise<AgentView | null> {
    return (await this.agentRows(organizationId, workspaceId, eq(agents.userId, userId), 1))[0] ?? null;
  }

  async calls(
    organizationId: string,
    f: CallFilter,
    beforeId: string | null,
    limit: number,
    only: readonly string[] | null,
  ): Promise<CallView[]> {
    if (only?.length === 0) return [];
    const rows = await this.tx.db
      .select(callColumns)
      .from(calls)
      .where(
        and(
          eq(calls.organizationId, organizationId),
          isNull(calls.parentCallSid),
          f.workspaceId ? eq(calls.workspaceId, f.workspaceId) : undefined,
          only ? inArray(calls.workspaceId, [...only]) : undefined,
          f.status ? eq(calls.status, f.status) : undefined,
          f.direction ? eq(calls.direction, f.direction) : undefined,
          f.agentUserId ? or(eq(calls.agentUserId, f.agentUserId), eq(calls.answeredByUserId, f.agentUserId)) : undefined,
          f.phoneNumberId ? eq(calls.phoneNumberId, f.phoneNumberId) : undefined,
          f.from ? gte(calls.createdAt, f.from) : undefined,
          f.to ? lte(calls.createdAt, f.to) : undefined,
          beforeId ? lt(calls.id, beforeId) : undefined,
        ),
      )
      .orderBy(desc(calls.id))
      .limit(limit);
    return rows.map(asCall);
  }

  async call(organizationId: string, callId: string): Promise<Omit<CallDetailView, 'recordingPauses'> | null> {
    const [row] = await this.tx.db
      .select(callColumns)
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.id, callId)));
    if (!row) return null;
    const legs = await this.tx.db
      .select(callColumns)
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.parentCallSid, row.callSid)))
      .orderBy(asc(calls.id));
    const participants = await this.tx.db
      .select({
        id: callParticipants.id,
        kind: callParticipants.kind,
        role: callParticipants.role,
        userId: callParticipants.userId,
        address: callParticipants.address,
        callSid: callParticipants.callSid,
        joinedAt: callParticipants.joinedAt,
        leftAt: callParticipants.leftAt,
      })
      .from(callParticipants)
      .where(and(eq(callParticipants.organizationId, organizationId), eq(callParticipants.callId, callId)))
      .orderBy(asc(callParticipants.id));
    return { ...asCall(row), participants, legs: legs.map(asCall) };
  }

  async callIdBySid(organizationId: string, callSid: string): Promise<string | null> {
    const [leg] = await this.tx.db
      .select({ id: calls.id, parentCallSid: calls.parentCallSid })
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.callSid, callSid)));
    if (!leg?.parentCallSid) return leg?.id ?? null;
    const [parent] = await this.tx.db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.callSid, leg.parentCallSid)));
    return parent?.id ?? leg.id;
  }
}
