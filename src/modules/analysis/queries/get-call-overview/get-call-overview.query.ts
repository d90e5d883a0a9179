import { OrganizationQuery } from '../../../shared';
import type { AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';
import type { ConversationView, RecordingView } from '@domain/recording/ports/recording-read-model.port';
import type { CallDetailView } from '@domain/telephony/ports/telephony-read-model.port';

/** A call with what the other contexts know of it; a section the caller may not read is left out. */
export interface CallOverviewView extends CallDetailView {
  recordings?: RecordingView[];
  conversation?: ConversationView | null;
  analysis?: AnalysisView | null;
}

export interface GetCallOverviewProps {
  organizationId: string;
  callId: string;
  /** The sections the caller's permissions allow. */
  sections: { recordings: boolean; conversation: boolean; analysis: boolean };
}

export class GetCallOverviewQuery extends OrganizationQuery<GetCallOverviewProps, CallOverviewView | null> {}
