import {
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  ObjectType,
  registerEnumType,
} from "type-graphql";

import { AUDIT_KINDS, type AuditKind as AuditKindValue } from "../../shared/audit-log.js";
import { Role } from "../../shared/auth.js";
import { ConnectionType } from "../../shared/graphql/connection.js";

export const AuditKind = Object.fromEntries(AUDIT_KINDS.map((kind) => [kind, kind])) as {
  [K in AuditKindValue]: K;
};
registerEnumType(AuditKind, {
  name: "AuditKind",
  description: "What an audit event records.",
  valuesConfig: {
    CHANGE: { description: "A mutation, by staff or by the public, whatever its outcome." },
    PERSONAL_DATA_ACCESS: {
      description:
        "A staff query whose answer held personal data (names, e-mails, lists of people, words people wrote).",
    },
  },
});

@ObjectType({
  description:
    "One audited request to one subgraph. Holds ids only: never a participant's name or e-mail, a free-text argument, a password or a token.",
})
export class AuditEvent {
  @Field((_type) => ID)
  id!: string;

  @Field((_type) => GraphQLISODateTime, { description: "When the request arrived." })
  at!: Date;

  @Field((_type) => AuditKind)
  kind!: AuditKindValue;

  @Field((_type) => String, { description: "The staff user's id, or `anonymous`." })
  userId!: string;

  @Field((_type) => Role, { nullable: true, description: "null for anonymous requests." })
  role!: Role | null;

  @Field((_type) => String, { description: "`mutation` or `query`." })
  operation!: string;

  @Field((_type) => String, { nullable: true, description: "The client's operation name." })
  operationName!: string | null;

  @Field((_type) => [String], { description: "Root fields asked for, e.g. `registerForVisit`." })
  fields!: string[];

  @Field((_type) => [String], {
    description: "Ids in the arguments and of the objects a mutation returned.",
  })
  entityIds!: string[];

  @Field((_type) => [String], {
    description: "The personal-data fields the answer held, e.g. `Registration.participant`.",
  })
  personalData!: string[];

  @Field((_type) => String, { description: "The subgraph that answered: `visits`, `feedback`." })
  subgraph!: string;

  @Field((_type) => String, { description: "Shared by the events of one client request." })
  requestId!: string;

  @Field((_type) => String, {
    description:
      "The client's address as the gateway saw it; for anonymous requests only its network (IPv4 /24, IPv6 /64).",
  })
  clientAddress!: string;

  @Field((_type) => String, {
    description:
      "`OK`, the first error's code, or `PENDING` for a mutation still running (or one the service stopped during).",
  })
  outcome!: string;
}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEvent, "AuditEvent") {}

@InputType()
export class AuditFilter {
  @Field((_type) => String, { nullable: true, description: "A staff user's id, or `anonymous`." })
  userId?: string | null;

  @Field((_type) => AuditKind, { nullable: true })
  kind?: AuditKindValue | null;

  @Field((_type) => ID, { nullable: true, description: "Events whose `entityIds` include it." })
  entityId?: string | null;

  @Field((_type) => Boolean, {
    nullable: true,
    description: "true: only events that touched personal data (queries and mutations alike).",
  })
  personalData?: boolean | null;

  @Field((_type) => GraphQLISODateTime, { nullable: true, description: "From this instant on." })
  from?: Date | null;

  @Field((_type) => GraphQLISODateTime, { nullable: true, description: "Before this instant." })
  to?: Date | null;
}
