import { OrganizationQuery } from '../../../shared';
import type { ScoringConfigVersion } from '@domain/analysis/ports/analysis-repositories.port';

export interface GetScoringConfigProps {
  readonly organizationId: string;
  readonly version: number | null;
}

/** The current version (null: the built-in default applies), or a given one. */
export class GetScoringConfigQuery extends OrganizationQuery<GetScoringConfigProps, ScoringConfigVersion | null> {}
