export { SharedApplicationModule } from './shared-application.module';
export { TenantQueryBus, TransactionalCommandBus, type Scoped } from './transactional-buses';
export { OrganizationCommand, OrganizationQuery, type InOrganization } from './organization-messages';
