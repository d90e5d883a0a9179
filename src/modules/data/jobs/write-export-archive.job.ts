import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { exportArchiveKey } from '@domain/data/organization-export.aggregate';
import { ObjectStorage } from '@modules/recording';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CompleteOrganizationExportCommand } from '../commands/complete-organization-export/complete-organization-export.command';
import { FailOrganizationExportCommand } from '../commands/fail-organization-export/fail-organization-export.command';
import type { WriteExportArchiveJobData } from '../data-queues';
import { OrganizationExportService } from '../organization-export.service';
import { GetOrganizationExportQuery } from '../queries/get-organization-export/get-organization-export.query';

export const EXPORT_ARCHIVE_CONTENT_TYPE = 'application/x-ndjson';

/**
 * Writes a requested export's archive: the very NDJSON `GET /export` streams (the same chunk
 * generator, page by page), piped into the object store at `{orgId}/exports/{exportId}.ndjson`
 * with one page in memory at a time, counted and hashed on the way; then
 * `CompleteOrganizationExportCommand` records rows, size and SHA-256.
 *
 * At least once, idempotent: an export no longer pending is left alone; the key is fixed, so a
 * re-run after a crash overwrites the partial object instead of adding one. An export deleted
 * (erasure, retention) while its job ran is not completed, and the object just written is
 * removed (by this attempt, or by the retry of one that died first). The last failed attempt removes whatever was written and marks the export `failed`
 * with the reason. A job no longer held (its claim lapsed, shutdown) stops writing.
 */
@Injectable()
export class WriteExportArchiveJob {
  private readonly logger = new Logger(WriteExportArchiveJob.name);

  constructor(
    private readonly exports: OrganizationExportService,
    private readonly storage: ObjectStorage,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  async run(data: WriteExportArchiveJobData, attempt: { retryCount: number; retryLimit: number; signal?: AbortSignal }): Promise<void> {
    const { organizationId, exportId } = data;
    const current = await this.queries
      .execute(new GetOrganizationExportQuery({ organizationId, exportId }))
      .catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)));
    const key = exportArchiveKey(organizationId, exportId);
    // Deleted while an earlier attempt was writing, which then died before removing its object: remove it now.
    if (current?.status === 'deleted') await this.storage.remove(key);
    if (current?.status !== 'pending') return;
    try {
      const archive = await this.write(organizationId, key, attempt.signal);
      attempt.signal?.throwIfAborted();
      const { status } = await this.commands.execute(new CompleteOrganizationExportCommand({ organizationId, exportId, ...archive }));
      if (status === 'deleted' || status === null) await this.storage.remove(key);
    } catch (error) {
      if (attempt.signal?.aborted) throw attempt.signal.reason ?? error;
      const last = attempt.retryCount >= attempt.retryLimit;
      this.logger.warn({ exportId, attempt: attempt.retryCount + 1, last, err: error }, 'export archive could not be written');
      if (!last) throw error;
      await this.storage
        .remove(key)
        .catch((removeError: unknown) => this.logger.warn({ exportId, err: removeError }, 'could not remove a failed archive'));
      await this.commands.execute(
        new FailOrganizationExportCommand({ organizationId, exportId, reason: (error as Error).message || String(error) }),
      );
    }
  }

  /** Streams the export into storage; the next page is read only once the store has taken the last one. */
  private async write(
    organizationId: string,
    key: string,
    signal?: AbortSignal,
  ): Promise<{ rows: number; sizeBytes: number; sha256: string }> {
    const hash = createHash('sha256');
    let rows = 0;
    let bytes = 0;
    const chunks = this.exports.chunks(organizationId);
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of chunks) {
        const buffer = Buffer.from(chunk, 'utf8');
        for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) rows += 1;
        bytes += buffer.length;
        hash.update(buffer);
        yield buffer;
      }
    }
    const body = Readable.from(counted(), { objectMode: false, highWaterMark: 1 });
    const stop = () => body.destroy(signal?.reason instanceof Error ? signal.reason : new Error('The export archive job was stopped'));
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const stored = await this.storage.put(key, body, { contentType: EXPORT_ARCHIVE_CONTENT_TYPE, overwrite: true });
      const sha256 = hash.digest('hex');
      if (stored.size !== bytes || stored.sha256 !== sha256) {
        throw new Error(
          `Storage reports ${stored.size} bytes with SHA-256 ${stored.sha256} at ${key}; ${bytes} bytes with SHA-256 ${sha256} were written`,
        );
      }
      return { rows, sizeBytes: bytes, sha256 };
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'export.not_found';
}
