import { type InferSchemaType, Schema, type Types } from "mongoose";

import { OrganizationType } from "../../schema/visits/enums.js";

export const organizationSchema = new Schema(
  {
    name: { type: String, required: true },
    type: { type: String, enum: Object.values(OrganizationType), required: true },
    operator: { type: String, default: null },
    /** TERYT code of the county; the subregion is derived from it through the NUTS table. */
    county: { type: String, default: null },
    description: { type: String, default: null },
  },
  { timestamps: true },
);
// The list is sorted by name then id; filters narrow by type or county.
organizationSchema.index({ name: 1, _id: 1 });
organizationSchema.index({ type: 1, name: 1 });
organizationSchema.index({ county: 1, name: 1 });

export type OrganizationDocument = InferSchemaType<typeof organizationSchema> & {
  _id: Types.ObjectId;
};
