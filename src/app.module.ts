import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '@infrastructure/auth/auth.guard';
import { PrincipalThrottlerGuard } from '@infrastructure/auth/principal-throttler.guard';
import { InfrastructureModule, type InfrastructureOptions } from '@infrastructure/infrastructure.module';
import { AnalysisModule } from '@modules/analysis';
import { AuditModule } from '@modules/audit';
import { DataModule } from '@modules/data';
import { EventsModule } from '@modules/events';
import { PrivacyModule } from '@modules/privacy';
import { RecordingModule } from '@modules/recording';
import { SharedApplicationModule } from '@modules/shared';
import { TelephonyModule } from '@modules/telephony';
import { TenancyModule } from '@modules/tenancy';

@Module({})
export class AppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(options),
        SharedApplicationModule,
        TenancyModule,
        AuditModule,
        TelephonyModule,
        RecordingModule,
        AnalysisModule,
        EventsModule,
        DataModule,
        PrivacyModule,
      ],
      // Here, not in the infrastructure module: the guard onboards users through the tenancy context.
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // After authentication: limits are per API key and per user.
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
      ],
    };
  }
}
