import { OrganizationQuery } from '../../../shared';
import type { RecordingTranscriptView } from '@domain/recording/ports/recording-read-model.port';

export interface GetRecordingTranscriptProps {
  readonly organizationId: string;
  readonly recordingId: string;
}

/** The conversation a recording's transcript lives in: its call's, or (an upload) its own. */
export class GetRecordingTranscriptQuery extends OrganizationQuery<GetRecordingTranscriptProps, RecordingTranscriptView | null> {}
