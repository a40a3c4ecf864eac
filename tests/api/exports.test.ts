import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemo } from "../../src/seed/index.js";
import { Role, startTestSystem, type TestSystem } from "../support/system.js";

let t: TestSystem;
let analyst: string;
beforeAll(async () => {
  t = await startTestSystem();
  await seedDemo(t.system.database!, t.config, { today: new Date("2026-06-01T12:00:00Z") });
  analyst = await t.tokenFor(Role.ANALYST);
});
afterAll(() => t?.close());

const download = (path: string, token?: string) =>
  fetch(`${t.baseUrl}/exports/${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe("exports", () => {
  it("gives the overview as CSV in UTF-8 with a byte-order mark, with the API's numbers", async () => {
    // Arrange
    const api = await t.gql<{ analyticsOverview: { responses: { value: number } } }>(
      /* GraphQL */ `
        {
          analyticsOverview(filter: { subregions: ["PL925"] }) {
            responses {
              value
            }
          }
        }
      `,
      {},
      { token: analyst },
    );

    // Act
    const response = await download("overview.csv?subregions=PL925", analyst);
    const bytes = Buffer.from(await response.arrayBuffer());

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("overview.csv");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe("Miara,Wartość");
    expect(lines).toContain(`Odpowiedzi,${api.data!.analyticsOverview.responses.value}`);
    expect(lines.join("\n")).toContain("Filtry: subregions=PL925");
  });

  it("uses semicolons and decimal commas on request, and English headers", async () => {
    // Act
    const body = Buffer.from(
      await (await download("overview.csv?delimiter=semicolon&lang=en", analyst)).arrayBuffer(),
    )
      .subarray(3)
      .toString("utf8");

    // Assert
    expect(body.split("\r\n")[0]).toBe("Measure;Value");
    expect(body).toMatch(/Mean rating: OVERALL;\d,\d+/);
  });

  it("gives the theme matrix as XLSX with the same suppression as the API", async () => {
    // Arrange
    const api = await t.gql<{
      themeMatrix: { rows: { labelPl: string; respondents: { value: number | null } }[] };
    }>(
      /* GraphQL */ `
        {
          themeMatrix(theme: SUPPORT, by: SUBREGION, filter: { from: "2024-01-01" }) {
            rows {
              labelPl
              respondents {
                value
              }
            }
          }
        }
      `,
      {},
      { token: analyst },
    );

    // Act
    const response = await download(
      "theme-matrix.xlsx?theme=SUPPORT&by=SUBREGION&from=2024-01-01",
      analyst,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;

    // Assert
    expect(response.status).toBe(200);
    expect(sheet.getRow(1).getCell(1).value).toBe("Podregion");
    const rows = api.data!.themeMatrix.rows;
    rows.forEach((row, i) => {
      const excel = sheet.getRow(i + 2);
      expect(excel.getCell(1).value).toBe(row.labelPl);
      expect(excel.getCell(2).value ?? null).toBe(row.respondents.value);
    });
  });

  it("refuses requests without a token, for unknown tables and with bad options", async () => {
    // Act
    const anonymous = await download("overview.csv");
    const unknown = await download("secrets.csv", analyst);
    const badDelimiter = await download("trend.csv?delimiter=tab", analyst);
    const badFilter = await download("overview.csv?subregions=PL999", analyst);

    // Assert
    expect(anonymous.status).toBe(401);
    expect(unknown.status).toBe(404);
    expect(badDelimiter.status).toBe(400);
    expect(badFilter.status).toBe(400);
    expect(
      ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!
        .extensions.code,
    ).toBe("UNAUTHENTICATED");
  });
});
