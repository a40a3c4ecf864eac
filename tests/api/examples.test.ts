import { readFileSync } from "node:fs";

import { type OperationDefinitionNode, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { TABLES } from "../../src/exports/tables.js";
import { clientSchema, emitSubgraphSdl } from "../../src/gateway/compose.js";
import { operationLimits } from "../../src/shared/graphql/limits.js";

const text = readFileSync(new URL("../../examples.graphql", import.meta.url), "utf8");
const document = parse(text);
const operations = document.definitions.filter(
  (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
);

// examples.graphql is documentation clients copy from: every operation must run as written.
describe("examples.graphql", () => {
  it("has an example of every query and mutation of the supergraph", async () => {
    // Arrange
    const schema = clientSchema(await emitSubgraphSdl());
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const everyField = roots.flatMap((root) => Object.keys(root.getFields()));

    // Act
    const used = new Set(
      operations.flatMap((op) =>
        op.selectionSet.selections.flatMap((s) => (s.kind === "Field" ? [s.name.value] : [])),
      ),
    );

    // Assert
    expect(everyField.filter((field) => !used.has(field))).toEqual([]);
  });

  it.each(operations.map((op) => [op.name?.value ?? "(anonymous)", op] as const))(
    "%s is valid against the supergraph",
    async (_name, operation) => {
      // Arrange
      const schema = clientSchema(await emitSubgraphSdl());

      // Act
      const errors = validate(schema, { kind: document.kind, definitions: [operation] });

      // Assert
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );
});

// The gateway refuses what is over its limits before any subgraph is called; nothing a client
// is shown as an example (nor what the exports send) may come near them.
describe("operation limits", () => {
  const limits = operationLimits("gateway");
  const sources = [
    ...operations.map((op) => [op.name!.value, text.slice(op.loc!.start, op.loc!.end)] as const),
    ...Object.entries(TABLES).map(([name, table]) => [`export ${name}`, table.query] as const),
  ];

  it.each(sources)("%s passes them", async (_name, source) => {
    // Arrange
    const schema = clientSchema(await emitSubgraphSdl());

    // Act
    const parsed = parse(source, limits.parseOptions);
    const errors = validate(schema, parsed, limits.validationRules);

    // Assert
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
