import { OrganizationCommand } from '../../../shared';

export interface CreateAnalysisProps {
  readonly organizationId: string;
  readonly recording: {
    recordingId: string;
    callId: string | null;
    source: 'call' | 'upload';
    fileName: string | null;
    fileHash: string | null;
  };
}

/** One analysis per stored recording (of a call or an upload); asking again returns the first. */
export class CreateAnalysisCommand extends OrganizationCommand<CreateAnalysisProps, { analysisId: string; created: boolean }> {}
