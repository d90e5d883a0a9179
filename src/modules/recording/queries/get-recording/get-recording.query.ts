import { OrganizationQuery } from '../../../shared';
import type { RecordingView } from '@domain/recording/ports/recording-read-model.port';

export interface GetRecordingProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

export class GetRecordingQuery extends OrganizationQuery<GetRecordingProps, RecordingView | null> {}
