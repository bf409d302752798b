/** RFC 4180 as spreadsheets read it: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  return rows;
}

/** CSV rows as records keyed by the header line. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...lines] = parseCsv(text);
  return lines.map((line) => Object.fromEntries(header.map((name, index) => [name, line[index]])));
}
