/** How many columns a top-level `select … from` hands back, or null for any other statement. */
export function selectColumnCount(sql: string): number | null {
  return selectItems(sql)?.length ?? null;
}

/**
 * A select whose result columns share a name (two tables' `"id"`), rewritten
 * so each column is named by its position (`"0"`, `"1"`, …): rows handed back
 * as objects then keep every column, in order. Null for any other statement.
 */
export function positionallyNamed(sql: string): string | null {
  const items = selectItems(sql);
  if (!items) return null;
  const names = items.map(({ from, to }) => columnName(sql.slice(from, to)));
  if (new Set(names).size === names.length) return null;
  let out = sql.slice(0, items[0].from);
  items.forEach(({ from, to }, i) => {
    const item = sql.slice(from, to).replace(/\s+as\s+"(?:[^"]|"")*"\s*$/i, "");
    out += `${i ? ", " : ""}${item.trim()} AS "${i}"`;
  });
  return out + sql.slice(items[items.length - 1].to);
}

/** The name SQLite gives a result column: its alias, else a column's own name, else the expression. */
function columnName(item: string): string {
  const named = /(?:\bas\s+|\.|^\s*)"((?:[^"]|"")*)"\s*$/i.exec(item);
  return named ? named[1] : item.trim();
}

/** Where each item of a top-level `select … from` list lies in the text. */
function selectItems(sql: string): Array<{ from: number; to: number }> | null {
  const head = /^\s*select\s+(?:distinct\s+)?/i.exec(sql);
  if (!head) return null;
  const items: Array<{ from: number; to: number }> = [];
  let start = head[0].length;
  let depth = 0;
  for (let i = start; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === "`") i = closingQuote(sql, i);
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && ch === ",") {
      items.push({ from: start, to: i });
      start = i + 1;
    } else if (depth === 0 && /\s/.test(ch) && /^\s+from\s/i.test(sql.slice(i, i + 7))) {
      items.push({ from: start, to: i });
      return items;
    }
  }
  return null;
}

/** The index of the quote closing the one at `open` (a doubled quote is part of the text). */
function closingQuote(sql: string, open: number): number {
  const quote = sql[open];
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i;
      i++;
    }
    i++;
  }
  return sql.length;
}
