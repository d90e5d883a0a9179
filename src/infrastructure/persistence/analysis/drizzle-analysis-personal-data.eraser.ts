import { Injectable } from '@nestjs/common';
import { and, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { withEvidenceErased } from '@domain/analysis/erased-evidence';
import { ERASED } from '@domain/shared/erased';
import { AnalysisPersonalDataEraser } from '@domain/analysis/ports/analysis-personal-data-eraser.port';
import { analyses, analysisResults } from './analysis.schema';
import { TransactionContext } from '../transaction-context';

@Injectable()
export class DrizzleAnalysisPersonalDataEraser extends AnalysisPersonalDataEraser {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async eraseEvidence(organizationId: string, of: { callIds: readonly string[]; recordingIds: readonly string[] }): Promise<string[]> {
    const matches = [
      ...(of.callIds.length > 0 ? [inArray(analyses.callId, [...of.callIds])] : []),
      ...(of.recordingIds.length > 0 ? [inArray(analyses.recordingId, [...of.recordingIds])] : []),
    ];
    if (matches.length === 0) return [];
    const rows = await this.tx.db
      .select({ id: analyses.id, result: analyses.result, reviewNotes: analyses.reviewNotes })
      .from(analyses)
      .where(and(eq(analyses.organizationId, organizationId), or(...matches)));
    const changed: string[] = [];
    for (const row of rows) {
      const result = row.result ? withEvidenceErased(row.result) : null;
      const reviewNotes = row.reviewNotes === null ? null : ERASED;
      if (JSON.stringify(result) === JSON.stringify(row.result) && reviewNotes === row.reviewNotes) continue;
      await this.tx.db
        .update(analyses)
        .set({ result, reviewNotes })
        .where(and(eq(analyses.organizationId, organizationId), eq(analyses.id, row.id)));
      changed.push(row.id);
    }
    if (rows.length > 0) {
      const history = await this.tx.db
        .select({ id: analysisResults.id, result: analysisResults.result })
        .from(analysisResults)
        .where(
          and(
            eq(analysisResults.organizationId, organizationId),
            inArray(
              analysisResults.analysisId,
              rows.map((r) => r.id),
            ),
          ),
        );
      // The history is append-only; erasure is the one change its trigger lets through (migration 0023).
      if (history.length > 0) await this.tx.db.execute(sql`select set_config('app.erasure', 'on', true)`);
      for (const past of history) {
        const result = withEvidenceErased(past.result);
        if (JSON.stringify(result) === JSON.stringify(past.result)) continue;
        await this.tx.db.update(analysisResults).set({ result }).where(eq(analysisResults.id, past.id));
      }
    }
    return changed.sort();
  }

  async eraseReviewerNotes(organizationId: string, userId: string): Promise<string[]> {
    const changed = await this.tx.db
      .update(analyses)
      .set({ reviewNotes: ERASED })
      .where(
        and(
          eq(analyses.organizationId, organizationId),
          eq(analyses.reviewedBy, userId),
          isNotNull(analyses.reviewNotes),
          ne(analyses.reviewNotes, ERASED),
        ),
      )
      .returning({ id: analyses.id });
    return changed.map((c) => c.id).sort();
  }
}
