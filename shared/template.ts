// Template text with variables, rendered the same way by the console's preview, by what it
// inserts into the composer, and by anything on the server that sends a template.
//
//   {{customer.name}}          the variable, or nothing when it is missing or blank
//   {{customer.name|there}}    the variable, or "there" when it is missing or blank
//
// Anything else between braces, and a `{{` that never closes, stays as written, so a template
// can still contain braces.
//
// The result is text to send, filled from the stored values (a customer's name as they wrote it),
// never from a screen-safe form of them: control characters are dropped by the outbound rule
// (shared/text-rules.ts), and whoever draws the result on a terminal sanitises it there.
import { outboundText } from './outbound-text';

export type TemplateVars = Record<string, string | null | undefined>;

// A name is dot-separated identifiers; the fallback runs to the first `}`.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:\|([^{}]*))?\}\}/g;

export function renderTemplate(text: string, vars: TemplateVars): string {
  return outboundText(fill(text, vars));
}

function fill(text: string, vars: TemplateVars): string {
  return text.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value !== null && value !== undefined && value.trim() !== '') return value;
    return fallback?.trim() ?? '';
  });
}

/** Variable names a template uses, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]);
  return [...names];
}
