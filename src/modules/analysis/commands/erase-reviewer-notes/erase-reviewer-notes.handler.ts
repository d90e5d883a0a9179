import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisPersonalDataEraser } from '@domain/analysis/ports/analysis-personal-data-eraser.port';
import { EraseReviewerNotesCommand } from './erase-reviewer-notes.command';

@CommandHandler(EraseReviewerNotesCommand)
export class EraseReviewerNotesHandler implements ICommandHandler<EraseReviewerNotesCommand, string[]> {
  constructor(private readonly eraser: AnalysisPersonalDataEraser) {}

  execute({ props: c }: EraseReviewerNotesCommand): Promise<string[]> {
    return this.eraser.eraseReviewerNotes(c.organizationId, c.userId);
  }
}
