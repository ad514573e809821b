// Knowledge-base articles from markdown files (`textdesk admin kb import DIR`, `kb add --file`):
// the file name is the article's id, so importing the folder again updates the same articles;
// the title comes from the front matter or else the first heading; tags, lang and url from the
// front matter. Only the shape is read here: the server's schema checks the values.
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type ArticleFields = {
  id: string;
  title: string;
  body: string;
  tags: string[];
  lang: string | null;
  url: string | null;
};

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const FIRST_HEADING = /^[ \t]*#[ \t]+(.+?)[ \t#]*$/m;

/** The id an import gives a file: its name without `.md`, lower-cased, spaces as dashes. */
export function articleIdOf(path: string): string {
  return basename(path, extname(path)).trim().toLowerCase().replace(/\s+/g, '-');
}

/** The article a markdown file holds; throws, naming what is missing or malformed. */
export function articleFromMarkdown(path: string, text: string): ArticleFields {
  const source = text.replace(/^\uFEFF/, '');
  const front = FRONT_MATTER.exec(source);
  const meta = front ? frontMatter(front[1]) : {};
  let body = front ? source.slice(front[0].length) : source;
  let title = typeof meta.title === 'string' ? meta.title.trim() : '';
  if (!title) {
    const heading = FIRST_HEADING.exec(body);
    if (!heading) throw new Error('no title: add `title:` to the front matter or start the text with a # heading');
    title = heading[1].trim();
    // The title is shown apart from the text: the heading it came from is not repeated.
    body = body.slice(0, heading.index) + body.slice(heading.index + heading[0].length);
  }
  return {
    id: articleIdOf(path),
    title,
    body: body.trim(),
    tags: tagsOf(meta.tags),
    lang: optionalText(meta.lang, 'lang'),
    url: optionalText(meta.url, 'url'),
  };
}

function frontMatter(yaml: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(yaml);
  } catch (error) {
    throw new Error(`the front matter is not YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('the front matter must be `key: value` lines');
  return parsed as Record<string, unknown>;
}

/** `tags: [a, b]` or `tags: a, b`. */
function tagsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return splitList(value);
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number'))
    return value
      .map(String)
      .map((tag) => tag.trim())
      .filter(Boolean);
  throw new Error('tags must be a list of words: `tags: [returns, money]`');
}

function optionalText(value: unknown, name: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new Error(`${name} must be text`);
  return value.trim();
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
