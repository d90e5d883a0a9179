export { TelephonyModule } from './telephony.module';
export { ReconcileCallsJob, RECONCILE_CALLS_QUEUE } from './reconcile-calls.job';
