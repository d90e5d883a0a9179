import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, profiles, workspaces } from '../tenancy/tenancy.schema';

/** One Twilio account per workspace. Secret columns hold AES-GCM ciphertexts bound to the workspace. */
export const twilioAccounts = pgTable(
  'twilio_accounts',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workspaceId: uuid('workspace_id')
      .primaryKey()
      .references(() => workspaces.id),
    accountSid: text('account_sid').notNull(),
    authTokenSealed: text('auth_token_sealed').notNull(),
    authTokenFingerprint: text('auth_token_fingerprint').notNull(),
    previousAuthTokenSealed: text('previous_auth_token_sealed'),
    previousAuthTokenExpiresAt: timestamp('previous_auth_token_expires_at', { withTimezone: true }),
    apiKeySid: text('api_key_sid'),
    apiKeySecretSealed: text('api_key_secret_sealed'),
    twimlAppSid: text('twiml_app_sid'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('twilio_accounts_account_sid_idx').on(t.accountSid), index('twilio_accounts_org_idx').on(t.organizationId, t.workspaceId)],
);

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    e164: text('e164').notNull(),
    twilioSid: text('twilio_sid').notNull(),
    friendlyName: text('friendly_name'),
    ringStrategy: text('ring_strategy').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
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
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => profiles.id),
    identity: text('identity').notNull(),
    availability: text('availability').notNull(),
    /** When a softphone-given availability lapses; null when it was set by hand. */
    presenceExpiresAt: timestamp('presence_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.workspaceId, t.userId] }),
    uniqueIndex('agents_identity_key').on(t.workspaceId, t.identity),
  ],
);

export const agentNumbers = pgTable(
  'agent_numbers',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
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
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    callSid: text('call_sid').notNull(),
    parentCallSid: text('parent_call_sid'),
    direction: text('direction').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    status: text('status').notNull(),
    lastSequence: integer('last_sequence').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredAtDerived: boolean('answered_at_derived').notNull().default(false),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    answeredByUserId: uuid('answered_by_user_id'),
    phoneNumberId: uuid('phone_number_id'),
    agentUserId: uuid('agent_user_id'),
    stirVerstat: text('stir_verstat'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: uuid('id').primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    kind: text('kind').notNull(),
    role: text('role').notNull(),
    userId: uuid('user_id'),
    address: text('address').notNull(),
    callSid: text('call_sid'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [index('call_participants_call_idx').on(t.organizationId, t.callId)],
);

/** The intervals during which a call's live recording was paused (PCI pause and resume); one open per call at most. */
export const callRecordingPauses = pgTable(
  'call_recording_pauses',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    recordingSid: text('recording_sid').notNull(),
    behavior: text('behavior').notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true }).notNull(),
    resumedAt: timestamp('resumed_at', { withTimezone: true }),
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
