import type { Actor } from '../shared/actor';
import { AggregateRoot } from '../shared/aggregate-root';
import {
  OrganizationExportCompleted,
  OrganizationExportDeleted,
  OrganizationExportDownloadIssued,
  OrganizationExportFailed,
  OrganizationExportRequested,
  type ExportDeletionReason,
} from './events/data.events';

export type OrganizationExportStatus = 'pending' | 'completed' | 'failed' | 'deleted';

export interface OrganizationExportState {
  id: string;
  organizationId: string;
  status: OrganizationExportStatus;
  requestedByType: string;
  requestedById: string | null;
  storageBackend: string | null;
  objectKey: string | null;
  rows: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  failureReason: string | null;
  completedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where an export's archive lives in the object store: fixed by its id, so a re-run overwrites and never adds. */
export function exportArchiveKey(organizationId: string, exportId: string): string {
  return `${organizationId}/exports/${exportId}.ndjson`;
}

/** Failure reasons are kept short (they are shown and audited). */
const MAX_REASON = 500;

/**
 * An organization's export written as an NDJSON archive into storage by a job. `pending` until
 * the job stored it (`completed`, with rows, size and SHA-256) or gave up (`failed`); `deleted`
 * once its object is removed (retention or erasure). A deleted export stays, as the record of
 * what was taken out and when it went.
 */
export class OrganizationExport extends AggregateRoot {
  private constructor(private state: OrganizationExportState) {
    super();
  }

  static request(props: { id: string; organizationId: string; requestedBy: Actor; storageBackend: string; now: Date }): OrganizationExport {
    const objectKey = exportArchiveKey(props.organizationId, props.id);
    const requested = new OrganizationExport({
      id: props.id,
      organizationId: props.organizationId,
      status: 'pending',
      requestedByType: props.requestedBy.type,
      requestedById: props.requestedBy.id,
      storageBackend: props.storageBackend,
      objectKey,
      rows: null,
      sizeBytes: null,
      sha256: null,
      failureReason: null,
      completedAt: null,
      deletedAt: null,
      createdAt: props.now,
      updatedAt: props.now,
    });
    requested.record(
      new OrganizationExportRequested(
        props.organizationId,
        props.id,
        { requestedBy: props.requestedBy.id, requestedByType: props.requestedBy.type, objectKey },
        { after: { status: 'pending' } },
      ),
    );
    return requested;
  }

  static restore(state: OrganizationExportState): OrganizationExport {
    return new OrganizationExport({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get status(): OrganizationExportStatus {
    return this.state.status;
  }

  get objectKey(): string {
    return this.state.objectKey ?? exportArchiveKey(this.state.organizationId, this.state.id);
  }

  snapshot(): Readonly<OrganizationExportState> {
    return { ...this.state };
  }

  /** The archive is stored. False (nothing changes) unless the export was still pending: a second run of the job records nothing. */
  complete(archive: { rows: number; sizeBytes: number; sha256: string }, now: Date): boolean {
    if (this.state.status !== 'pending') return false;
    if (!Number.isInteger(archive.rows) || archive.rows < 0 || !Number.isInteger(archive.sizeBytes) || archive.sizeBytes < 0) {
      throw new Error('An archive has a whole, non-negative number of rows and bytes');
    }
    if (!/^[0-9a-f]{64}$/.test(archive.sha256)) throw new Error('An archive is identified by its hex SHA-256');
    Object.assign(this.state, { status: 'completed', ...archive, completedAt: now, updatedAt: now });
    this.record(
      new OrganizationExportCompleted(
        this.state.organizationId,
        this.state.id,
        { objectKey: this.objectKey, storageBackend: this.state.storageBackend ?? 'unknown', ...archive },
        { before: { status: 'pending' }, after: { status: 'completed', ...archive } },
      ),
    );
    return true;
  }

  /** The job gave up. False unless the export was still pending. */
  fail(reason: string, now: Date): boolean {
    if (this.state.status !== 'pending') return false;
    const short = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
    Object.assign(this.state, { status: 'failed', failureReason: short, updatedAt: now });
    this.record(
      new OrganizationExportFailed(
        this.state.organizationId,
        this.state.id,
        { reason: short },
        {
          before: { status: 'pending' },
          after: { status: 'failed' },
        },
      ),
    );
    return true;
  }

  /** Whether a download link may be handed out: only for a stored archive. */
  get downloadable(): boolean {
    return this.state.status === 'completed';
  }

  /** A signed link to the archive was handed out, valid until `expiresAt`. */
  recordDownloadIssued(expiresAt: Date): void {
    if (!this.downloadable) throw new Error(`An export that is ${this.state.status} has no archive to download`);
    this.record(new OrganizationExportDownloadIssued(this.state.organizationId, this.state.id, { expiresAt: expiresAt.toISOString() }));
  }

  /**
   * The archive's object was removed (the caller removes it first): the export is `deleted`.
   * False when it already was; whatever its status, pending and failed exports included (a
   * pending job's object, if it writes one later, is removed by the job itself).
   */
  markDeleted(reason: ExportDeletionReason, now: Date): boolean {
    if (this.state.status === 'deleted') return false;
    const previousStatus = this.state.status;
    Object.assign(this.state, { status: 'deleted', deletedAt: now, updatedAt: now });
    this.record(
      new OrganizationExportDeleted(
        this.state.organizationId,
        this.state.id,
        { reason, objectKey: this.objectKey, storageBackend: this.state.storageBackend ?? 'unknown', previousStatus },
        { before: { status: previousStatus }, after: { status: 'deleted', reason } },
      ),
    );
    return true;
  }
}
