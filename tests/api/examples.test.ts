import { readFileSync } from "node:fs";

import { type OperationDefinitionNode, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { clientSchema, emitSubgraphSdl } from "../../src/gateway/compose.js";

const document = parse(readFileSync(new URL("../../examples.graphql", import.meta.url), "utf8"));
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
