import { Query } from '@nestjs/cqrs';
import type { ScoringConfigVersion } from '../../../../domain/analysis/ports/analysis-repositories.port';

/** The current version (null: the built-in default applies), or a given one. */
export class GetScoringConfigQuery extends Query<ScoringConfigVersion | null> {
  constructor(
    readonly organizationId: string,
    readonly version: number | null,
  ) {
    super();
  }
}
