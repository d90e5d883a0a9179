import { Module } from '@nestjs/common';
import { AnalysisModule } from '@modules/analysis';
import { AuditModule } from '@modules/audit';
import { EventsModule } from '@modules/events';
import { RecordingModule } from '@modules/recording';
import { TelephonyModule } from '@modules/telephony';
import { TenancyModule } from '@modules/tenancy';
import { OrganizationExportController } from './http/organization-export.controller';
import { OrganizationExportService } from './organization-export.service';

/**
 * Data lifecycle across contexts: the organization export. It owns no table and no domain;
 * it composes the contexts' published export queries, and nothing depends on it.
 */
@Module({
  imports: [TenancyModule, TelephonyModule, RecordingModule, AnalysisModule, EventsModule, AuditModule],
  controllers: [OrganizationExportController],
  providers: [OrganizationExportService],
})
export class DataModule {}
