import { OrganizationCommand } from '../../../shared';
import type { ScoringConfiguration } from '@domain/analysis/scoring/risk-scoring';

export interface CreateScoringConfigProps {
  readonly organizationId: string;
  readonly config: ScoringConfiguration;
  readonly createdBy: string | null;
}

/** A new version; earlier versions are never rewritten. */
export class CreateScoringConfigCommand extends OrganizationCommand<CreateScoringConfigProps, { version: number }> {}
