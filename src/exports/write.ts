import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

/** One table as the dashboard shows it: suppressed cells are `null`. */
export interface Table {
  title: string;
  headers: string[];
  rows: (string | number | null)[][];
  /** Printed under the table: the filters and what an empty cell means. */
  notes: string[];
}

export type Delimiter = "," | ";";

/**
 * UTF-8 with a byte-order mark, so that Excel shows Polish letters; `;` for Excel set to a
 * Polish locale, where `,` is the decimal separator.
 */
export function toCsv(table: Table, delimiter: Delimiter): Buffer {
  const decimal = (value: string | number | null) =>
    typeof value === "number" && delimiter === ";" ? String(value).replace(".", ",") : value;
  const body = stringify(
    [
      table.headers,
      ...table.rows.map((row) => row.map(decimal)),
      [],
      ...table.notes.map((n) => [n]),
    ],
    { delimiter, record_delimiter: "\r\n" },
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, "utf8")]);
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Wizyty";
  // Sheet names are limited to 31 characters and a few forbidden ones.
  const sheet = workbook.addWorksheet(table.title.replace(/[\\/?*[\]:]/g, " ").slice(0, 31));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.addRow([]);
  for (const note of table.notes) sheet.addRow([note]).font = { italic: true };
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(
      ...table.rows.map((row) => String(row[index] ?? "").length),
      table.headers[index]?.length ?? 0,
    );
    column.width = Math.min(60, Math.max(10, widest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
