import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeletionReceipts } from '@domain/privacy/ports/deletion-receipts.port';
import { RecordDeletionReceiptsCommand } from './record-deletion-receipts.command';

@CommandHandler(RecordDeletionReceiptsCommand)
export class RecordDeletionReceiptsHandler implements ICommandHandler<RecordDeletionReceiptsCommand, void> {
  constructor(private readonly receipts: DeletionReceipts) {}

  async execute({ props: c }: RecordDeletionReceiptsCommand): Promise<void> {
    await this.receipts.record(c.organizationId, c.receipts);
  }
}
