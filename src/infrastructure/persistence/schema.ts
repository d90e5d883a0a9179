export * from './tenancy/tenancy.schema';
export * from './audit/audit.schema';
export * from './platform/platform.schema';
export * from './telephony/telephony.schema';
export * from './recording/recording.schema';
export * from './analysis/analysis.schema';
export * from './events/events.schema';
export * from './data/data.schema';
