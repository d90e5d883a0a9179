import { Command } from '@nestjs/cqrs';

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
export class CreateAnalysisCommand extends Command<{ analysisId: string; created: boolean }> {
  constructor(readonly props: CreateAnalysisProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
