import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TenantQueryBus, TransactionalCommandBus } from './transactional-buses';

/** The buses every context's controllers use. The unit of work comes from the persistence module. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [TransactionalCommandBus, TenantQueryBus],
  exports: [TransactionalCommandBus, TenantQueryBus, CqrsModule],
})
export class SharedApplicationModule {}
