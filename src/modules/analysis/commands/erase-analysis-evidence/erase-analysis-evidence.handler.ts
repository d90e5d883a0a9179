import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisPersonalDataEraser } from '@domain/analysis/ports/analysis-personal-data-eraser.port';
import { EraseAnalysisEvidenceCommand } from './erase-analysis-evidence.command';

@CommandHandler(EraseAnalysisEvidenceCommand)
export class EraseAnalysisEvidenceHandler implements ICommandHandler<EraseAnalysisEvidenceCommand, string[]> {
  constructor(private readonly eraser: AnalysisPersonalDataEraser) {}

  execute({ props: c }: EraseAnalysisEvidenceCommand): Promise<string[]> {
    return this.eraser.eraseEvidence(c.organizationId, c);
  }
}
