// The operators the embedded store claims. Each one is covered by a conformance test in
// tests/store/operators/ whose expected result comes from MongoDB's documentation; anything not
// listed here is refused with a clear error rather than evaluated by an unchecked implementation.
import { Context } from "mingo/core";
import * as expr from "mingo/operators/expression";
import * as pipe from "mingo/operators/pipeline";
import * as proj from "mingo/operators/projection";
import * as q from "mingo/operators/query";

import * as fixedAcc from "./accumulators.js";
import { $bucket } from "./bucket.js";
import * as fixedExpr from "./expressions.js";
import * as fixedQuery from "./filters.js";
import { $sort } from "./sort.js";
import * as fixedPipe from "./stages.js";

export const queryOperators = {
  $eq: fixedQuery.$eq,
  $ne: fixedQuery.$ne,
  $gt: fixedQuery.$gt,
  $gte: fixedQuery.$gte,
  $lt: fixedQuery.$lt,
  $lte: fixedQuery.$lte,
  $in: fixedQuery.$in,
  $nin: fixedQuery.$nin,
  $and: q.$and,
  $or: q.$or,
  $nor: q.$nor,
  $not: q.$not,
  $exists: q.$exists,
  $type: fixedQuery.$type,
  $regex: q.$regex,
  $mod: fixedQuery.$mod,
  $expr: q.$expr,
  $all: fixedQuery.$all,
  $elemMatch: q.$elemMatch,
  $size: q.$size,
};

export const projectionOperators = { $elemMatch: proj.$elemMatch, $slice: proj.$slice };

export const pipelineStages = {
  $match: fixedPipe.$match,
  $project: pipe.$project,
  $addFields: pipe.$addFields,
  $set: pipe.$set,
  $unset: pipe.$unset,
  $group: fixedPipe.$group,
  $sort,
  $skip: fixedPipe.$skip,
  $limit: fixedPipe.$limit,
  $count: fixedPipe.$count,
  $unwind: pipe.$unwind,
  $lookup: fixedPipe.$lookup,
  $replaceRoot: pipe.$replaceRoot,
  $replaceWith: pipe.$replaceWith,
  $facet: pipe.$facet,
  $sortByCount: pipe.$sortByCount,
  $bucket,
};

export const accumulators = {
  $sum: fixedAcc.$sum,
  $avg: fixedAcc.$avg,
  $min: fixedAcc.$min,
  $max: fixedAcc.$max,
  $first: fixedAcc.$first,
  $last: fixedAcc.$last,
  $push: fixedAcc.$push,
  $addToSet: fixedAcc.$addToSet,
  $count: fixedAcc.$count,
};

export const expressionOperators = {
  // arithmetic
  $add: expr.$add,
  $subtract: expr.$subtract,
  $multiply: expr.$multiply,
  $divide: expr.$divide,
  $mod: expr.$mod,
  $abs: expr.$abs,
  $round: fixedExpr.$round,
  $floor: expr.$floor,
  $ceil: expr.$ceil,
  // comparison and boolean
  $eq: fixedExpr.$eq,
  $ne: fixedExpr.$ne,
  $gt: fixedExpr.$gt,
  $gte: fixedExpr.$gte,
  $lt: fixedExpr.$lt,
  $lte: fixedExpr.$lte,
  $cmp: fixedExpr.$cmp,
  $and: expr.$and,
  $or: expr.$or,
  $not: expr.$not,
  // conditional
  $cond: expr.$cond,
  $ifNull: expr.$ifNull,
  $switch: fixedExpr.$switch,
  // string
  $concat: expr.$concat,
  $toLower: fixedExpr.$toLower,
  $toUpper: fixedExpr.$toUpper,
  $substrCP: expr.$substrCP,
  $strLenCP: expr.$strLenCP,
  $split: expr.$split,
  $trim: expr.$trim,
  // array
  $size: fixedExpr.$size,
  $arrayElemAt: expr.$arrayElemAt,
  $filter: expr.$filter,
  $map: expr.$map,
  $in: expr.$in,
  $concatArrays: expr.$concatArrays,
  $isArray: expr.$isArray,
  // dates (trends by month, quarter and year)
  $year: expr.$year,
  $month: expr.$month,
  $dayOfMonth: expr.$dayOfMonth,
  $dateToString: expr.$dateToString,
  $dateTrunc: expr.$dateTrunc,
  // type, object, variables
  $toString: fixedExpr.$toString,
  $type: fixedExpr.$type,
  $mergeObjects: expr.$mergeObjects,
  $literal: expr.$literal,
  $let: expr.$let,
  // mingo looks accumulators up among the expressions first, in $group too (see accumulators.ts):
  // $sum, $avg, $min and $max also work outside $group, the others are refused there.
  ...accumulators,
};

export const storeContext = Context.init({
  query: queryOperators,
  projection: projectionOperators,
  pipeline: pipelineStages,
  accumulator: accumulators,
  expression: expressionOperators,
});
