import type { OrganizationDocument, VisitsModels } from "../../models/visits/index.js";
import { type CountyRef, NUTS } from "../../reference/index.js";
import type { OrganizationType } from "../../schema/visits/enums.js";
import {
  type Connection,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from "../../shared/graphql/connection.js";
import { badInput, notFound } from "../../shared/graphql/errors.js";
import { objectId, trusted } from "../../shared/mongo.js";
import { escapeRegExp, trimmed } from "./support.js";

export interface OrganizationRecord {
  id: string;
  name: string;
  type: OrganizationType;
  operator: string | null;
  /** TERYT code; the county and subregion are resolved from the NUTS table. */
  countyTeryt: string | null;
  description: string | null;
}

export interface OrganizationFilter {
  type?: OrganizationType | null;
  subregion?: string | null;
  county?: string | null;
  search?: string | null;
}

export interface OrganizationFields {
  name: string;
  type: OrganizationType;
  operator?: string | null;
  countyTeryt?: string | null;
  description?: string | null;
}

/** Fields to change; undefined leaves one alone, null clears it (rejected for required ones). */
export type OrganizationChanges = {
  [K in keyof OrganizationFields]?: OrganizationFields[K] | null;
};

export function toOrganization(doc: OrganizationDocument): OrganizationRecord {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    type: doc.type as OrganizationType,
    operator: doc.operator ?? null,
    countyTeryt: doc.county ?? null,
    description: doc.description ?? null,
  };
}

/** Host organisations: public reference data that visits point to. */
export class OrganizationService {
  constructor(private readonly models: VisitsModels) {}

  async list(
    filter: OrganizationFilter = {},
    first?: number | null,
    after?: string | null,
  ): Promise<Connection<OrganizationRecord>> {
    const limit = pageSize(first);
    const match = this.match(filter);
    const page: Record<string, unknown>[] = [match];
    if (after) {
      const [name, id] = decodeCursor(after, 2);
      const afterId = typeof id === "string" ? objectId(id) : undefined;
      if (typeof name !== "string" || !afterId)
        throw badInput("after", "after is not a cursor this API gave out.");
      page.push({
        $or: [{ name: trusted({ $gt: name }) }, { name, _id: trusted({ $gt: afterId }) }],
      });
    }
    const docs = await this.models.Organization.find({ $and: page })
      .sort({ name: 1, _id: 1 })
      .limit(limit + 1)
      .lean<OrganizationDocument[]>();
    return toConnection(
      docs.map(toOrganization),
      limit,
      () => this.models.Organization.countDocuments(match).exec(),
      (o) => encodeCursor([o.name, o.id]),
    );
  }

  async get(id: string): Promise<OrganizationRecord | null> {
    const _id = objectId(id);
    if (!_id) return null;
    const doc = await this.models.Organization.findById(_id).lean<OrganizationDocument>();
    return doc ? toOrganization(doc) : null;
  }

  /** For the DataLoader: one `$in` find, results in the order of `ids`. */
  async byIds(ids: readonly string[]): Promise<(OrganizationRecord | null)[]> {
    const valid = ids.map(objectId).filter((id) => id !== undefined);
    const docs = valid.length
      ? await this.models.Organization.find({ _id: trusted({ $in: valid }) }).lean<
          OrganizationDocument[]
        >()
      : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), toOrganization(doc)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  async create(input: OrganizationFields): Promise<OrganizationRecord> {
    const doc = await this.models.Organization.create(this.fields(input));
    return toOrganization(doc.toObject());
  }

  async update(id: string, input: OrganizationChanges): Promise<OrganizationRecord> {
    const _id = objectId(id);
    for (const key of ["name", "type"] as const) {
      if (input[key] === null) throw badInput(`input.${key}`, `${key} cannot be removed.`);
    }
    const doc = _id
      ? await this.models.Organization.findByIdAndUpdate(
          _id,
          { $set: this.fields(input) },
          { returnDocument: "after" },
        ).lean<OrganizationDocument>()
      : null;
    if (!doc) throw notFound("Organization", id);
    return toOrganization(doc);
  }

  private fields(input: OrganizationChanges): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (input.name !== undefined) fields["name"] = trimmed(input.name!);
    if (input.type !== undefined) fields["type"] = input.type;
    if (input.operator !== undefined) fields["operator"] = blankToNull(input.operator);
    if (input.description !== undefined) fields["description"] = blankToNull(input.description);
    if (input.countyTeryt !== undefined) {
      fields["county"] = input.countyTeryt === null ? null : countyOf(input.countyTeryt).teryt;
    }
    return fields;
  }

  private match(filter: OrganizationFilter): Record<string, unknown> {
    const match: Record<string, unknown> = {};
    if (filter.type) match["type"] = filter.type;
    if (filter.county) match["county"] = countyOf(filter.county, "filter.county").teryt;
    if (filter.subregion) {
      const subregion = NUTS.subregion(filter.subregion);
      if (!subregion)
        throw badInput("filter.subregion", `No subregion has code ${filter.subregion}.`);
      if (!filter.county)
        match["county"] = trusted({ $in: subregion.counties.map((c) => c.teryt) });
      else if (!subregion.counties.some((c) => c.teryt === filter.county)) match["_id"] = null;
    }
    const search = filter.search?.trim();
    if (search) match["name"] = new RegExp(escapeRegExp(search), "i");
    return match;
  }
}

function countyOf(teryt: string, field = "input.countyTeryt"): CountyRef {
  const county = NUTS.county(teryt);
  if (!county) throw badInput(field, `No county has TERYT code ${teryt}.`);
  return county;
}

function blankToNull(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
