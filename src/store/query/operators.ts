// The operators the embedded store claims. Each one is covered by a conformance test in
// tests/store/operators/ whose expected result comes from MongoDB's documentation; anything not
// listed here is refused with a clear error rather than evaluated by an unchecked implementation.
import { Context } from "mingo/core";
import * as acc from "mingo/operators/accumulator";
import * as expr from "mingo/operators/expression";
import * as pipe from "mingo/operators/pipeline";
import * as proj from "mingo/operators/projection";
import * as q from "mingo/operators/query";

import { $bucket } from "./bucket.js";
import { $sort } from "./sort.js";

export const queryOperators = {
  $eq: q.$eq, $ne: q.$ne, $gt: q.$gt, $gte: q.$gte, $lt: q.$lt, $lte: q.$lte, $in: q.$in, $nin: q.$nin,
  $and: q.$and, $or: q.$or, $nor: q.$nor, $not: q.$not,
  $exists: q.$exists, $type: q.$type,
  $regex: q.$regex, $mod: q.$mod, $expr: q.$expr,
  $all: q.$all, $elemMatch: q.$elemMatch, $size: q.$size,
};

export const projectionOperators = { $elemMatch: proj.$elemMatch, $slice: proj.$slice };

export const pipelineStages = {
  $match: pipe.$match, $project: pipe.$project, $addFields: pipe.$addFields, $set: pipe.$set,
  $unset: pipe.$unset, $group: pipe.$group, $sort, $skip: pipe.$skip,
  $limit: pipe.$limit, $count: pipe.$count, $unwind: pipe.$unwind, $lookup: pipe.$lookup,
  $replaceRoot: pipe.$replaceRoot, $replaceWith: pipe.$replaceWith, $facet: pipe.$facet,
  $sortByCount: pipe.$sortByCount, $bucket,
};

export const accumulators = {
  $sum: acc.$sum, $avg: acc.$avg, $min: acc.$min, $max: acc.$max, $first: acc.$first,
  $last: acc.$last, $push: acc.$push, $addToSet: acc.$addToSet, $count: acc.$count,
};

export const expressionOperators = {
  // arithmetic
  $add: expr.$add, $subtract: expr.$subtract, $multiply: expr.$multiply, $divide: expr.$divide,
  $mod: expr.$mod, $abs: expr.$abs, $round: expr.$round, $floor: expr.$floor, $ceil: expr.$ceil,
  // comparison and boolean
  $eq: expr.$eq, $ne: expr.$ne, $gt: expr.$gt, $gte: expr.$gte, $lt: expr.$lt, $lte: expr.$lte,
  $cmp: expr.$cmp, $and: expr.$and, $or: expr.$or, $not: expr.$not,
  // conditional
  $cond: expr.$cond, $ifNull: expr.$ifNull, $switch: expr.$switch,
  // string
  $concat: expr.$concat, $toLower: expr.$toLower, $toUpper: expr.$toUpper,
  $substrCP: expr.$substrCP, $strLenCP: expr.$strLenCP, $split: expr.$split, $trim: expr.$trim,
  // array
  $size: expr.$size, $arrayElemAt: expr.$arrayElemAt, $filter: expr.$filter, $map: expr.$map,
  $in: expr.$in, $concatArrays: expr.$concatArrays, $isArray: expr.$isArray,
  // dates (trends by month, quarter and year)
  $year: expr.$year, $month: expr.$month, $dayOfMonth: expr.$dayOfMonth,
  $dateToString: expr.$dateToString, $dateTrunc: expr.$dateTrunc,
  // type, object, variables
  $toString: expr.$toString, $type: expr.$type, $mergeObjects: expr.$mergeObjects,
  $literal: expr.$literal, $let: expr.$let,
};

export const storeContext = Context.init({
  query: queryOperators,
  projection: projectionOperators,
  pipeline: pipelineStages,
  accumulator: accumulators,
  expression: expressionOperators,
});
