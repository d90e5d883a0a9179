import { Injectable } from '@nestjs/common';
import { ANALYSIS_EXPORT_KINDS } from '@domain/analysis/ports/analysis-export-read-model.port';
import { AUDIT_EXPORT_KINDS } from '@domain/audit/ports/audit-rows-export-read-model.port';
import { EVENTS_EXPORT_KINDS } from '@domain/events/ports/events-export-read-model.port';
import { RECORDING_EXPORT_KINDS } from '@domain/recording/ports/recording-export-read-model.port';
import type { Actor } from '@domain/shared/actor';
import type { ExportPage } from '@domain/shared/data-export';
import { TELEPHONY_EXPORT_KINDS } from '@domain/telephony/ports/telephony-export-read-model.port';
import { TENANCY_EXPORT_KINDS } from '@domain/tenancy/ports/tenancy-export-read-model.port';
import { ExportAnalysisRowsQuery } from '@modules/analysis';
import { ExportAuditRowsQuery } from '@modules/audit';
import { ExportEventsRowsQuery } from '@modules/events';
import { EXPORT_LINK_TTL_SECONDS, RecordingExportService } from '@modules/recording';
import { ExportTelephonyRowsQuery } from '@modules/telephony';
import { ExportTenancyRowsQuery, RecordOrganizationExportCommand } from '@modules/tenancy';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';

/** Rows per keyset page: one database round trip and one written chunk each. */
export const EXPORT_PAGE_SIZE = 1000;

interface PageRequest {
  organizationId: string;
  kind: string;
  after: string | null;
  limit: number;
}

interface ExportSource {
  readonly kinds: readonly string[];
  page(request: PageRequest): Promise<ExportPage>;
}

/**
 * An organization's export: every context's records, one context after the other in a fixed
 * order (tenancy, telephony, recording, analysis, events, audit), each kind in keyset pages
 * asked for only when the previous one was written. Each page is a query of the owning context
 * (exported from its `index.ts`), in its own unit of work under row-level security; recordings
 * come through recording's export service, which signs their links outside the transaction.
 */
@Injectable()
export class OrganizationExportService {
  private readonly sources: readonly ExportSource[];

  constructor(
    private readonly commands: TransactionalCommandBus,
    queries: TenantQueryBus,
    recordings: RecordingExportService,
  ) {
    this.sources = [
      { kinds: TENANCY_EXPORT_KINDS, page: (r) => queries.execute(new ExportTenancyRowsQuery(r)) },
      { kinds: TELEPHONY_EXPORT_KINDS, page: (r) => queries.execute(new ExportTelephonyRowsQuery(r)) },
      { kinds: RECORDING_EXPORT_KINDS, page: (r) => recordings.page(r.organizationId, r.kind, r.after, r.limit) },
      { kinds: ANALYSIS_EXPORT_KINDS, page: (r) => queries.execute(new ExportAnalysisRowsQuery(r)) },
      { kinds: EVENTS_EXPORT_KINDS, page: (r) => queries.execute(new ExportEventsRowsQuery(r)) },
      { kinds: AUDIT_EXPORT_KINDS, page: (r) => queries.execute(new ExportAuditRowsQuery(r)) },
    ];
  }

  /** Every kind, in export order. */
  get kinds(): string[] {
    return this.sources.flatMap((source) => [...source.kinds]);
  }

  /**
   * Commits `organization.exported` (who, when), then answers the export as NDJSON chunks, one
   * per page: `{"kind":"call","data":{...}}` per line. The audit row is committed before the
   * first chunk, so it is part of the export.
   */
  async open(organizationId: string, by: Actor): Promise<AsyncGenerator<string>> {
    await this.commands.execute(
      new RecordOrganizationExportCommand({ organizationId, exportedBy: by, linkTtlSeconds: EXPORT_LINK_TTL_SECONDS }),
    );
    return this.chunks(organizationId);
  }

  /**
   * The export's NDJSON, one chunk per page, without putting anything on the audit trail: for
   * callers that audit the export themselves (`open` above; the archive job, whose export is
   * audited as `organization_export.requested` and `.completed`).
   */
  async *chunks(organizationId: string): AsyncGenerator<string> {
    for (const source of this.sources) {
      for (const kind of source.kinds) {
        let after: string | null = null;
        do {
          const page = await source.page({ organizationId, kind, after, limit: EXPORT_PAGE_SIZE });
          if (page.records.length > 0) yield page.records.map((record) => `${JSON.stringify(record)}\n`).join('');
          after = page.next;
        } while (after !== null);
      }
    }
  }
}
