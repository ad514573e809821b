// The full-text engine (issue 18 §3), one index per searchable table, in each dialect's own way:
// - SQLite: a contentless FTS5 table (the text lives once, in the source table) that keeps the
//   row's key beside each entry, written in the same transaction as its row: by triggers, or for
//   an append-only table at the end of each group commit (catchUp). Tokenizer unicode61 with
//   remove_diacritics 2 folds case in Latin and Cyrillic and drops Latin accents.
// - PostgreSQL: a GIN index on the expression to_tsvector('russian', …) || to_tsvector('english',
//   …): PostgreSQL writes it with the row, and no column is added that every read would carry.
//   The russian configuration stems Cyrillic words and sends Latin ones to the English stemmer;
//   the english one adds English words as written (stop words apart).
// Both fold `ё` to `е` on the indexed text, as the query side does (domain/search-text.ts).
// dialect.ts hands the right engine to the store; queries build on `matches`.
import { sql, type RawBuilder } from 'kysely';
import type { SearchTerm } from '../domain/search-text';

/** A searchable table: what its index is called, which text it indexes, which rows. */
export interface FullTextIndex {
  /** The FTS5 table (SQLite) or GIN index (PostgreSQL). */
  name: string;
  table: string;
  /** The table's text primary key, which a match gives back. */
  key: string;
  /** The columns the document is made of: a change of one of them re-indexes the row. */
  columns: readonly string[];
  /** The indexed text as SQL over the row's columns (each named through `column`). */
  document: (column: (name: string) => string) => string;
  /** Only the rows this SQL condition holds for are indexed (all when absent). */
  only?: (column: (name: string) => string) => string;
  /** A column that grows with time: `newest` in a match (PostgreSQL; SQLite uses index order). */
  newest: string;
  /**
   * Rows are only ever added, never changed nor deleted (messages): on SQLite the store indexes
   * them at the end of each group commit (catchUp) instead of a trigger per row.
   */
  appendOnly?: boolean;
}

/** A match's row: the source row's key, a number that is larger for newer rows, and a relevance
 * that is smaller for better matches (FTS5's bm25 rank, PostgreSQL's negated ts_rank). */
export interface FullTextMatch {
  key: string;
  newest: number;
  relevance: number;
}

export interface FullTextEngine {
  /** Statements that create the index, keep it with its table and fill it with the rows there. */
  indexStatements(index: FullTextIndex): string[];
  /**
   * Statements the store runs at the end of each group commit, in its transaction, to index the
   * rows an append-only table gained (SQLite); none where the index keeps up by itself.
   */
  catchUp(index: FullTextIndex): string[];
  /** The rows whose document holds every term, as a parenthesised subquery to join on `key`;
   * null when there is no term to look for. */
  matches(index: FullTextIndex, terms: readonly SearchTerm[]): RawBuilder<FullTextMatch> | null;
}

const column =
  (alias: string) =>
  (name: string): string =>
    alias ? `${alias}.${name}` : name;

const foldYo = {
  sqlite: (text: string) => `replace(replace(${text}, 'ё', 'е'), 'Ё', 'Е')`,
  postgres: (text: string) => `translate(${text}, 'ёЁ', 'еЕ')`,
};

const sqliteDocument = (index: FullTextIndex, alias: string): string =>
  foldYo.sqlite(`coalesce(${index.document(column(alias))}, '')`);

// An append-only table's rows are indexed in one statement per group commit, after its
// savepoints: FTS5 writes a new segment at every savepoint, which made indexing row by row in a
// trigger cost twice the rest of a message's write (bench/search.ts). The mark is the largest
// rowid indexed; SQLite gives a new row a larger rowid than any in the table. The first statement
// keeps the mark within the table, should a VACUUM ever renumber the rows (their entries stay).
function sqliteCatchUp(index: FullTextIndex): string[] {
  const { name, table, key } = index;
  const mark = `(SELECT indexed_up_to FROM search_marks WHERE name = '${name}')`;
  const last = `(SELECT coalesce(max(rowid), 0) FROM ${table})`;
  const only = index.only ? ` AND ${index.only(column(''))}` : '';
  return [
    `UPDATE search_marks SET indexed_up_to = ${last} WHERE name = '${name}' AND indexed_up_to > ${last}`,
    `INSERT INTO ${name} (document, ${key}) SELECT ${sqliteDocument(index, '')}, ${key} FROM ${table}
      WHERE rowid > ${mark}${only} ORDER BY rowid`,
    `UPDATE search_marks SET indexed_up_to = ${last} WHERE name = '${name}'`,
  ];
}

export const sqliteFullText: FullTextEngine = {
  indexStatements(index) {
    const { name, table, key } = index;
    const create = `CREATE VIRTUAL TABLE ${name} USING fts5(document, ${key} UNINDEXED, content='',
      contentless_delete=1, contentless_unindexed=1, tokenize='unicode61 remove_diacritics 2')`;
    if (index.appendOnly)
      return [
        create,
        `CREATE TABLE IF NOT EXISTS search_marks (name TEXT PRIMARY KEY, indexed_up_to INTEGER NOT NULL)`,
        `INSERT INTO search_marks (name, indexed_up_to) VALUES ('${name}', 0)`,
        ...sqliteCatchUp(index),
      ];
    const row = (alias: string) => sqliteDocument(index, alias);
    const when = (alias: string) => (index.only ? ` WHEN ${index.only(column(alias))}` : '');
    const where = index.only ? ` WHERE ${index.only(column(''))}` : '';
    // Deleting by key scans the index's keys: tables indexed this way are small (articles).
    // Whoever drops such a table must drop `${name}_content` too: SQLite 3.53 leaves that shadow
    // table behind.
    return [
      create,
      `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table}${when('new')} BEGIN
        INSERT INTO ${name} (document, ${key}) VALUES (${row('new')}, new.${key}); END`,
      `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table}${when('old')} BEGIN
        DELETE FROM ${name} WHERE ${key} = old.${key}; END`,
      `CREATE TRIGGER ${name}_update AFTER UPDATE OF ${index.columns.join(', ')} ON ${table} BEGIN
        DELETE FROM ${name} WHERE ${key} = old.${key};
        INSERT INTO ${name} (document, ${key}) SELECT ${row('new')}, new.${key}${index.only ? ` WHERE ${index.only(column('new'))}` : ''}; END`,
      `INSERT INTO ${name} (document, ${key}) SELECT ${row('')}, ${key} FROM ${table}${where} ORDER BY rowid`,
    ];
  },
  catchUp: (index) => (index.appendOnly ? sqliteCatchUp(index) : []),
  matches(index, terms) {
    if (terms.length === 0) return null;
    const expression = terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`).join(' ');
    const name = sql.table(index.name);
    const key = sql.ref(`${index.name}.${index.key}`);
    // rowid is the order entries were indexed in: walking it backwards gives the newest first
    // and lets FTS5 stop at the limit instead of sorting every match.
    return sql<FullTextMatch>`(select ${key} as key, ${name}.rowid as newest, ${name}.rank as relevance from ${name} where ${name} match ${expression})`;
  },
};

const vector = (index: FullTextIndex, alias: string): string => {
  const document = foldYo.postgres(`coalesce(${index.document(column(alias))}, '')`);
  return `(to_tsvector('russian'::regconfig, ${document}) || to_tsvector('english'::regconfig, ${document}))`;
};

export const postgresFullText: FullTextEngine = {
  // GIN's pending list takes each row cheaply, in the statement that writes it.
  catchUp: () => [],
  indexStatements(index) {
    const where = index.only ? ` WHERE ${index.only(column(''))}` : '';
    return [`CREATE INDEX ${index.name} ON ${index.table} USING GIN (${vector(index, '')})${where}`];
  },
  matches(index, terms) {
    if (terms.length === 0) return null;
    // Terms hold no quote or backslash (search-text.ts), so quoting makes each one lexeme text.
    const expression = terms.map((t) => `'${t.text}'${t.prefix ? ':*' : ''}`).join(' & ');
    const query = sql`(to_tsquery('russian'::regconfig, ${expression}) || to_tsquery('english'::regconfig, ${expression}))`;
    const document = sql.raw(vector(index, 'source'));
    const only = index.only ? sql` and ${sql.raw(index.only(column('source')))}` : sql``;
    return sql<FullTextMatch>`(select ${sql.ref(`source.${index.key}`)} as key, ${sql.ref(`source.${index.newest}`)} as newest, -ts_rank(${document}, ${query}) as relevance from ${sql.table(index.table)} as source where ${document} @@ ${query}${only})`;
  },
};
