import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ExportPage } from '@domain/shared/data-export';
import type { Db } from './database';

/** How one table is exported: its organization column, its key (keyset order) and the columns never exported. */
export interface ExportTable {
  readonly table: PgTable;
  readonly organization: PgColumn;
  readonly keys: readonly PgColumn[];
  readonly omit?: readonly string[];
}

const selections = new WeakMap<ExportTable, Record<string, PgColumn>>();

function selectionOf(spec: ExportTable): Record<string, PgColumn> {
  let selection = selections.get(spec);
  if (!selection) {
    const omit = new Set(spec.omit ?? []);
    selection = Object.fromEntries(Object.entries(getTableColumns(spec.table)).filter(([name]) => !omit.has(name))) as Record<
      string,
      PgColumn
    >;
    selections.set(spec, selection);
  }
  return selection;
}

function keyNames(spec: ExportTable): string[] {
  const columns = getTableColumns(spec.table);
  return spec.keys.map((key) => Object.entries(columns).find(([, column]) => column === key)![0]);
}

/**
 * One keyset page of a table for one organization: rows after the position (the key's values
 * of the last row, as JSON), in key order, using the table's primary key or organization index.
 * Callers run it inside the organization's unit of work, so row-level security applies too.
 */
export async function exportPage(
  db: Db,
  spec: ExportTable,
  kind: string,
  organizationId: string,
  after: string | null,
  limit: number,
): Promise<ExportPage> {
  const conditions: SQL[] = [eq(spec.organization, organizationId)];
  if (after !== null) {
    const values = JSON.parse(after) as unknown[];
    if (!Array.isArray(values) || values.length !== spec.keys.length) throw new Error(`bad export position for ${kind}`);
    conditions.push(
      sql`(${sql.join([...spec.keys], sql`, `)}) > (${sql.join(
        values.map((value, i) => sql`${value}::${sql.raw(spec.keys[i]!.getSQLType())}`),
        sql`, `,
      )})`,
    );
  }
  const rows = (await db
    .select(selectionOf(spec))
    .from(spec.table)
    .where(and(...conditions))
    .orderBy(...spec.keys.map((key) => asc(key)))
    .limit(limit)) as Record<string, unknown>[];
  const last = rows[rows.length - 1];
  const names = keyNames(spec);
  return {
    records: rows.map((data) => ({ kind, data })),
    next: rows.length === limit && last ? JSON.stringify(names.map((name) => last[name])) : null,
  };
}

/** The page of one of a context's kinds; asking for a kind the context does not export is a bug. */
export function exportPageOfKind(
  db: Db,
  tables: Readonly<Record<string, ExportTable>>,
  context: string,
  kind: string,
  organizationId: string,
  after: string | null,
  limit: number,
): Promise<ExportPage> {
  const spec = tables[kind];
  if (!spec) throw new Error(`${context} exports no ${kind}`);
  return exportPage(db, spec, kind, organizationId, after, limit);
}
