import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import { organizationIdColumn, profiles, workspaceIdColumn, workspaces } from '../tenancy/tenancy.schema';

/** One Twilio account per workspace. Secret columns hold AES-GCM ciphertexts bound to the workspace. */
export const twilioAccounts = pgTable(
  'twilio_accounts',
  {
    organizationId: organizationIdColumn(),
    workspaceId: uuid('workspace_id')
      .primaryKey()
      .references(() => workspaces.id),
    accountSid: text('account_sid').notNull(),
    authTokenSealed: text('auth_token_sealed').notNull(),
    authTokenFingerprint: text('auth_token_fingerprint').notNull(),
    previousAuthTokenSealed: text('previous_auth_token_sealed'),
    previousAuthTokenExpiresAt: timestamptz('previous_auth_token_expires_at'),
    apiKeySid: text('api_key_sid'),
    apiKeySecretSealed: text('api_key_secret_sealed'),
    twimlAppSid: text('twiml_app_sid'),
    verifiedAt: timestamptz('verified_at'),
    ...timestamps(),
  },
  (t) => [index('twilio_accounts_account_sid_idx').on(t.accountSid), index('twilio_accounts_org_idx').on(t.organizationId, t.workspaceId)],
);

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    workspaceId: workspaceIdColumn(),
    e164: text('e164').notNull(),
    twilioSid: text('twilio_sid').notNull(),
    friendlyName: text('friendly_name'),
    ringStrategy: text('ring_strategy').notNull(),
    ...timestamps(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    // One number belongs to one workspace across the whole platform.
    uniqueIndex('phone_numbers_e164_key')
      .on(t.e164)
      .where(sql`${t.deletedAt} is null`),
    index('phone_numbers_org_ws_idx').on(t.organizationId, t.workspaceId, t.id),
  ],
);

export const agents = pgTable(
  'agents',
  {
    organizationId: organizationIdColumn(),
    workspaceId: workspaceIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => profiles.id),
    identity: text('identity').notNull(),
    availability: text('availability').notNull(),
    /** When a softphone-given availability lapses; null when it was set by hand. */
    presenceExpiresAt: timestamptz('presence_expires_at'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.workspaceId, t.userId] }),
    uniqueIndex('agents_identity_key').on(t.workspaceId, t.identity),
  ],
);

export const agentNumbers = pgTable(
  'agent_numbers',
  {
    organizationId: organizationIdColumn(),
    phoneNumberId: uuid('phone_number_id')
      .notNull()
      .references(() => phoneNumbers.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => profiles.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phoneNumberId, t.userId] })],
);

export const calls = pgTable(
  'calls',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    workspaceId: workspaceIdColumn(),
    callSid: text('call_sid').notNull(),
    parentCallSid: text('parent_call_sid'),
    direction: text('direction').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    status: text('status').notNull(),
    lastSequence: integer('last_sequence').notNull(),
    startedAt: timestamptz('started_at'),
    answeredAt: timestamptz('answered_at'),
    answeredAtDerived: boolean('answered_at_derived').notNull().default(false),
    endedAt: timestamptz('ended_at'),
    durationSeconds: integer('duration_seconds'),
    answeredByUserId: uuid('answered_by_user_id'),
    phoneNumberId: uuid('phone_number_id'),
    agentUserId: uuid('agent_user_id'),
    stirVerstat: text('stir_verstat'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('calls_call_sid_key').on(t.callSid),
    index('calls_org_id_idx').on(t.organizationId, t.id),
    index('calls_org_ws_idx').on(t.organizationId, t.workspaceId, t.id),
    index('calls_org_status_idx').on(t.organizationId, t.status, t.id),
    index('calls_parent_idx').on(t.parentCallSid),
    index('calls_org_created_idx').on(t.organizationId, t.createdAt),
    index('calls_org_from_idx').on(t.organizationId, t.fromNumber, t.createdAt),
    index('calls_open_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} not in ('completed','busy','no_answer','failed','canceled')`),
  ],
);

export const callParticipants = pgTable(
  'call_participants',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    kind: text('kind').notNull(),
    role: text('role').notNull(),
    userId: uuid('user_id'),
    address: text('address').notNull(),
    callSid: text('call_sid'),
    joinedAt: timestamptz('joined_at'),
    leftAt: timestamptz('left_at'),
  },
  (t) => [index('call_participants_call_idx').on(t.organizationId, t.callId)],
);

/** The intervals during which a call's live recording was paused (PCI pause and resume); one open per call at most. */
export const callRecordingPauses = pgTable(
  'call_recording_pauses',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    recordingSid: text('recording_sid').notNull(),
    behavior: text('behavior').notNull(),
    pausedAt: timestamptz('paused_at').notNull(),
    resumedAt: timestamptz('resumed_at'),
    startOffsetMs: bigint('start_offset_ms', { mode: 'number' }),
    endOffsetMs: bigint('end_offset_ms', { mode: 'number' }),
    pausedByUserId: uuid('paused_by_user_id'),
    resumedByUserId: uuid('resumed_by_user_id'),
  },
  (t) => [
    index('call_recording_pauses_call_idx').on(t.organizationId, t.callId, t.pausedAt),
    uniqueIndex('call_recording_pauses_open_key')
      .on(t.callId)
      .where(sql`${t.resumedAt} is null`),
  ],
);
