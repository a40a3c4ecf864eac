import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { buildPtable, OUTPUT_FILE } from "../../scripts/ptable.js";
import {
  cellKey,
  changeOf,
  noiseVariance,
  perturb,
  PTABLE,
  recordKey,
} from "../../src/shared/perturbation.js";

describe("perturbation table", () => {
  it("is the file the generator writes", () => {
    // Arrange, Act
    const built = `${JSON.stringify(buildPtable(), null, 2)}\n`;

    // Assert
    expect(readFileSync(OUTPUT_FILE, "utf8")).toBe(built);
    expect(PTABLE.version).toBe("ptable-v1");
  });

  it("has rows that cover every key once, with mean 0, no negative counts and zeros kept", () => {
    for (const row of PTABLE.rows) {
      expect(row.changes[0]!.from).toBe(0);
      expect(row.changes.at(-1)!.to).toBe(PTABLE.keyRange);
      row.changes.slice(1).forEach((c, i) => expect(c.from).toBe(row.changes[i]!.to));
      const mean = row.changes.reduce((s, c) => s + c.p * c.change, 0);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      for (const c of row.changes) {
        expect(Math.abs(c.change)).toBeLessThanOrEqual(PTABLE.maxChange);
        expect(row.count + c.change).toBeGreaterThanOrEqual(0);
      }
    }
    expect(PTABLE.rows[0]!.changes).toEqual([{ change: 0, p: 1, from: 0, to: PTABLE.keyRange }]);
  });
});

describe("perturb", () => {
  it("gives the same cell the same value, and keeps zeros and the bounds", () => {
    // Arrange
    const keys = Array.from({ length: 2000 }, () => recordKey());

    // Act, Assert
    for (let n = 0; n < 60; n++) {
      const keySum = keys.slice(0, n).reduce((a, b) => a + b, 0);
      const value = perturb(n, keySum);
      expect(perturb(n, keySum)).toBe(value);
      expect(Math.abs(value - n)).toBeLessThanOrEqual(PTABLE.maxChange);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(perturb(0, 12345)).toBe(0);
  });

  it("reads a cell key modulo the range, also from a negative sum", () => {
    expect(cellKey(PTABLE.keyRange + 7)).toBe(7);
    expect(cellKey(-1)).toBe(PTABLE.keyRange - 1);
    expect(changeOf(10, 0)).toBe(-2);
    expect(changeOf(10, PTABLE.keyRange - 1)).toBe(2);
  });

  it("changes large counts evenly by −2…2 (variance 2)", () => {
    // Arrange
    const seen = new Map<number, number>();

    // Act
    for (let i = 0; i < 20_000; i++) {
      const change = changeOf(100, recordKey() + recordKey());
      seen.set(change, (seen.get(change) ?? 0) + 1);
    }

    // Assert
    expect([...seen.keys()].sort()).toEqual([-1, -2, 0, 1, 2]);
    for (const n of seen.values()) expect(n / 20_000).toBeCloseTo(0.2, 1);
    expect(noiseVariance(100)).toBe(2);
  });
});
