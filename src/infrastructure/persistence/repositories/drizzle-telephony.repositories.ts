import { Injectable } from '@nestjs/common';
import { and, asc, eq, gte, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm';
import { UnitOfWork } from '../../../domain/shared/ports/unit-of-work.port';
import { Agent, type AgentAvailability } from '../../../domain/telephony/agent.aggregate';
import { Call, type CallParticipantState } from '../../../domain/telephony/call.aggregate';
import { TERMINAL_STATUSES, type CallDirection, type CallStatus } from '../../../domain/telephony/call-status';
import { PhoneNumber, type RingStrategy } from '../../../domain/telephony/phone-number.aggregate';
import {
  AgentRepository,
  CallRepository,
  PhoneNumberRepository,
  TelephonyDirectory,
  TwilioAccountRepository,
  type SignedOwner,
  type SigningKeys,
} from '../../../domain/telephony/ports/telephony-repositories.port';
import { TwilioAccount } from '../../../domain/telephony/twilio-account.aggregate';
import { agentNumbers, agents, callParticipants, calls, phoneNumbers, twilioAccounts } from '../schema/telephony.schema';
import { TransactionContext } from '../transaction-context';

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

@Injectable()
export class DrizzleTwilioAccountRepository extends TwilioAccountRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findByWorkspace(organizationId: string, workspaceId: string): Promise<TwilioAccount | null> {
    const [r] = await this.tx.db
      .select()
      .from(twilioAccounts)
      .where(and(eq(twilioAccounts.organizationId, organizationId), eq(twilioAccounts.workspaceId, workspaceId)));
    if (!r) return null;
    return TwilioAccount.restore(
      {
        organizationId: r.organizationId,
        workspaceId: r.workspaceId,
        accountSid: r.accountSid,
        authToken: r.authTokenSealed,
        previousAuthToken: r.previousAuthTokenSealed,
        previousAuthTokenExpiresAt: r.previousAuthTokenExpiresAt,
        apiKeySid: r.apiKeySid,
        apiKeySecret: r.apiKeySecretSealed,
        twimlAppSid: r.twimlAppSid,
        verifiedAt: r.verifiedAt,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      },
      r.authTokenFingerprint,
    );
  }

  async save(account: TwilioAccount): Promise<void> {
    const s = account.snapshot();
    const row = {
      organizationId: s.organizationId,
      workspaceId: s.workspaceId,
      accountSid: s.accountSid,
      authTokenSealed: s.authToken,
      authTokenFingerprint: account.authTokenFingerprint ?? '',
      previousAuthTokenSealed: s.previousAuthToken,
      previousAuthTokenExpiresAt: s.previousAuthTokenExpiresAt,
      apiKeySid: s.apiKeySid,
      apiKeySecretSealed: s.apiKeySecret,
      twimlAppSid: s.twimlAppSid,
      verifiedAt: s.verifiedAt,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
    const { organizationId: _o, workspaceId: _w, createdAt: _c, ...changes } = row;
    await this.tx.db.insert(twilioAccounts).values(row).onConflictDoUpdate({ target: twilioAccounts.workspaceId, set: changes });
    this.uow.collect(account);
  }

  async delete(account: TwilioAccount): Promise<void> {
    const s = account.snapshot();
    await this.tx.db
      .delete(twilioAccounts)
      .where(and(eq(twilioAccounts.organizationId, s.organizationId), eq(twilioAccounts.workspaceId, s.workspaceId)));
    this.uow.collect(account);
  }
}

@Injectable()
export class DrizzlePhoneNumberRepository extends PhoneNumberRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  private async hydrate(rows: (typeof phoneNumbers.$inferSelect)[]): Promise<PhoneNumber[]> {
    if (rows.length === 0) return [];
    const assigned = await this.tx.db
      .select()
      .from(agentNumbers)
      .where(and(eq(agentNumbers.organizationId, rows[0]!.organizationId), inArray(agentNumbers.phoneNumberId, rows.map((r) => r.id))));
    return rows.map((r) =>
      PhoneNumber.restore({
        id: r.id,
        organizationId: r.organizationId,
        workspaceId: r.workspaceId,
        e164: r.e164,
        twilioSid: r.twilioSid,
        friendlyName: r.friendlyName,
        ringStrategy: r.ringStrategy as RingStrategy,
        agents: assigned.filter((a) => a.phoneNumberId === r.id).map((a) => ({ userId: a.userId, position: a.position })),
        createdAt: r.createdAt,
        deletedAt: r.deletedAt,
      }),
    );
  }

  async findById(organizationId: string, workspaceId: string, phoneNumberId: string): Promise<PhoneNumber | null> {
    const rows = await this.tx.db
      .select()
      .from(phoneNumbers)
      .where(
        and(
          eq(phoneNumbers.organizationId, organizationId),
          eq(phoneNumbers.workspaceId, workspaceId),
          eq(phoneNumbers.id, phoneNumberId),
          isNull(phoneNumbers.deletedAt),
        ),
      );
    return (await this.hydrate(rows))[0] ?? null;
  }

  async isTaken(e164: string, exceptId: string | null): Promise<boolean> {
    const result = await this.tx.db.execute(sql`select phone_number_taken(${e164}, ${exceptId}::uuid) as taken`);
    return rowsOf<{ taken: boolean }>(result)[0]?.taken === true;
  }

  async findAssignedTo(organizationId: string, workspaceId: string, userId: string): Promise<PhoneNumber[]> {
    const rows = await this.tx.db
      .select({ number: phoneNumbers })
      .from(agentNumbers)
      .innerJoin(phoneNumbers, and(eq(phoneNumbers.organizationId, agentNumbers.organizationId), eq(phoneNumbers.id, agentNumbers.phoneNumberId)))
      .where(
        and(
          eq(agentNumbers.organizationId, organizationId),
          eq(agentNumbers.userId, userId),
          eq(phoneNumbers.workspaceId, workspaceId),
          isNull(phoneNumbers.deletedAt),
        ),
      )
      .orderBy(asc(phoneNumbers.id));
    return this.hydrate(rows.map((r) => r.number));
  }

  async organizationNumbers(organizationId: string): Promise<string[]> {
    const rows = await this.tx.db
      .select({ e164: phoneNumbers.e164 })
      .from(phoneNumbers)
      .where(and(eq(phoneNumbers.organizationId, organizationId), isNull(phoneNumbers.deletedAt)));
    return rows.map((r) => r.e164);
  }

  async save(n: PhoneNumber): Promise<void> {
    const s = n.snapshot();
    await this.tx.db
      .insert(phoneNumbers)
      .values({
        organizationId: s.organizationId,
        id: s.id,
        workspaceId: s.workspaceId,
        e164: s.e164,
        twilioSid: s.twilioSid,
        friendlyName: s.friendlyName,
        ringStrategy: s.ringStrategy,
        createdAt: s.createdAt,
        deletedAt: s.deletedAt,
      })
      .onConflictDoUpdate({
        target: phoneNumbers.id,
        set: { friendlyName: s.friendlyName, ringStrategy: s.ringStrategy, deletedAt: s.deletedAt, updatedAt: new Date() },
      });
    await this.tx.db.delete(agentNumbers).where(and(eq(agentNumbers.organizationId, s.organizationId), eq(agentNumbers.phoneNumberId, s.id)));
    if (s.agents.length > 0) {
      await this.tx.db
        .insert(agentNumbers)
        .values(s.agents.map((a) => ({ organizationId: s.organizationId, phoneNumberId: s.id, userId: a.userId, position: a.position })));
    }
    this.uow.collect(n);
  }
}

@Injectable()
export class DrizzleAgentRepository extends AgentRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  private restore(r: typeof agents.$inferSelect): Agent {
    return Agent.restore({ ...r, availability: r.availability as AgentAvailability });
  }

  async find(organizationId: string, workspaceId: string, userId: string): Promise<Agent | null> {
    const [r] = await this.tx.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, organizationId), eq(agents.workspaceId, workspaceId), eq(agents.userId, userId)));
    return r ? this.restore(r) : null;
  }

  async findByIdentity(organizationId: string, workspaceId: string, identity: string): Promise<Agent | null> {
    const [r] = await this.tx.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, organizationId), eq(agents.workspaceId, workspaceId), eq(agents.identity, identity)));
    return r ? this.restore(r) : null;
  }

  async findMany(organizationId: string, workspaceId: string, userIds: string[]): Promise<Agent[]> {
    if (userIds.length === 0) return [];
    const rows = await this.tx.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, organizationId), eq(agents.workspaceId, workspaceId), inArray(agents.userId, userIds)));
    const byId = new Map(rows.map((r) => [r.userId, this.restore(r)]));
    return userIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  async save(agent: Agent): Promise<void> {
    const s = agent.snapshot();
    const key = and(eq(agents.organizationId, s.organizationId), eq(agents.workspaceId, s.workspaceId), eq(agents.userId, s.userId));
    if (agent.isRemoved) {
      await this.tx.db
        .delete(agentNumbers)
        .where(
          and(
            eq(agentNumbers.organizationId, s.organizationId),
            eq(agentNumbers.userId, s.userId),
            inArray(
              agentNumbers.phoneNumberId,
              this.tx.db.select({ id: phoneNumbers.id }).from(phoneNumbers).where(and(eq(phoneNumbers.organizationId, s.organizationId), eq(phoneNumbers.workspaceId, s.workspaceId))),
            ),
          ),
        );
      await this.tx.db.delete(agents).where(key);
    } else {
      await this.tx.db
        .insert(agents)
        .values(s)
        .onConflictDoUpdate({
          target: [agents.organizationId, agents.workspaceId, agents.userId],
          set: { identity: s.identity, availability: s.availability, presenceExpiresAt: s.presenceExpiresAt, updatedAt: new Date() },
        });
    }
    this.uow.collect(agent);
  }
}

@Injectable()
export class DrizzleCallRepository extends CallRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  private async hydrate(r: typeof calls.$inferSelect | undefined): Promise<Call | null> {
    if (!r) return null;
    const parts = await this.tx.db
      .select()
      .from(callParticipants)
      .where(and(eq(callParticipants.organizationId, r.organizationId), eq(callParticipants.callId, r.id)))
      .orderBy(asc(callParticipants.id));
    return Call.restore({
      id: r.id,
      organizationId: r.organizationId,
      workspaceId: r.workspaceId,
      callSid: r.callSid,
      parentCallSid: r.parentCallSid,
      direction: r.direction as CallDirection,
      from: r.fromNumber,
      to: r.toNumber,
      status: r.status as CallStatus,
      lastSequence: r.lastSequence,
      startedAt: r.startedAt,
      answeredAt: r.answeredAt,
      answeredAtDerived: r.answeredAtDerived,
      endedAt: r.endedAt,
      durationSeconds: r.durationSeconds,
      answeredByUserId: r.answeredByUserId,
      phoneNumberId: r.phoneNumberId,
      agentUserId: r.agentUserId,
      stirVerstat: r.stirVerstat,
      createdAt: r.createdAt,
      participants: parts.map(
        (p): CallParticipantState => ({
          id: p.id,
          kind: p.kind as CallParticipantState['kind'],
          role: p.role as CallParticipantState['role'],
          userId: p.userId,
          address: p.address,
          callSid: p.callSid,
          joinedAt: p.joinedAt,
          leftAt: p.leftAt,
        }),
      ),
    });
  }

  async findBySid(organizationId: string, callSid: string): Promise<Call | null> {
    const [r] = await this.tx.db
      .select()
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.callSid, callSid)))
      .for('update');
    return this.hydrate(r);
  }

  async findById(organizationId: string, callId: string): Promise<Call | null> {
    const [r] = await this.tx.db
      .select()
      .from(calls)
      .where(and(eq(calls.organizationId, organizationId), eq(calls.id, callId)))
      .for('update');
    return this.hydrate(r);
  }

  async save(call: Call): Promise<void> {
    const s = call.snapshot();
    const row = {
      organizationId: s.organizationId,
      id: s.id,
      workspaceId: s.workspaceId,
      callSid: s.callSid,
      parentCallSid: s.parentCallSid,
      direction: s.direction,
      fromNumber: s.from,
      toNumber: s.to,
      status: s.status,
      lastSequence: s.lastSequence,
      startedAt: s.startedAt,
      answeredAt: s.answeredAt,
      answeredAtDerived: s.answeredAtDerived,
      endedAt: s.endedAt,
      durationSeconds: s.durationSeconds,
      answeredByUserId: s.answeredByUserId,
      phoneNumberId: s.phoneNumberId,
      agentUserId: s.agentUserId,
      stirVerstat: s.stirVerstat,
      createdAt: s.createdAt,
    };
    const { organizationId: _o, id: _i, createdAt: _c, callSid: _s, ...changes } = row;
    await this.tx.db
      .insert(calls)
      .values(row)
      .onConflictDoUpdate({ target: calls.id, set: { ...changes, updatedAt: new Date() } });
    for (const p of s.participants) {
      await this.tx.db
        .insert(callParticipants)
        .values({ organizationId: s.organizationId, callId: s.id, ...p })
        .onConflictDoUpdate({ target: callParticipants.id, set: { joinedAt: p.joinedAt, leftAt: p.leftAt } });
    }
    this.uow.collect(call);
  }

  async lockDialing(_organizationId: string, workspaceId: string): Promise<void> {
    // Transaction-scoped: released at commit or rollback, never left behind. Workspace ids are unique platform-wide.
    await this.tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${workspaceId}, 7264))`);
  }

  async countOutboundSince(organizationId: string, workspaceId: string, agentUserId: string, since: Date): Promise<{ agent: number; workspace: number }> {
    // Child legs (the <Dial> to an agent or a number) are part of their call, not calls of their own.
    const [r] = await this.tx.db
      .select({
        workspace: sql<number>`count(*)::int`,
        agent: sql<number>`(count(*) filter (where ${calls.agentUserId} = ${agentUserId}))::int`,
      })
      .from(calls)
      .where(
        and(
          eq(calls.organizationId, organizationId),
          eq(calls.workspaceId, workspaceId),
          eq(calls.direction, 'outbound'),
          isNull(calls.parentCallSid),
          gte(calls.createdAt, since),
        ),
      );
    return { agent: Number(r?.agent ?? 0), workspace: Number(r?.workspace ?? 0) };
  }
}

const signingColumns = {
  accountSid: twilioAccounts.accountSid,
  authToken: twilioAccounts.authTokenSealed,
  previousAuthToken: twilioAccounts.previousAuthTokenSealed,
  previousAuthTokenExpiresAt: twilioAccounts.previousAuthTokenExpiresAt,
};

function signingOf(r: { accountSid: string | null; authToken: string | null; previousAuthToken: string | null; previousAuthTokenExpiresAt: Date | null }): SigningKeys | null {
  return r.accountSid && r.authToken
    ? { accountSid: r.accountSid, authToken: r.authToken, previousAuthToken: r.previousAuthToken, previousAuthTokenExpiresAt: r.previousAuthTokenExpiresAt }
    : null;
}

/** Runs in platform scope (no organization yet): finds who a webhook belongs to, with the keys to check it. */
@Injectable()
export class DrizzleTelephonyDirectory extends TelephonyDirectory {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async ownerOfNumber(e164: string) {
    const [r] = await this.tx.db
      .select({ organizationId: phoneNumbers.organizationId, workspaceId: phoneNumbers.workspaceId, phoneNumberId: phoneNumbers.id, ...signingColumns })
      .from(phoneNumbers)
      .leftJoin(twilioAccounts, eq(twilioAccounts.workspaceId, phoneNumbers.workspaceId))
      .where(and(eq(phoneNumbers.e164, e164), isNull(phoneNumbers.deletedAt)));
    return r ? { organizationId: r.organizationId, workspaceId: r.workspaceId, phoneNumberId: r.phoneNumberId, signing: signingOf(r) } : null;
  }

  async ownerOfCall(callSid: string) {
    const [r] = await this.tx.db
      .select({ organizationId: calls.organizationId, workspaceId: calls.workspaceId, callId: calls.id, ...signingColumns })
      .from(calls)
      .leftJoin(twilioAccounts, eq(twilioAccounts.workspaceId, calls.workspaceId))
      .where(eq(calls.callSid, callSid));
    return r ? { organizationId: r.organizationId, workspaceId: r.workspaceId, callId: r.callId, signing: signingOf(r) } : null;
  }

  async ownersOfAccount(accountSid: string, twimlAppSid: string | null): Promise<SignedOwner[]> {
    const rows = await this.tx.db
      .select({ organizationId: twilioAccounts.organizationId, workspaceId: twilioAccounts.workspaceId, ...signingColumns })
      .from(twilioAccounts)
      .where(and(eq(twilioAccounts.accountSid, accountSid), twimlAppSid ? eq(twilioAccounts.twimlAppSid, twimlAppSid) : undefined));
    return rows.map((r) => ({ organizationId: r.organizationId, workspaceId: r.workspaceId, signing: signingOf(r) }));
  }

  async staleOpenCalls(olderThan: Date, limit: number) {
    return this.tx.db
      .select({ organizationId: calls.organizationId, workspaceId: calls.workspaceId, callSid: calls.callSid })
      .from(calls)
      .where(and(notInArray(calls.status, [...TERMINAL_STATUSES]), lt(calls.updatedAt, olderThan)))
      .orderBy(asc(calls.updatedAt))
      .limit(limit);
  }
}
