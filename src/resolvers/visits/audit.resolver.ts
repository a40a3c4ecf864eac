import { Arg, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";

import { AuditEvent, AuditEventConnection, AuditFilter } from "../../schema/visits/audit.type.js";
import type { VisitsContext } from "../../services/visits/index.js";
import type { AuditEventRecord } from "../../shared/audit-log.js";
import { Role } from "../../shared/auth.js";
import type { Connection } from "../../shared/graphql/connection.js";

@Resolver((_of) => AuditEvent)
export class AuditResolver {
  @Authorized([Role.ADMIN])
  @Query((_returns) => AuditEventConnection, {
    description:
      "The audit log of both subgraphs, newest first (ADMIN only): every mutation, and every staff query whose answer held personal data.",
  })
  auditLog(
    @Ctx() { services }: VisitsContext,
    @Arg("filter", (_type) => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg("first", (_type) => Int, { nullable: true, description: "1–100, default 20." })
    first?: number,
    @Arg("after", (_type) => String, { nullable: true }) after?: string,
  ): Promise<Connection<AuditEventRecord>> {
    return services.audit.list(filter ?? {}, first, after);
  }
}
