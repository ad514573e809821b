// The knowledge base on the wire (issue 18 §5): articles as admins write them and operators read
// them, the search operators run, the use the console records, and the report of top articles.
import { z } from 'zod';
import { LIMITS } from './limits';
import { Lang } from './schemas';
import { filledText, storable } from './text-rules';

/** An article's body in UTF-16 units: a long help page, and still well inside one HTTP body (64 KiB) in Cyrillic. */
export const KB_BODY_MAX = 20_000;
export const KB_TAGS_MAX = 20;
export const KB_SEARCH_LIMIT_MAX = 50;

/** The article's key: an import names it after its file (returns.md → returns), so re-importing updates it. */
export const KbArticleId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore only (e.g. returns-policy)');

const Tag = filledText(40).regex(/^[^\s,]+$/, 'a tag is one word: no spaces or commas');
/** Only links a customer can open in a browser: nothing else belongs in a reply. */
const PublicUrl = storable(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(LIMITS.url));

export const KbArticleInput = z.object({
  id: KbArticleId,
  title: filledText(LIMITS.name),
  /** Markdown; the console shows it plainly and inserts it a paragraph at a time. */
  body: filledText(KB_BODY_MAX),
  tags: z.array(Tag).max(KB_TAGS_MAX).default([]),
  /** Null: any language. */
  lang: Lang.nullable().default(null),
  url: PublicUrl.nullable().default(null),
});
export type KbArticleInput = z.output<typeof KbArticleInput>;

/** `admin kb set`: the fields given change, the others stay; a null lang or url clears it. */
export const KbArticlePatch = z.object({
  id: KbArticleId,
  title: filledText(LIMITS.name).optional(),
  body: filledText(KB_BODY_MAX).optional(),
  tags: z.array(Tag).max(KB_TAGS_MAX).optional(),
  lang: Lang.nullable().optional(),
  url: PublicUrl.nullable().optional(),
});
export type KbArticlePatch = z.output<typeof KbArticlePatch>;

export const KbArticleRef = z.object({ id: KbArticleId });

export const KbArticle = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  lang: Lang.nullable(),
  url: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type KbArticle = z.infer<typeof KbArticle>;

/** What `admin kb put` (the import) did with one article: nothing at all when it was already so. */
export const KbPutResult = z.object({ id: z.string(), result: z.enum(['added', 'updated', 'unchanged']) });
export type KbPutResult = z.infer<typeof KbPutResult>;

export const KbSearchInput = z.object({
  query: storable(z.string().max(200)),
  limit: z.number().int().min(1).max(KB_SEARCH_LIMIT_MAX).default(10),
});

/** A search hit: enough for the picker's list; the body comes with kbArticle. */
export const KbHit = z.object({
  id: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  lang: Lang.nullable(),
  url: z.string().nullable(),
  /** Raw text around the match: the client sanitises it before drawing. */
  snippet: z.string(),
});
export type KbHit = z.infer<typeof KbHit>;

/** An article's paragraph or link went into a draft (see README, "Knowledge base": what counts as a use). */
export const KbUseInput = z.object({
  articleId: KbArticleId,
  conversationId: storable(z.string().min(1).max(LIMITS.id)),
  kind: z.enum(['paragraph', 'link']),
});

export const KbUsageInput = z.object({
  from: z.number().int(),
  to: z.number().int(),
  limit: z.number().int().min(1).max(LIMITS.listPage).default(20),
});

/** One row of the top articles: uses in the period, by how many operators. */
export const KbUsageRow = z.object({
  articleId: z.string(),
  /** Null once the article has been deleted. */
  title: z.string().nullable(),
  uses: z.number(),
  operators: z.number(),
});
export type KbUsageRow = z.infer<typeof KbUsageRow>;
