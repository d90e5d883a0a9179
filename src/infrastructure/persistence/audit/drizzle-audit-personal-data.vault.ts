import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { newId } from '@domain/shared/ids';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { auditSubjectKeys } from './audit.schema';
import { TransactionContext } from '../transaction-context';

/** `sealed:v1:<key id>:<iv>.<ciphertext>.<tag>`: the key id says which subject key opens it, never whose it is. */
const PREFIX = 'sealed:v1:';
const ENVELOPE = /^sealed:v1:([0-9a-f-]{36}):([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$/;

/**
 * Subject keys in `audit_subject_keys`: a random AES-256-GCM key per subject and organization,
 * stored sealed by the application's SecretBox. Subjects are stored as keyed fingerprints only.
 * Values are sealed with the key id and organization as associated data, so an envelope copied
 * into another organization's row does not open.
 */
@Injectable()
export class DrizzleAuditPersonalDataVault extends PersonalDataVault {
  constructor(
    private readonly tx: TransactionContext,
    private readonly box: SecretBox,
  ) {
    super();
  }

  async seal(organizationId: string, values: readonly { subject: string; value: string }[]): Promise<string[]> {
    if (values.length === 0) return [];
    const refOf = new Map(values.map((v) => [v.subject, this.subjectRef(organizationId, v.subject)]));
    const refs = [...new Set(refOf.values())];
    // Most subjects already have a key (a caller calls again, a user acts again): one read, and a write only for new ones.
    let keys = await this.liveKeys(organizationId, refs);
    const missing = refs.filter((ref) => !keys.has(ref));
    if (missing.length > 0) {
      await this.tx.db
        .insert(auditSubjectKeys)
        .values(missing.map((subjectRef) => this.newKeyRow(organizationId, subjectRef)))
        // A concurrent writer made the subject's live key first (the partial unique index): use theirs.
        .onConflictDoNothing();
      keys = await this.liveKeys(organizationId, refs);
    }
    return values.map((v) => {
      const key = keys.get(refOf.get(v.subject)!);
      if (!key) throw new Error('A subject key was neither created nor found');
      return this.encrypt(organizationId, key.id, key.key, v.value);
    });
  }

  async open(organizationId: string, envelopes: readonly string[]): Promise<(string | null)[]> {
    const parsed = envelopes.map((e) => ENVELOPE.exec(e));
    const ids = [...new Set(parsed.flatMap((m) => (m ? [m[1]!] : [])))];
    if (ids.length === 0) return envelopes.map(() => null);
    const rows = await this.tx.db
      .select({ id: auditSubjectKeys.id, sealedKey: auditSubjectKeys.sealedKey })
      .from(auditSubjectKeys)
      .where(and(eq(auditSubjectKeys.organizationId, organizationId), inArray(auditSubjectKeys.id, ids)));
    const keys = new Map(rows.flatMap((r) => (r.sealedKey ? [[r.id, this.openKey(organizationId, r.id, r.sealedKey)] as const] : [])));
    return parsed.map((m) => {
      const key = m ? keys.get(m[1]!) : undefined;
      if (!m || !key) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2]!, 'base64url'));
        decipher.setAAD(Buffer.from(`${organizationId}:${m[1]}`, 'utf8'));
        decipher.setAuthTag(Buffer.from(m[4]!, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(m[3]!, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    });
  }

  async shred(organizationId: string, subjects: readonly string[]): Promise<number> {
    if (subjects.length === 0) return 0;
    const refs = [...new Set(subjects.map((s) => this.subjectRef(organizationId, s)))];
    const shredded = await this.tx.db
      .update(auditSubjectKeys)
      .set({ sealedKey: null, shreddedAt: sql`now()` })
      .where(
        and(
          eq(auditSubjectKeys.organizationId, organizationId),
          inArray(auditSubjectKeys.subjectRef, refs),
          isNull(auditSubjectKeys.shreddedAt),
        ),
      )
      .returning({ id: auditSubjectKeys.id });
    return shredded.length;
  }

  isEnvelope(value: string): boolean {
    return value.startsWith(PREFIX) && ENVELOPE.test(value);
  }

  private async liveKeys(organizationId: string, refs: string[]): Promise<Map<string, { id: string; key: Buffer }>> {
    const rows = await this.tx.db
      .select({ id: auditSubjectKeys.id, subjectRef: auditSubjectKeys.subjectRef, sealedKey: auditSubjectKeys.sealedKey })
      .from(auditSubjectKeys)
      .where(
        and(
          eq(auditSubjectKeys.organizationId, organizationId),
          inArray(auditSubjectKeys.subjectRef, refs),
          isNull(auditSubjectKeys.shreddedAt),
        ),
      );
    return new Map(rows.map((r) => [r.subjectRef, { id: r.id, key: this.openKey(organizationId, r.id, r.sealedKey!) }]));
  }

  private subjectRef(organizationId: string, subject: string): string {
    return this.box.fingerprint(subject, `audit-subject:${organizationId}`);
  }

  private newKeyRow(organizationId: string, subjectRef: string) {
    const id = newId();
    const sealedKey = this.box.seal(randomBytes(32).toString('base64'), `audit-subject-key:${organizationId}:${id}`);
    return { organizationId, id, subjectRef, sealedKey };
  }

  private openKey(organizationId: string, id: string, sealedKey: string): Buffer {
    return Buffer.from(this.box.open(sealedKey, `audit-subject-key:${organizationId}:${id}`), 'base64');
  }

  private encrypt(organizationId: string, keyId: string, key: Buffer, value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${organizationId}:${keyId}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `${PREFIX}${keyId}:${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
  }
}
