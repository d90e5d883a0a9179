import { Command } from '@nestjs/cqrs';
import type { ScoringConfiguration } from '../../../../domain/analysis/scoring/risk-scoring';

/** A new version; earlier versions are never rewritten. */
export class CreateScoringConfigCommand extends Command<{ version: number }> {
  constructor(
    readonly organizationId: string,
    readonly config: ScoringConfiguration,
    readonly createdBy: string | null,
  ) {
    super();
  }
}
