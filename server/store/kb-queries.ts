// The SQL behind the knowledge base (issue 18 §5): articles, their full-text index, and the uses
// reports count. Built once per store. The index is the same engine as message search: SQLite
// FTS5 with the unicode61 tokenizer (folds case and diacritics of Cyrillic and Latin alike; ё is
// folded to е by hand), PostgreSQL a tsvector of both the `russian` and `english` configurations. Either is kept up
// to date by the database itself (triggers, a generated column), inside the writing transaction.
import { sql, type Compilable, type Generated, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DialectName, SqlDialect } from './dialect';
import { param as p, params, prepare } from './prepared';
import type { Database } from './schema';
import type { Store } from './store';

export interface KbArticlesTable {
  id: string;
  title: string;
  body: string;
  /** A JSON array of strings. */
  tags: string;
  lang: string | null;
  url: string | null;
  created_at: number;
  updated_at: number;
}

export interface KbUsesTable {
  id: Generated<number>;
  article_id: string;
  operator_id: string;
  conversation_id: string;
  /** 'paragraph' or 'link'. */
  kind: string;
  at: number;
}

type KbDatabase = Database & { kb_articles: KbArticlesTable; kb_uses: KbUsesTable };
export type KbArticleRow = Selectable<KbArticlesTable>;
export type KbUseRow = Omit<Selectable<KbUsesTable>, 'id'>;
type KbHitRow = Pick<KbArticleRow, 'id' | 'title' | 'tags' | 'lang' | 'url'> & { snippet: string };
type KbUsageRowDb = { article_id: string; title: string | null; uses: number | string; operators: number | string };

const ARTICLE_COLUMNS = ['id', 'title', 'body', 'tags', 'lang', 'url', 'created_at', 'updated_at'] as const;
/** At most this many words of a query count: a search box, not a document. */
const QUERY_WORDS_MAX = 8;

/** The index's tables, triggers and columns, per dialect (migration 027). */
export function kbIndexStatements(d: SqlDialect): string[] {
  return TEXT_SEARCH[d.name].statements;
}

const TEXT_SEARCH: Record<
  DialectName,
  { statements: string[]; match: (words: string[]) => string; search: (db: Kysely<KbDatabase>) => Compilable }
> = {
  sqlite: {
    // External content: the index holds only the tokens; triggers keep it in step in the same
    // transaction as the write, upserts included (an upsert's update fires the update trigger).
    statements: [
      `CREATE VIRTUAL TABLE kb_articles_fts USING fts5(title, body, tags, content='kb_articles',
        content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
      `CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_articles_fts (rowid, title, body, tags) VALUES (new.rowid, ${yoAsYe('new')}); END`,
      `CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, ${yoAsYe('old')}); END`,
      `CREATE TRIGGER kb_articles_fts_update AFTER UPDATE ON kb_articles BEGIN
        INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, ${yoAsYe('old')});
        INSERT INTO kb_articles_fts (rowid, title, body, tags) VALUES (new.rowid, ${yoAsYe('new')}); END`,
    ],
    // Every word as a quoted prefix: nothing the user types is FTS5 syntax.
    match: (words) => words.map((word) => `"${word.replaceAll('ё', 'е')}"*`).join(' '),
    // A title match weighs most, then a tag, then the body.
    search: (db) =>
      compilable(
        db,
        sql<KbHitRow>`select a.id, a.title, a.tags, a.lang, a.url,
          snippet(kb_articles_fts, 1, '', '', '…', 16) as snippet
          from kb_articles_fts join kb_articles a on a.rowid = kb_articles_fts.rowid
          where kb_articles_fts match ${p('match')}
          order by bm25(kb_articles_fts, 10.0, 1.0, 5.0), a.title limit ${p<number>('limit')}`,
      ),
  },
  postgres: {
    // The russian configuration stems Cyrillic words (and Latin ones with the English stemmer);
    // the english one adds English stop words and stems: the two together serve both languages.
    statements: [
      `ALTER TABLE kb_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('russian'::regconfig, tags), 'B') || setweight(to_tsvector('english'::regconfig, tags), 'B')
        || to_tsvector('russian'::regconfig, body) || to_tsvector('english'::regconfig, body)) STORED`,
      `CREATE INDEX kb_articles_search ON kb_articles USING GIN (search)`,
    ],
    // Every word as a prefix (`:*`); words are letters and digits only, so no tsquery syntax.
    match: (words) => words.map((word) => `${word}:*`).join(' & '),
    search: (db) =>
      compilable(
        db,
        sql<KbHitRow>`select a.id, a.title, a.tags, a.lang, a.url,
          ts_headline('russian', a.body, q.query, 'StartSel="",StopSel="",MaxWords=24,MinWords=10') as snippet
          from kb_articles a,
            (select to_tsquery('russian', ${p('match')}) || to_tsquery('english', ${p('match')}) as query) q
          where a.search @@ q.query
          order by ts_rank(a.search, q.query) desc, a.title limit ${p<number>('limit')}`,
      ),
  },
};

/**
 * The columns a trigger indexes, ё written as е: unicode61 keeps ё a letter of its own, while
 * Russian writers mostly type е for it. Same length, so snippets still line up with the text.
 */
function yoAsYe(row: 'new' | 'old'): string {
  const fold = (column: string) => `replace(replace(${row}.${column}, 'ё', 'е'), 'Ё', 'Е')`;
  return ['title', 'body', 'tags'].map(fold).join(', ');
}

function compilable<R>(db: Kysely<KbDatabase>, query: RawBuilder<R>): Compilable {
  return { compile: () => query.compile(db) };
}

type KbQueries = ReturnType<typeof buildQueries>;
const built = new WeakMap<Store, KbQueries>();

function buildQueries(store: Store) {
  const db = store.dialect.builder.withTables<{ kb_articles: KbArticlesTable; kb_uses: KbUsesTable }>();
  const article = db.selectFrom('kb_articles').select(ARTICLE_COLUMNS);
  return {
    insertArticle: prepare<KbArticleRow>(db.insertInto('kb_articles').values(params<KbArticleRow>(ARTICLE_COLUMNS))),
    updateArticle: prepare<Omit<KbArticleRow, 'created_at'>>(
      db
        .updateTable('kb_articles')
        .set(params<Omit<KbArticleRow, 'id' | 'created_at'>>(['title', 'body', 'tags', 'lang', 'url', 'updated_at']))
        .where('id', '=', p('id')),
    ),
    deleteArticle: prepare<{ id: string }, { id: string }>(
      db.deleteFrom('kb_articles').where('id', '=', p('id')).returning('id'),
    ),
    articleById: prepare<{ id: string }, KbArticleRow>(article.where('id', '=', p('id'))),
    listArticles: prepare<Record<string, never>, KbArticleRow>(article.orderBy('id')),
    search: prepare<{ match: string; limit: number }, KbHitRow>(TEXT_SEARCH[store.dialect.name].search(db)),
    insertUse: prepare<KbUseRow>(
      db.insertInto('kb_uses').values(params<KbUseRow>(['article_id', 'operator_id', 'conversation_id', 'kind', 'at'])),
    ),
    usage: prepare<{ from: number; to: number; limit: number }, KbUsageRowDb>(
      db
        .selectFrom('kb_uses as u')
        .leftJoin('kb_articles as a', 'a.id', 'u.article_id')
        .select((eb) => [
          'u.article_id',
          'a.title',
          eb.fn.countAll().as('uses'),
          eb.fn.count('u.operator_id').distinct().as('operators'),
        ])
        .where('u.at', '>=', p<number>('from'))
        .where('u.at', '<', p<number>('to'))
        .groupBy(['u.article_id', 'a.title'])
        .orderBy('uses', 'desc')
        .orderBy('u.article_id')
        .limit(p<number>('limit')),
    ),
  };
}

/** The knowledge base's statements for this store. */
export function kbQueries(store: Store): KbQueries {
  let q = built.get(store);
  if (!q) {
    q = buildQueries(store);
    built.set(store, q);
  }
  return q;
}

/**
 * The words of what the operator typed, lower-cased: letters and digits only, so the match
 * expression cannot carry the engine's syntax (quotes, NEAR, `*`, `:`) whatever was typed.
 */
export function queryWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, QUERY_WORDS_MAX);
}

/** Articles matching every word of `text` as a prefix, best first; none for a query without words. */
export async function searchArticles(store: Store, text: string, limit: number): Promise<KbHitRow[]> {
  const words = queryWords(text);
  if (words.length === 0) return [];
  const match = TEXT_SEARCH[store.dialect.name].match(words);
  return store.all(kbQueries(store).search, { match, limit });
}

export type { KbHitRow, KbUsageRowDb };
