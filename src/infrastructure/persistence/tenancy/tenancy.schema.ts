import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, type UpdateDeleteAction } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../columns';
import type { OrganizationSettingsData } from '@domain/tenancy/organization-settings';

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<OrganizationSettingsData>().notNull(),
  ...timestamps(),
  deletedAt: timestamptz('deleted_at'),
});

/** A tenant table's `organization_id`, referencing its organization. */
export const organizationIdColumn = (actions: { onDelete?: UpdateDeleteAction } = {}) =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id, actions);

/** A workspace-scoped table's `workspace_id`, referencing its workspace. */
export const workspaceIdColumn = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id);

/**
 * An organization's claim on an email domain (one per organization). New users whose verified
 * address is at the domain join the organization once the claim is verified through DNS; many
 * organizations may claim a domain, one at most holds it verified.
 */
export const organizationDomains = pgTable(
  'organization_domains',
  {
    organizationId: uuid('organization_id')
      .primaryKey()
      .references(() => organizations.id),
    domain: text('domain').notNull(),
    /** The value to publish is `switchboard-domain-verification=<token>`, at `_switchboard.<domain>`. */
    token: text('token').notNull(),
    /** `pending` or `verified`. */
    status: text('status').notNull(),
    claimedAt: timestamptz('claimed_at').notNull(),
    verifiedAt: timestamptz('verified_at'),
    lastCheckedAt: timestamptz('last_checked_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('organization_domains_verified_key')
      .on(t.domain)
      .where(sql`${t.status} = 'verified'`),
    index('organization_domains_domain_idx').on(t.domain),
  ],
);

/** A pending membership for an address, taken up at the first sign-in with it verified. */
export const organizationInvitations = pgTable(
  'organization_invitations',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    /** Lowercased. */
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** `pending`, `accepted`, `revoked` or `expired` (a pending one past expires_at reads as expired). */
    status: text('status').notNull(),
    invitedBy: uuid('invited_by'),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    revokedAt: timestamptz('revoked_at'),
    ...timestamps(),
  },
  (t) => [
    index('organization_invitations_org_idx').on(t.organizationId, t.id),
    uniqueIndex('organization_invitations_pending_key')
      .on(t.organizationId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index('organization_invitations_email_idx')
      .on(t.email)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** A user, keyed by the Supabase token's `sub`. Not tenant-owned: one person can belong to many organizations. */
export const profiles = pgTable(
  'profiles',
  {
    id: uuid('id').primaryKey(),
    email: text('email'),
    /** The token that last set `email` said the identity provider verified it. */
    emailVerified: boolean('email_verified').notNull().default(false),
    fullName: text('full_name'),
    avatarUrl: text('avatar_url'),
    phone: text('phone'),
    ...timestamps(),
  },
  (t) => [index('profiles_email_idx').on(sql`lower(${t.email})`)],
);

export const organizationMembers = pgTable(
  'organization_members',
  {
    organizationId: organizationIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => profiles.id),
    role: text('role').notNull(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index('organization_members_user_idx').on(t.userId)],
);

export const workspaces = pgTable(
  'workspaces',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    ...timestamps(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [index('workspaces_org_idx').on(t.organizationId, t.id)],
);

export const workspaceMembers = pgTable(
  'workspace_members',
  {
    organizationId: organizationIdColumn(),
    workspaceId: workspaceIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => profiles.id),
    role: text('role').notNull(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.workspaceId, t.userId] })],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    organizationId: organizationIdColumn(),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** The public, non-secret part shown in listings (e.g. `sb_live_AbCd1234`). */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key; the key itself is never stored. */
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
    lastUsedAt: timestamptz('last_used_at'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash), index('api_keys_org_idx').on(t.organizationId, t.id)],
);
