import { Injectable } from '@nestjs/common';
import { and, asc, eq, gte, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { CommitNotifications } from '@domain/shared/ports/commit-notifications.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { Agent, type AgentAvailability } from '@domain/telephony/agent.aggregate';
import { Call, type CallParticipantState } from '@domain/telephony/call.aggregate';
import { TERMINAL_STATUSES, type CallDirection, type CallStatus } from '@domain/telephony/call-status';
import { PhoneNumber, type RingStrategy } from '@domain/telephony/phone-number.aggregate';
import {
  AgentRepository,
  CallRepository,
  PhoneNumberRepository,
  TelephonyDirectory,
  TwilioAccountRepository,
  type SignedOwner,
  type SigningKeys,
} from '@domain/telephony/ports/telephony-repositories.port';
import { TwilioAccount } from '@domain/telephony/twilio-account.aggregate';
import { agentNumbers, agents, callParticipants, calls, phoneNumbers, twilioAccounts } from './telephony.schema';
import { Database, decode, PreparedStatement, rowsOf, type Db } from '../database';
import { assignedPhoneNumber, liveNumbersOf } from './telephony-conditions';
import { TransactionContext } from '../transaction-context';

/** The workspace's Twilio account row: the repository restores it, the read model shows it. */
export async function twilioAccountRow(db: Db, organizationId: string, workspaceId: string) {
  const [row] = await db
    .select()
    .from(twilioAccounts)
    .where(and(eq(twilioAccounts.organizationId, organizationId), eq(twilioAccounts.workspaceId, workspaceId)));
  return row ?? null;
}

@Injectable()
export class DrizzleTwilioAccountRepository extends TwilioAccountRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
    private readonly notifications: CommitNotifications,
  ) {
    super();
  }

  /** This replica forgets the workspace's opened signing keys at once; the others when the change commits. */
  private announce(account: TwilioAccount): void {
    const s = account.snapshot();
    this.notifications.announceLocally({
      type: 'twilio_account.saved',
      organizationId: s.organizationId,
      resourceType: 'twilio_account',
      resourceId: s.workspaceId,
    });
  }

  async findByWorkspace(organizationId: string, workspaceId: string): Promise<TwilioAccount | null> {
    const r = await twilioAccountRow(this.tx.db, organizationId, workspaceId);
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
    this.announce(account);
    this.uow.collect(account);
  }

  async delete(account: TwilioAccount): Promise<void> {
    const s = account.snapshot();
    await this.tx.db
      .delete(twilioAccounts)
      .where(and(eq(twilioAccounts.organizationId, s.organizationId), eq(twilioAccounts.workspaceId, s.workspaceId)));
    this.announce(account);
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
      .where(
        and(
          eq(agentNumbers.organizationId, rows[0]!.organizationId),
          inArray(
            agentNumbers.phoneNumberId,
            rows.map((r) => r.id),
          ),
        ),
      );
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
      .where(and(liveNumbersOf(organizationId, workspaceId), eq(phoneNumbers.id, phoneNumberId)));
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
      .innerJoin(phoneNumbers, assignedPhoneNumber)
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
    await this.tx.db
      .delete(agentNumbers)
      .where(and(eq(agentNumbers.organizationId, s.organizationId), eq(agentNumbers.phoneNumberId, s.id)));
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

  find(organizationId: string, workspaceId: string, userId: string): Promise<Agent | null> {
    return this.findOne(organizationId, workspaceId, eq(agents.userId, userId));
  }

  findByIdentity(organizationId: string, workspaceId: string, identity: string): Promise<Agent | null> {
    return this.findOne(organizationId, workspaceId, eq(agents.identity, identity));
  }

  async findMany(organizationId: string, workspaceId: string, userIds: string[]): Promise<Agent[]> {
    if (userIds.length === 0) return [];
    const rows = await this.rowsOf(organizationId, workspaceId, inArray(agents.userId, userIds));
    const byId = new Map(rows.map((r) => [r.userId, this.restore(r)]));
    return userIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  private async findOne(organizationId: string, workspaceId: string, where: SQL): Promise<Agent | null> {
    const [r] = await this.rowsOf(organizationId, workspaceId, where);
    return r ? this.restore(r) : null;
  }

  /** The workspace's agents matching `where`. */
  private rowsOf(organizationId: string, workspaceId: string, where: SQL) {
    return this.tx.db
      .select()
      .from(agents)
      .where(and(eq(agents.organizationId, organizationId), eq(agents.workspaceId, workspaceId), where));
  }

  async save(agent: Agent): Promise<void> {
    const s = agent.snapshot();
    const key = and(eq(agents.organizationId, s.organizationId), eq(agents.workspaceId, s.workspaceId), eq(agents.userId, s.userId));
    if (agent.isRemoved) {
      await this.tx.db.delete(agentNumbers).where(
        and(
          eq(agentNumbers.organizationId, s.organizationId),
          eq(agentNumbers.userId, s.userId),
          inArray(
            agentNumbers.phoneNumberId,
            this.tx.db
              .select({ id: phoneNumbers.id })
              .from(phoneNumbers)
              .where(and(eq(phoneNumbers.organizationId, s.organizationId), eq(phoneNumbers.workspaceId, s.workspaceId))),
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

const CALL_COLUMNS = sql`${calls.organizationId} as organization_id, ${calls.id} as id, ${calls.workspaceId} as workspace_id, ${calls.callSid} as call_sid,
  ${calls.parentCallSid} as parent_call_sid, ${calls.direction} as direction, ${calls.fromNumber} as from_number, ${calls.toNumber} as to_number,
  ${calls.status} as status, ${calls.lastSequence} as last_sequence, ${calls.startedAt} as started_at, ${calls.answeredAt} as answered_at,
  ${calls.answeredAtDerived} as answered_at_derived, ${calls.endedAt} as ended_at, ${calls.durationSeconds} as duration_seconds,
  ${calls.answeredByUserId} as answered_by_user_id, ${calls.phoneNumberId} as phone_number_id, ${calls.agentUserId} as agent_user_id,
  ${calls.stirVerstat} as stir_verstat, ${calls.createdAt} as created_at,
  coalesce((select json_agg(json_build_object('id', p.id, 'kind', p.kind, 'role', p.role, 'userId', p.user_id, 'address', p.address,
    'callSid', p.call_sid, 'joinedAt', p.joined_at, 'leftAt', p.left_at) order by p.id)
    from ${callParticipants} p where p.organization_id = ${calls.organizationId} and p.call_id = ${calls.id}), '[]') as participants`;

/** The hot statements of the call repository (every status callback runs them), prepared once per connection. */
const CALLS = {
  /** The leg, locked, with its participants: one statement. */
  bySid: new PreparedStatement<'organizationId' | 'callSid'>(
    'telephony_call_by_sid',
    sql`select ${CALL_COLUMNS} from ${calls} where ${calls.organizationId} = ${sql.placeholder('organizationId')} and ${calls.callSid} = ${sql.placeholder('callSid')} for update of ${calls}`,
  ),
  byId: new PreparedStatement<'organizationId' | 'callId'>(
    'telephony_call_by_id',
    sql`select ${CALL_COLUMNS} from ${calls} where ${calls.organizationId} = ${sql.placeholder('organizationId')} and ${calls.id} = ${sql.placeholder('callId')} for update of ${calls}`,
  ),
  /** The call and the participants that changed since it was read (a JSON array, often empty): one statement. */
  save: new PreparedStatement<
    | 'organizationId'
    | 'id'
    | 'workspaceId'
    | 'callSid'
    | 'parentCallSid'
    | 'direction'
    | 'from'
    | 'to'
    | 'status'
    | 'lastSequence'
    | 'startedAt'
    | 'answeredAt'
    | 'answeredAtDerived'
    | 'endedAt'
    | 'durationSeconds'
    | 'answeredByUserId'
    | 'phoneNumberId'
    | 'agentUserId'
    | 'stirVerstat'
    | 'createdAt'
    | 'updatedAt'
    | 'participants'
  >(
    'telephony_call_save',
    sql`with saved as (
      insert into ${calls} (organization_id, id, workspace_id, call_sid, parent_call_sid, direction, from_number, to_number, status, last_sequence,
        started_at, answered_at, answered_at_derived, ended_at, duration_seconds, answered_by_user_id, phone_number_id, agent_user_id, stir_verstat,
        created_at, updated_at)
      values (${sql.placeholder('organizationId')}, ${sql.placeholder('id')}, ${sql.placeholder('workspaceId')}, ${sql.placeholder('callSid')},
        ${sql.placeholder('parentCallSid')}, ${sql.placeholder('direction')}, ${sql.placeholder('from')}, ${sql.placeholder('to')}, ${sql.placeholder('status')},
        ${sql.placeholder('lastSequence')}, ${sql.placeholder('startedAt')}::timestamptz, ${sql.placeholder('answeredAt')}::timestamptz,
        ${sql.placeholder('answeredAtDerived')}, ${sql.placeholder('endedAt')}::timestamptz, ${sql.placeholder('durationSeconds')}::int,
        ${sql.placeholder('answeredByUserId')}::uuid, ${sql.placeholder('phoneNumberId')}::uuid, ${sql.placeholder('agentUserId')}::uuid,
        ${sql.placeholder('stirVerstat')}::text, ${sql.placeholder('createdAt')}::timestamptz, ${sql.placeholder('updatedAt')}::timestamptz)
      on conflict (id) do update set workspace_id = excluded.workspace_id, parent_call_sid = excluded.parent_call_sid, direction = excluded.direction,
        from_number = excluded.from_number, to_number = excluded.to_number, status = excluded.status, last_sequence = excluded.last_sequence,
        started_at = excluded.started_at, answered_at = excluded.answered_at, answered_at_derived = excluded.answered_at_derived,
        ended_at = excluded.ended_at, duration_seconds = excluded.duration_seconds, answered_by_user_id = excluded.answered_by_user_id,
        phone_number_id = excluded.phone_number_id, agent_user_id = excluded.agent_user_id, stir_verstat = excluded.stir_verstat,
        updated_at = excluded.updated_at
      returning id
    ), participants as (
      insert into ${callParticipants} (organization_id, call_id, id, kind, role, user_id, address, call_sid, joined_at, left_at)
      select ${sql.placeholder('organizationId')}::uuid, (select id from saved), x.id, x.kind, x.role, x.user_id, x.address, x.call_sid, x.joined_at, x.left_at
      from json_to_recordset(${sql.placeholder('participants')}::json)
        as x(id uuid, kind text, role text, user_id uuid, address text, call_sid text, joined_at timestamptz, left_at timestamptz)
      on conflict (id) do update set joined_at = excluded.joined_at, left_at = excluded.left_at
    )
    select 1 as saved`,
  ),
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const participantVersion = (p: CallParticipantState) => `${p.joinedAt?.getTime() ?? ''}|${p.leftAt?.getTime() ?? ''}`;

interface ParticipantJson {
  id: string;
  kind: string;
  role: string;
  userId: string | null;
  address: string;
  callSid: string | null;
  joinedAt: string | null;
  leftAt: string | null;
}

@Injectable()
export class DrizzleCallRepository extends CallRepository {
  /** Each participant as read or last written, per call object: save() writes only those that changed. */
  private readonly written = new WeakMap<Call, Map<string, string>>();

  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  private restore(r: Record<string, unknown> | undefined): Call | null {
    if (!r) return null;
    const raw =
      typeof r.participants === 'string' ? (JSON.parse(r.participants) as ParticipantJson[]) : (r.participants as ParticipantJson[]);
    const participants = raw.map((p): CallParticipantState => ({
      id: p.id,
      kind: p.kind as CallParticipantState['kind'],
      role: p.role as CallParticipantState['role'],
      userId: p.userId,
      address: p.address,
      callSid: p.callSid,
      joinedAt: p.joinedAt ? new Date(p.joinedAt) : null,
      leftAt: p.leftAt ? new Date(p.leftAt) : null,
    }));
    const call = Call.restore({
      id: String(r.id),
      organizationId: String(r.organization_id),
      workspaceId: String(r.workspace_id),
      callSid: String(r.call_sid),
      parentCallSid: (r.parent_call_sid as string | null) ?? null,
      direction: r.direction as CallDirection,
      from: String(r.from_number),
      to: String(r.to_number),
      status: r.status as CallStatus,
      lastSequence: Number(r.last_sequence),
      startedAt: decode(calls.startedAt, r.started_at),
      answeredAt: decode(calls.answeredAt, r.answered_at),
      answeredAtDerived: r.answered_at_derived === true,
      endedAt: decode(calls.endedAt, r.ended_at),
      durationSeconds: r.duration_seconds === null || r.duration_seconds === undefined ? null : Number(r.duration_seconds),
      answeredByUserId: (r.answered_by_user_id as string | null) ?? null,
      phoneNumberId: (r.phone_number_id as string | null) ?? null,
      agentUserId: (r.agent_user_id as string | null) ?? null,
      stirVerstat: (r.stir_verstat as string | null) ?? null,
      createdAt: decode(calls.createdAt, r.created_at)!,
      participants,
    });
    this.written.set(call, new Map(participants.map((p) => [p.id, participantVersion(p)])));
    return call;
  }

  async findBySid(organizationId: string, callSid: string): Promise<Call | null> {
    const [r] = await CALLS.bySid.rows(this.tx.db, { organizationId, callSid });
    return this.restore(r);
  }

  async findById(organizationId: string, callId: string): Promise<Call | null> {
    const [r] = await CALLS.byId.rows(this.tx.db, { organizationId, callId });
    return this.restore(r);
  }

  async save(call: Call): Promise<void> {
    const s = call.snapshot();
    const written = this.written.get(call) ?? new Map<string, string>();
    const changed = s.participants.filter((p) => written.get(p.id) !== participantVersion(p));
    await CALLS.save.rows(this.tx.db, {
      organizationId: s.organizationId,
      id: s.id,
      workspaceId: s.workspaceId,
      callSid: s.callSid,
      parentCallSid: s.parentCallSid,
      direction: s.direction,
      from: s.from,
      to: s.to,
      status: s.status,
      lastSequence: s.lastSequence,
      startedAt: iso(s.startedAt),
      answeredAt: iso(s.answeredAt),
      answeredAtDerived: s.answeredAtDerived,
      endedAt: iso(s.endedAt),
      durationSeconds: s.durationSeconds,
      answeredByUserId: s.answeredByUserId,
      phoneNumberId: s.phoneNumberId,
      agentUserId: s.agentUserId,
      stirVerstat: s.stirVerstat,
      createdAt: iso(s.createdAt),
      updatedAt: new Date().toISOString(),
      participants: JSON.stringify(
        changed.map((p) => ({
          id: p.id,
          kind: p.kind,
          role: p.role,
          user_id: p.userId,
          address: p.address,
          call_sid: p.callSid,
          joined_at: iso(p.joinedAt),
          left_at: iso(p.leftAt),
        })),
      ),
    });
    for (const p of changed) written.set(p.id, participantVersion(p));
    this.written.set(call, written);
    this.uow.collect(call);
  }

  async lockDialing(_organizationId: string, workspaceId: string): Promise<void> {
    // Transaction-scoped: released at commit or rollback, never left behind. Workspace ids are unique platform-wide.
    await this.tx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${workspaceId}, 7264))`);
  }

  async countOutboundSince(
    organizationId: string,
    workspaceId: string,
    agentUserId: string,
    since: Date,
  ): Promise<{ agent: number; workspace: number }> {
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

function signingOf(r: {
  accountSid: string | null;
  authToken: string | null;
  previousAuthToken: string | null;
  previousAuthTokenExpiresAt: Date | null;
}): SigningKeys | null {
  return r.accountSid && r.authToken
    ? {
        accountSid: r.accountSid,
        authToken: r.authToken,
        previousAuthToken: r.previousAuthToken,
        previousAuthTokenExpiresAt: r.previousAuthTokenExpiresAt,
      }
    : null;
}

/** The workspace's Twilio signing keys, as `ownerRow` reads them. */
const SIGNING_COLUMNS = sql`${twilioAccounts.accountSid} as account_sid, ${twilioAccounts.authTokenSealed} as auth_token,
  ${twilioAccounts.previousAuthTokenSealed} as previous_auth_token, ${twilioAccounts.previousAuthTokenExpiresAt} as previous_auth_token_expires_at`;

const DIRECTORY = {
  ownerOfCall: new PreparedStatement<'callSid'>(
    'telephony_owner_of_call',
    sql`select ${calls.organizationId} as organization_id, ${calls.workspaceId} as workspace_id, ${calls.id} as id, ${SIGNING_COLUMNS}
      from ${calls} left join ${twilioAccounts} on ${twilioAccounts.workspaceId} = ${calls.workspaceId}
      where ${calls.callSid} = ${sql.placeholder('callSid')}`,
  ),
  ownerOfNumber: new PreparedStatement<'e164'>(
    'telephony_owner_of_number',
    sql`select ${phoneNumbers.organizationId} as organization_id, ${phoneNumbers.workspaceId} as workspace_id, ${phoneNumbers.id} as id, ${SIGNING_COLUMNS}
      from ${phoneNumbers} left join ${twilioAccounts} on ${twilioAccounts.workspaceId} = ${phoneNumbers.workspaceId}
      where ${phoneNumbers.e164} = ${sql.placeholder('e164')} and ${phoneNumbers.deletedAt} is null`,
  ),
};

function ownerRow(r: Record<string, unknown>) {
  return {
    organizationId: String(r.organization_id),
    workspaceId: String(r.workspace_id),
    id: String(r.id),
    signing: signingOf({
      accountSid: (r.account_sid as string | null) ?? null,
      authToken: (r.auth_token as string | null) ?? null,
      previousAuthToken: (r.previous_auth_token as string | null) ?? null,
      previousAuthTokenExpiresAt: decode(twilioAccounts.previousAuthTokenExpiresAt, r.previous_auth_token_expires_at),
    }),
  };
}

/**
 * Runs in platform scope (no organization yet): finds who a webhook belongs to, with the keys to
 * check it. Inside a unit of work it reads through its transaction; outside one (the webhook
 * authenticator) each lookup is a single statement of its own, prepared, with no transaction.
 */
@Injectable()
export class DrizzleTelephonyDirectory extends TelephonyDirectory {
  constructor(
    private readonly tx: TransactionContext,
    private readonly database: Database,
  ) {
    super();
  }

  private get db() {
    return this.tx.current()?.tx ?? this.database.db;
  }

  async ownerOfNumber(e164: string) {
    const [r] = await DIRECTORY.ownerOfNumber.rows(this.db, { e164 });
    if (!r) return null;
    const { id, ...owner } = ownerRow(r);
    return { ...owner, phoneNumberId: id };
  }

  async ownerOfCall(callSid: string) {
    const [r] = await DIRECTORY.ownerOfCall.rows(this.db, { callSid });
    if (!r) return null;
    const { id, ...owner } = ownerRow(r);
    return { ...owner, callId: id };
  }

  async ownersOfAccount(accountSid: string, twimlAppSid: string | null): Promise<SignedOwner[]> {
    const rows = await this.db
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
