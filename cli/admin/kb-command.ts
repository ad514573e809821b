// `textdesk admin kb add|set|delete|list|import`: knowledge-base articles (issue 18 §5). An
// import reads a folder of markdown files (kb-files.ts) and checks every file before it writes
// any, so a folder with one bad file changes nothing; importing it again changes nothing either.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { KbArticleInput, type KbArticleInput as ArticleInput } from '../../shared/kb-schemas';
import type { ApiClient } from '../api-client';
import { articleFromMarkdown, splitList, type ArticleFields } from './kb-files';
import { printResult } from './output';

type WithClient = (cmd: Command, run: (api: ApiClient, globals: { json: boolean }) => Promise<void>) => Promise<void>;

const LIST_COLUMNS = ['id', 'title', 'lang', 'tags', 'url'];
/** `--lang none` / `--link none` clears the field on `set`. */
const orNone = (value: string | undefined) => (value === undefined ? undefined : value === 'none' ? null : value);

type ArticleOptions = {
  id: string;
  title?: string;
  body?: string;
  file?: string;
  tags?: string[];
  lang?: string;
  link?: string;
};

function withArticleOptions(command: Command): Command {
  return (
    command
      .requiredOption('--id <id>', 'the article key, e.g. returns-policy')
      .option('--title <title>')
      .option('--body <markdown>', 'the text, in markdown')
      .option('--file <path>', 'a markdown file: its text, and title, tags, lang, url from its front matter or heading')
      .option('--tags <list>', 'comma-separated tags', splitList)
      .option('--lang <lang>', 'en|ru (none: any)')
      // Not --url: that is the server's address, which every admin command takes.
      .option('--link <url>', 'public URL the console can insert instead of a paragraph (none: no link)')
  );
}

/** The fields the options give, the file's filling in what they leave out. */
async function articleFromOptions(o: ArticleOptions): Promise<Partial<ArticleFields>> {
  const file = o.file ? articleFromMarkdown(o.file, await readFile(o.file, 'utf8')) : undefined;
  const fields: Partial<ArticleFields> = {
    title: o.title ?? file?.title,
    body: o.body ?? file?.body,
    tags: o.tags ?? file?.tags,
    lang: o.lang === undefined ? file?.lang : orNone(o.lang),
    url: o.link === undefined ? file?.url : orNone(o.link),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function registerKbCommand(admin: Command, withClient: WithClient): void {
  const kb = admin.command('kb').description('knowledge-base articles operators search and insert (Ctrl+K)');
  withArticleOptions(kb.command('add').description('add an article (--title and --body, or --file)')).action(
    (o: ArticleOptions, cmd) =>
      withClient(cmd, async (api, g) => {
        const fields = await articleFromOptions(o);
        if (!fields.title || !fields.body) throw new Error('an article needs --title and --body, or --file');
        const { body: _body, ...added } = await api.admin.kbAdd.mutate({ id: o.id, ...fields } as ArticleInput);
        printResult(added, g.json, LIST_COLUMNS);
      }),
  );
  withArticleOptions(kb.command('set').description('change the fields given of an article')).action(
    (o: ArticleOptions, cmd) =>
      withClient(cmd, async (api, g) => {
        const fields = await articleFromOptions(o);
        if (Object.keys(fields).length === 0)
          throw new Error('nothing to change: give --title, --body, --file, --tags, --lang or --link');
        const { body: _body, ...changed } = await api.admin.kbSet.mutate({ id: o.id, ...fields } as ArticleInput);
        printResult(changed, g.json, LIST_COLUMNS);
      }),
  );
  kb.command('delete')
    .description('remove an article (its uses stay counted in reports)')
    .requiredOption('--id <id>')
    .action((o: { id: string }, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.kbDelete.mutate({ id: o.id }), g.json)),
    );
  kb.command('list')
    .description('every article, without its text')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.kbList.query(), g.json, LIST_COLUMNS)),
    );
  kb.command('import')
    .description('add or update an article per markdown file of DIR (the file name is the id); again: no change')
    .argument('<dir>', 'a folder of .md files')
    .action((dir: string, _o, cmd: Command) =>
      withClient(cmd, async (api, g) => {
        const articles = await articlesOfFolder(dir);
        const results = [];
        for (const { file, article } of articles) results.push({ ...(await api.admin.kbPut.mutate(article)), file });
        printResult(results, g.json, ['id', 'result', 'file']);
      }),
    );
}

/** Every markdown file of the folder as an article, checked; throws naming every bad file. */
async function articlesOfFolder(dir: string): Promise<Array<{ file: string; article: ArticleInput }>> {
  const files = (await readdir(dir)).filter((name) => /\.(md|markdown)$/i.test(name)).sort();
  if (files.length === 0) throw new Error(`no markdown files (*.md) in ${dir}`);
  const articles: Array<{ file: string; article: ArticleInput }> = [];
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    try {
      const parsed = KbArticleInput.safeParse(articleFromMarkdown(file, await readFile(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n\s*/g, ' '));
      const twin = ids.get(parsed.data.id);
      if (twin) throw new Error(`its id "${parsed.data.id}" is also ${twin}'s: rename one`);
      ids.set(parsed.data.id, file);
      articles.push({ file, article: parsed.data });
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`nothing imported, fix these files first:\n  ${problems.join('\n  ')}`);
  return articles;
}
