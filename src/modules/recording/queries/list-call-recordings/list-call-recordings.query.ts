import { OrganizationQuery } from '../../../shared';
import type { RecordingView } from '@domain/recording/ports/recording-read-model.port';

export interface ListCallRecordingsProps {
  readonly organizationId: string;
  readonly callId: string;
}

export class ListCallRecordingsQuery extends OrganizationQuery<ListCallRecordingsProps, RecordingView[]> {}
