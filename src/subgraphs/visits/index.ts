import { analyticsOverviewReference } from "../../resolvers/visits/analytics.reference.js";
import { AuditResolver } from "../../resolvers/visits/audit.resolver.js";
import { organizationReference } from "../../resolvers/visits/organization.reference.js";
import { OrganizationResolver } from "../../resolvers/visits/organization.resolver.js";
import { PersonalDataResolver } from "../../resolvers/visits/personal-data.resolver.js";
import { RegistrationResolver } from "../../resolvers/visits/registration.resolver.js";
import { countyReference, subregionReference } from "../../resolvers/visits/subregion.reference.js";
import { CountyResolver, SubregionResolver } from "../../resolvers/visits/subregion.resolver.js";
import { UserResolver } from "../../resolvers/visits/user.resolver.js";
import { visitReference } from "../../resolvers/visits/visit.reference.js";
import { VisitResolver } from "../../resolvers/visits/visit.resolver.js";
import { VisitStopResolver } from "../../resolvers/visits/visit-stop.resolver.js";
import { AnalyticsOverview } from "../../schema/visits/analytics.type.js";
import type { SubgraphDefinition } from "../../shared/graphql/subgraph.js";

/** The `visits` subgraph: its resolvers and the entities it resolves by key. */
export const visitsSubgraph: SubgraphDefinition = {
  name: "visits",
  resolvers: [
    SubregionResolver,
    CountyResolver,
    OrganizationResolver,
    VisitResolver,
    VisitStopResolver,
    RegistrationResolver,
    PersonalDataResolver,
    UserResolver,
    AuditResolver,
  ],
  // Resolved only by key: the feedback subgraph's analytics query returns it.
  orphanedTypes: [AnalyticsOverview],
  references: {
    Subregion: subregionReference,
    County: countyReference,
    Organization: organizationReference,
    StudyVisit: visitReference,
    AnalyticsOverview: analyticsOverviewReference,
  },
};
