import { OrganizationQuery } from '../../../shared';
import type { RecordingOfCall } from '@domain/recording/ports/recording-personal-data-eraser.port';

export interface FindRecordingsOfCallsProps {
  readonly organizationId: string;
  readonly callIds: readonly string[];
}

/** Erasure finds every recording of the calls it erases, with its legal hold. */
export class FindRecordingsOfCallsQuery extends OrganizationQuery<FindRecordingsOfCallsProps, RecordingOfCall[]> {}
