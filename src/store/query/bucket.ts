import type { Iterator } from "mingo/lazy";
import { $group } from "mingo/operators/pipeline";
import type { Options } from "mingo/types";

import { badValue } from "../errors.js";
import { compareValues } from "./compare.js";
import { $sort } from "./sort.js";

interface BucketSpec {
  groupBy: unknown;
  boundaries: unknown[];
  default?: unknown;
  output?: Record<string, unknown>;
}

/**
 * `$bucket` as MongoDB defines it: a `$group` on a `$switch` over the boundaries followed by
 * `$sort: { _id: 1 }`. mingo's own `$bucket` puts a value equal to a boundary into the bucket
 * below it and keeps empty buckets, both of which MongoDB does not do.
 */
export function $bucket(collection: Iterator, spec: BucketSpec, options: Options): Iterator {
  const { groupBy, boundaries, output } = spec;
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw badValue("$bucket requires 'boundaries' to be an array of at least two values");
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (compareValues(boundaries[i - 1], boundaries[i]) >= 0) {
      throw badValue("$bucket 'boundaries' must be sorted in ascending order and distinct");
    }
  }
  const hasDefault = spec.default !== undefined;
  if (
    hasDefault &&
    compareValues(spec.default, boundaries[0]) >= 0 &&
    compareValues(spec.default, boundaries[boundaries.length - 1]) < 0
  ) {
    throw badValue(
      "$bucket 'default' must be less than the lowest boundary or greater than or equal to the highest",
    );
  }
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
    then: { $literal: lower },
  }));
  const outOfRange = hasDefault
    ? { $literal: spec.default }
    : { $literal: { $__bucketOutOfRange: true } };
  const grouped = $group(
    collection,
    { _id: { $switch: { branches, default: outOfRange } }, ...(output ?? { count: { $sum: 1 } }) },
    options,
  ).map((group) => {
    const id = (group as { _id: unknown })._id;
    if (!hasDefault && id !== null && typeof id === "object" && "$__bucketOutOfRange" in id) {
      throw badValue(
        "$bucket could not find a matching branch for an input, and no default was specified",
      );
    }
    return group;
  });
  return $sort(grouped, { _id: 1 }, options);
}
