// The SQL behind the knowledge base (issue 18 §5): articles, their full-text index, and the uses
// reports count. Built once per store. The index is message search's engine (full-text.ts), so
// articles are tokenized, stemmed and kept up to date exactly as messages are: inside the
// transaction that writes the article.
import { sql, type Generated, type Selectable } from 'kysely';
import type { SearchTerm } from '../domain/search-text';
import type { SqlDialect } from './dialect';
import type { FullTextIndex } from './full-text';
import { param as p, params, prepare } from './prepared';
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

export type KbArticleRow = Selectable<KbArticlesTable>;
export type KbUseRow = Omit<Selectable<KbUsesTable>, 'id'>;
export type KbArticleMatchRow = KbArticleRow & { relevance: number };
type KbUsageRowDb = { article_id: string; title: string | null; uses: number | string; operators: number | string };

const ARTICLE_COLUMNS = ['id', 'title', 'body', 'tags', 'lang', 'url', 'created_at', 'updated_at'] as const;

/** An article's document: the title, the tags (the JSON's brackets and quotes are not words) and the text. */
export const KB_ARTICLE_SEARCH: FullTextIndex = {
  name: 'kb_article_search',
  table: 'kb_articles',
  key: 'id',
  columns: ['title', 'body', 'tags'],
  document: (c) => `${c('title')} || ' ' || ${c('tags')} || ' ' || ${c('body')}`,
  newest: 'updated_at',
};

/** The index's statements (migration 027). */
export function kbIndexStatements(d: SqlDialect): string[] {
  return d.fullText.indexStatements(KB_ARTICLE_SEARCH);
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

/** Articles holding every term, the engine's best match first (a row carries its relevance). */
export function searchArticles(
  store: Store,
  terms: readonly SearchTerm[],
  limit: number,
): Promise<KbArticleMatchRow[]> {
  const matches = store.dialect.fullText.matches(KB_ARTICLE_SEARCH, terms);
  if (!matches) return Promise.resolve([]);
  const query = sql<KbArticleMatchRow>`select a.id, a.title, a.body, a.tags, a.lang, a.url, a.created_at,
    a.updated_at, hit.relevance from ${matches} as hit join kb_articles as a on a.id = hit.key
    order by hit.relevance, a.id limit ${limit}`;
  return store.all(prepare<object, KbArticleMatchRow>({ compile: () => query.compile(store.dialect.builder) }), {});
}

export type { KbUsageRowDb };
