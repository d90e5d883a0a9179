import { Injectable } from '@nestjs/common';
import type { ExportPage, ExportRecord } from '@domain/shared/data-export';
import { Clock } from '@domain/shared/clock';
import { ObjectStorage } from '@domain/recording/ports/object-storage.port';
import { TenantQueryBus } from '../shared';
import { ExportRecordingRowsQuery } from './queries/export-recording-rows/export-recording-rows.query';

/** How long a recording link in an organization export stays valid: long enough to fetch every file of a large export. */
export const EXPORT_LINK_TTL_SECONDS = 3600;
/** Links signed at once (a Supabase signature is one request). */
const SIGNING_CONCURRENCY = 16;

/**
 * The recording context's part of an organization export: a page of its rows read in one
 * unit of work, then, outside it, each stored recording's object signed for
 * {@link EXPORT_LINK_TTL_SECONDS} (`playbackUrl`, `playbackUrlExpiresAt`). Signing here is not a
 * playback issue: the export itself is audited once (`organization.exported`).
 */
@Injectable()
export class RecordingExportService {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly storage: ObjectStorage,
    private readonly clock: Clock,
  ) {}

  async page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    const page = await this.queries.execute(new ExportRecordingRowsQuery({ organizationId, kind, after, limit }));
    if (kind !== 'recording') return page;
    const expiresAt = new Date(this.clock.now().getTime() + EXPORT_LINK_TTL_SECONDS * 1000).toISOString();
    const records: ExportRecord[] = [];
    for (let i = 0; i < page.records.length; i += SIGNING_CONCURRENCY) {
      records.push(
        ...(await Promise.all(page.records.slice(i, i + SIGNING_CONCURRENCY).map((record) => this.withLink(record, expiresAt)))),
      );
    }
    return { records, next: page.next };
  }

  private async withLink(record: ExportRecord, expiresAt: string): Promise<ExportRecord> {
    const key = record.data.objectKey;
    const stored = record.data.status === 'stored' && typeof key === 'string' && key !== '';
    const playbackUrl = stored ? await this.storage.signedUrl(key, EXPORT_LINK_TTL_SECONDS) : null;
    return { kind: record.kind, data: { ...record.data, playbackUrl, playbackUrlExpiresAt: playbackUrl ? expiresAt : null } };
  }
}
