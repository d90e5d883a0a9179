import { Injectable } from '@nestjs/common';
import { and, asc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { Conversation, type ConversationSource } from '@domain/recording/conversation.aggregate';
import { ConversationRepository, RecordingDirectory, RecordingRepository } from '@domain/recording/ports/recording-repositories.port';
import { Recording, type RecordingStatus } from '@domain/recording/recording.aggregate';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { conversations, recordings } from './recording.schema';
// Known debt: retention settings are tenancy's (see KNOWN_FOREIGN_TABLE_READS in .dependency-cruiser.js).
import { organizations } from '../tenancy/tenancy.schema';
import { TransactionContext } from '../transaction-context';

type RecordingRow = typeof recordings.$inferSelect;

function restoreRecording(r: RecordingRow): Recording {
  const { updatedAt: _u, ...state } = r;
  return Recording.restore({ ...state, status: r.status as RecordingStatus });
}

@Injectable()
export class DrizzleRecordingRepository extends RecordingRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  findById(organizationId: string, recordingId: string): Promise<Recording | null> {
    return this.findLocked(organizationId, eq(recordings.id, recordingId));
  }

  findByTwilioSid(organizationId: string, recordingSid: string): Promise<Recording | null> {
    return this.findLocked(organizationId, eq(recordings.twilioRecordingSid, recordingSid));
  }

  /** The organization's recording matching `where`, locked for the rest of the transaction. */
  private async findLocked(organizationId: string, where: SQL): Promise<Recording | null> {
    const [r] = await this.tx.db
      .select()
      .from(recordings)
      .where(and(eq(recordings.organizationId, organizationId), where))
      .for('update');
    return r ? restoreRecording(r) : null;
  }

  async save(recording: Recording): Promise<void> {
    const s = recording.snapshot();
    const { id: _i, organizationId: _o, createdAt: _c, ...changes } = s;
    await this.tx.db
      .insert(recordings)
      .values(s)
      .onConflictDoUpdate({ target: recordings.id, set: { ...changes, updatedAt: new Date() } });
    this.uow.collect(recording);
  }
}

@Injectable()
export class DrizzleConversationRepository extends ConversationRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  findByCall(organizationId: string, callId: string): Promise<Conversation | null> {
    return this.find(and(eq(conversations.organizationId, organizationId), eq(conversations.callId, callId)));
  }

  findByRecording(organizationId: string, recordingId: string): Promise<Conversation | null> {
    return this.find(
      and(eq(conversations.organizationId, organizationId), eq(conversations.recordingId, recordingId), isNull(conversations.callId)),
    );
  }

  private async find(where: SQL | undefined): Promise<Conversation | null> {
    const [r] = await this.tx.db.select().from(conversations).where(where).for('update');
    if (!r) return null;
    const { updatedAt: _u, ...state } = r;
    return Conversation.restore({ ...state, source: r.source as ConversationSource | null });
  }

  async save(conversation: Conversation): Promise<void> {
    const s = conversation.snapshot();
    const { id: _i, organizationId: _o, callId: _c, createdAt: _cr, ...changes } = s;
    await this.tx.db
      .insert(conversations)
      .values(s)
      .onConflictDoUpdate({ target: conversations.id, set: { ...changes, updatedAt: new Date() } });
    this.uow.collect(conversation);
  }
}

@Injectable()
export class DrizzleRecordingDirectory extends RecordingDirectory {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async pastRetention(now: Date, limit: number) {
    return this.storedRecordingsWhere(
      eq(recordings.legalHold, false),
      isNull(organizations.deletedAt),
      sql`coalesce(${recordings.startedAt}, ${recordings.storedAt}) < ${now.toISOString()}::timestamptz - make_interval(days => (${organizations.settings}->>'retentionDays')::int)`,
    )
      .orderBy(asc(recordings.storedAt))
      .limit(limit);
  }

  async awaitingTwilioDeletion(limit: number) {
    return this.storedRecordingsWhere(
      isNull(recordings.twilioDeletedAt),
      isNotNull(recordings.twilioRecordingSid),
      sql`coalesce((${organizations.settings}->>'deleteTwilioRecordingAfterImport')::boolean, true)`,
    ).limit(limit);
  }

  /** Stored recordings, with their organization's settings joined in for the conditions. */
  private storedRecordingsWhere(...conditions: SQL[]) {
    return this.tx.db
      .select({ organizationId: recordings.organizationId, recordingId: recordings.id })
      .from(recordings)
      .innerJoin(organizations, eq(organizations.id, recordings.organizationId))
      .where(and(eq(recordings.status, 'stored'), ...conditions));
  }
}
