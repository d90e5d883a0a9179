import { ApiPropertyOptional } from '@nestjs/swagger';
import { ConversationDto, RecordingDto } from '../../recording';
import { CallDetailDto } from '../../telephony';
import { AnalysisDto } from './analysis.dto';

export class CallOverviewDto extends CallDetailDto {
  @ApiPropertyOptional({ type: [RecordingDto], description: 'Its recordings, oldest first; left out without `recordings:read`' })
  recordings?: RecordingDto[];
  @ApiPropertyOptional({
    type: ConversationDto,
    nullable: true,
    description: 'Its transcript and summary, null until there is one; left out without `recordings:read`',
  })
  conversation?: ConversationDto | null;
  @ApiPropertyOptional({
    type: AnalysisDto,
    nullable: true,
    description: 'Its fraud-risk analysis, null until there is one; left out without `analyses:read`',
  })
  analysis?: AnalysisDto | null;
}
