// Orders templates for the picker: fuzzy match on name and text (fuzzysort), the name counting
// more; on equal scores, and when nothing is typed yet, the templates used most come first.
import fuzzysort from 'fuzzysort';
import type { Template } from '../../shared/schemas';

/** Uses per template id as the console knows them now; falls back to the server's useCount. */
export type TemplateUsage = ReadonlyMap<string, number>;

/** A match in the body is worth less than the same match in the name the operator remembers. */
const TEXT_WEIGHT = 0.8;

export function rankTemplates(templates: readonly Template[], query: string, usage: TemplateUsage): Template[] {
  const uses = (template: Template) => usage.get(template.id) ?? template.useCount;
  const byUsage = (a: Template, b: Template) => uses(b) - uses(a) || a.name.localeCompare(b.name);
  const search = query.trim();
  if (search === '') return [...templates].sort(byUsage);
  const results = fuzzysort.go(search, templates, {
    keys: ['name', 'text'],
    scoreFn: (match) => Math.max(match[0]?.score ?? 0, (match[1]?.score ?? 0) * TEXT_WEIGHT),
  });
  return [...results].sort((a, b) => b.score - a.score || byUsage(a.obj, b.obj)).map((result) => result.obj);
}
