// The knowledge base (issue 18 §5): articles admins write (one at a time, or a folder imported
// through `put`), operators search and read, and the uses of them that reports count. Articles
// live in the store only: they are read on demand, so nothing is cached to keep in step.
import {
  KB_SEARCH_LIMIT_MAX,
  type KbArticle,
  type KbArticleInput,
  type KbArticlePatch,
  type KbHit,
  type KbPutResult,
  type KbUsageRow,
} from '../../shared/kb-schemas';
import { Lang, type Lang as LangCode } from '../../shared/schemas';
import { kbSearchTerms, rankArticles, snippetOf } from '../domain/kb-ranking';
import { kbQueries, searchArticles, type KbArticleRow } from '../store/kb-queries';
import { ChangeSet } from './changes';
import type { ConversationBook } from './conversation-book';
import type { DeskContext } from './context';
import { DeskError } from './errors';
import type { OperatorRecord } from './mappers';
import { writableConversation } from './operator-actions';

/** An article without its body, as `admin kb list` shows it. */
export type KbListing = Omit<KbArticle, 'body'>;

export class KnowledgeBase {
  constructor(
    private readonly ctx: DeskContext,
    private readonly book: Pick<ConversationBook, 'get'>,
  ) {}

  private get q() {
    return kbQueries(this.ctx.store);
  }

  async add(input: KbArticleInput): Promise<KbArticle> {
    if (await this.row(input.id)) {
      throw new DeskError(
        'CONFLICT',
        `article ${input.id} exists: change it with \`textdesk admin kb set ${input.id}\``,
      );
    }
    return this.write(input, null);
  }

  /** Changes the fields given; the others stay as they were. */
  async set(patch: KbArticlePatch): Promise<KbArticle> {
    const row = await this.row(patch.id);
    if (!row) throw notFound(patch.id);
    const current = fromRow(row);
    return this.write(
      {
        id: patch.id,
        title: patch.title ?? current.title,
        body: patch.body ?? current.body,
        tags: patch.tags ?? current.tags,
        lang: patch.lang === undefined ? current.lang : patch.lang,
        url: patch.url === undefined ? current.url : patch.url,
      },
      row,
    );
  }

  /**
   * Adds the article or replaces it whole (an import): writing what is already stored changes
   * nothing, not even the time it was updated, so importing a folder twice is a no-op.
   */
  async put(input: KbArticleInput): Promise<KbPutResult> {
    const row = await this.row(input.id);
    if (row && sameContent(fromRow(row), input)) return { id: input.id, result: 'unchanged' };
    await this.write(input, row ?? null);
    return { id: input.id, result: row ? 'updated' : 'added' };
  }

  async delete(id: string): Promise<void> {
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    let deleted = false;
    changes.write(this.q.deleteArticle, { id }, (rows) => (deleted = rows.length > 0));
    await changes.commit();
    if (!deleted) throw notFound(id);
  }

  async list(): Promise<KbListing[]> {
    const rows = await this.ctx.store.all(this.q.listArticles, {});
    return rows.map((row) => {
      const { body: _body, ...listing } = fromRow(row);
      return listing;
    });
  }

  async article(id: string): Promise<KbArticle> {
    const row = await this.row(id);
    if (!row) throw notFound(id);
    return fromRow(row);
  }

  /** Articles holding every word typed (each the start of a word), ranked by where it is found. */
  async search(query: string, limit: number): Promise<KbHit[]> {
    const terms = kbSearchTerms(query);
    // Ranking moves title matches up, so it ranks the engine's best few dozen, not just `limit`.
    const found = (await searchArticles(this.ctx.store, terms, KB_SEARCH_LIMIT_MAX)).map(fromRow);
    return rankArticles(found, terms)
      .slice(0, limit)
      .map(({ body, createdAt: _created, updatedAt: _updated, ...hit }) => ({
        ...hit,
        snippet: snippetOf(body, terms),
      }));
  }

  /**
   * A paragraph or the link of an article went into a draft of an open dialog the actor may
   * write in. Counted at insertion, like templates: the console cannot tell which words of a sent
   * reply came from where once the operator has edited them.
   */
  async recordUse(
    actor: OperatorRecord,
    use: { articleId: string; conversationId: string; kind: 'paragraph' | 'link' },
  ): Promise<void> {
    writableConversation(this.book, actor, use.conversationId);
    if (!(await this.row(use.articleId))) throw notFound(use.articleId);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.q.insertUse, {
      article_id: use.articleId,
      operator_id: actor.id,
      conversation_id: use.conversationId,
      kind: use.kind,
      at: changes.at,
    });
    await changes.commit();
  }

  /** The most used articles in [from, to), most used first. */
  async usage(from: number, to: number, limit: number): Promise<KbUsageRow[]> {
    const rows = await this.ctx.store.all(this.q.usage, { from, to, limit });
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      uses: Number(row.uses),
      operators: Number(row.operators),
    }));
  }

  private row(id: string): Promise<KbArticleRow | undefined> {
    return this.ctx.store.get(this.q.articleById, { id });
  }

  private async write(input: KbArticleInput, existing: KbArticleRow | null): Promise<KbArticle> {
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    const row: KbArticleRow = {
      id: input.id,
      title: input.title,
      body: input.body,
      tags: JSON.stringify(input.tags),
      lang: input.lang,
      url: input.url,
      created_at: existing ? Number(existing.created_at) : changes.at,
      updated_at: changes.at,
    };
    if (existing) {
      const { created_at: _created, ...update } = row;
      changes.write(this.q.updateArticle, update);
    } else {
      changes.write(this.q.insertArticle, row);
    }
    await changes.commit();
    return fromRow(row);
  }
}

function notFound(id: string): DeskError {
  return new DeskError('NOT_FOUND', `article ${id} does not exist: see \`textdesk admin kb list\``);
}

function sameContent(article: KbArticle, input: KbArticleInput): boolean {
  return (
    article.title === input.title &&
    article.body === input.body &&
    article.lang === input.lang &&
    article.url === input.url &&
    JSON.stringify(article.tags) === JSON.stringify(input.tags)
  );
}

function parseTags(json: string): string[] {
  const tags: unknown = JSON.parse(json);
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

function langOf(value: string | null): LangCode | null {
  const parsed = Lang.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function fromRow(row: KbArticleRow): KbArticle {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    tags: parseTags(row.tags),
    lang: langOf(row.lang),
    url: row.url,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
